/**
 * Remote keys → Lightning key names. Lightning calls `_handle{Name}` on the focus path.
 * Digits are not mapped: screens that take digits read them in `_handleKey` via `digitOf`.
 */
export type KeyMap = Record<number, string>

/** Arrows, OK and Back as every browser, TV and set-top box here sends them. */
export const baseKeyMap: KeyMap = {
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  13: 'Enter',
  // Back: Backspace and Escape on a keyboard (and HDMI-CEC remotes in Chromium on a Pi send Backspace),
  // 10009 on Samsung Tizen, 461 on LG webOS; Android TV browsers send Escape / "GoBack".
  8: 'Back',
  27: 'Back',
  10009: 'Back',
  461: 'Back',
}

/** The digit a key event carries (main row, numpad, or a remote's number keys), or null. */
export function digitOf(event: { keyCode?: number; key?: string }): number | null {
  if (event.key && /^[0-9]$/.test(event.key)) return Number(event.key)
  const code = event.keyCode ?? -1
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 96 && code <= 105) return code - 96
  return null
}
