/**
 * Remote keys → Lightning key names, chosen at start-up for the platform the app runs on. Lightning calls
 * `_handle{Name}` on the focus path. Digits are not mapped: screens that take digits (PIN pad, device
 * name, the 0 for diagnostics) read them in `_handleKey` via `digitOf`, from the main row, the numpad or
 * a remote's number keys alike.
 *
 * Where the codes come from:
 *  - Samsung Tizen: Back is 10009, Exit 10182, colour keys 403–406; number and colour keys reach a web
 *    app only after `tizen.tvinputdevice.registerKeyBatch` (Samsung Developers, "Remote Control Key Codes"
 *    and the TVInputDevice API);
 *  - LG webOS: Back is 461, colour keys 403–406 (webOS TV developer guide, "Remote Control Key Codes");
 *  - Android TV / Fire TV browsers and WebViews: the remote's Back arrives as keyCode 4 (KEYCODE_BACK) or,
 *    in Chromium-based browsers, as BrowserBack 166; Escape on some;
 *  - RDK / WPE set-top boxes: Back as Backspace (8) or Escape (27);
 *  - HDMI-CEC remotes on a Raspberry Pi (cec-client / the kernel's CEC input → uinput): "Return/Back"
 *    becomes KEY_BACK, which Chromium delivers as BrowserBack (166); "Exit" as Escape.
 */
import type { DetectedPlatform } from './identity.js'

export type KeyMap = Record<number, string>

/** Arrows, OK and a keyboard's Back (Backspace, Escape): everywhere. */
export const baseKeyMap: KeyMap = {
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  13: 'Enter',
  8: 'Back',
  27: 'Back',
  // BrowserBack: Chromium's name for a remote's or a CEC remote's Back key
  166: 'Back',
}

export type RemoteFamily = 'tizen' | 'webos' | 'android' | 'desktop'

/** Which remote a device has, from what identity.ts detected. */
export function remoteFamily(platform: Pick<DetectedPlatform, 'platform' | 'device'>): RemoteFamily {
  if (platform.platform === 'Tizen') return 'tizen'
  if (platform.platform === 'webOS') return 'webos'
  if (platform.platform === 'Android') return 'android'
  return 'desktop'
}

const COLOUR_KEYS: KeyMap = { 403: 'Red', 404: 'Green', 405: 'Yellow', 406: 'Blue' }

const FAMILY_KEYS: Record<RemoteFamily, KeyMap> = {
  tizen: { 10009: 'Back', 10182: 'Exit', ...COLOUR_KEYS },
  webos: { 461: 'Back', ...COLOUR_KEYS },
  android: { 4: 'Back' },
  // desktop browsers, RDK/WPE boxes and Pi kiosks: the base map; 10009 and 461 are kept so a TV whose
  // user agent we do not recognise still gets its Back key
  desktop: { 10009: 'Back', 461: 'Back' },
}

export function keyMapFor(family: RemoteFamily): KeyMap {
  return { ...baseKeyMap, ...FAMILY_KEYS[family] }
}

/** The digit a key event carries (main row, numpad, or a remote's number keys), or null. */
export function digitOf(event: { keyCode?: number; key?: string }): number | null {
  if (event.key && /^[0-9]$/.test(event.key)) return Number(event.key)
  const code = event.keyCode ?? -1
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 96 && code <= 105) return code - 96
  return null
}

interface TizenLike {
  tvinputdevice?: { registerKeyBatch(keys: string[], ok?: () => void, fail?: (e: unknown) => void): void }
  application?: { getCurrentApplication(): { exit(): void } }
}
interface WebOsLike {
  platformBack?: () => void
}
/**
 * `webOS` exists only where LG's webOSTV.js library is loaded (we do not ship it); every webOS web app has
 * the platform's own `PalmSystem`, whose `platformBack()` webOSTV.js wraps (it leaves the app).
 */
type PlatformWindow = { tizen?: TizenLike; webOS?: WebOsLike; PalmSystem?: WebOsLike; close?: () => void }

/** Tizen delivers number and colour keys to a web app only once registered; elsewhere nothing to do. */
export function registerPlatformKeys(win: PlatformWindow): string[] {
  const input = win.tizen?.tvinputdevice
  if (!input) return []
  const keys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'ColorF0Red', 'ColorF1Green', 'ColorF2Yellow', 'ColorF3Blue', 'Exit']
  try {
    input.registerKeyBatch(keys, undefined, () => undefined)
  } catch {
    return [] // an old firmware without the batch call: the arrows, OK and Back still work
  }
  return keys
}

/**
 * How to leave the app where the platform lets a web app exit (Tizen, webOS), or null where it does not
 * (a browser tab, a kiosk): then no "Exit" is offered.
 */
export function platformExit(win: PlatformWindow): (() => void) | null {
  const app = win.tizen?.application
  if (app) return () => app.getCurrentApplication().exit()
  const webOS = [win.webOS, win.PalmSystem].find((o) => typeof o?.platformBack === 'function')
  if (webOS) return () => webOS.platformBack?.()
  return null
}
