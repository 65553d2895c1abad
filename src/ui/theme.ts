/**
 * Colours and type sizes for a 10-foot screen, designed at 1920×1080 (the SDK scales to 720p with
 * precision 2/3). Body text ≥ 28 px, the link code ≥ 120 px, focus shown by scale and colour.
 */
export const colors = {
  background: 0xff0e1116,
  panel: 0xff1a1f27,
  panelFocused: 0xff2a313c,
  cell: 0xff222833,
  text: 0xffffffff,
  textDim: 0xffb4bcc8,
  textFaint: 0xff8a93a0,
  accent: 0xffe5a00d,
  accentDark: 0xff6b4b06,
  ok: 0xff5cc98a,
  warn: 0xffffb347,
  error: 0xffff6b6b,
  barTrack: 0xff2b323d,
  /** A neutral chip ("12 ms", "Managed", the padlock): apart from the background and the focused panel alike. */
  chip: 0xff3b4452,
  white: 0xffffffff,
  black: 0xff000000,
} as const

/** The app's font families (src/platform/fonts.ts: Roboto's subsets, then the platform's CJK faces). */
export const fonts = {
  regular: 'Regular',
  bold: 'Bold',
  mono: 'Mono',
} as const

export const sizes = {
  title: 60,
  heading: 44,
  body: 36,
  small: 30,
  hint: 28,
  code: 168,
} as const

export const layout = {
  width: 1920,
  height: 1080,
  /** Left and right edge of the content. */
  margin: 120,
  /** The title-safe area: nothing is drawn within 5 % of an edge (96 px left and right, 54 px top and bottom). */
  safeX: 96,
  safeY: 54,
} as const

/** Height of the key-hint bar (a 28 px key cap with its padding). */
export const FOOTER_H = 46
/** The key-hint bar and the line beside it sit on the title-safe line at the bottom. */
export const FOOTER_Y = layout.height - layout.safeY - FOOTER_H
/** The width between the margins. */
export const CONTENT_W = layout.width - 2 * layout.margin

/**
 * Avatar circles behind a Home user's initials (while the picture loads, or when it fails). Picked by a
 * hash of the name, so a person keeps their colour; the initials carry the meaning, the colour only helps.
 * Each is dark enough for white initials.
 */
export const avatarColors = [0xff8e4b1f, 0xff2f6f4f, 0xff2b5c8a, 0xff6d3f8c, 0xff8a3a4c, 0xff4f6127, 0xff1f6a73, 0xff7a5a12] as const

/**
 * What every full screen starts with: the whole stage. The background colour is the stage's clear
 * colour (src/index.ts), not a quad of its own: Lightning redraws the whole stage for any change, and on
 * a TV that renders in software a blended 1920×1080 quad was a third of every frame (bench, focus figure).
 */
export function screenBackdrop() {
  return { w: layout.width, h: layout.height }
}

/** The big title at the top left (top right in a right-to-left UI). */
export function screenTitle(text: string) {
  return { x: layout.margin, y: 90, text: { text, fontFace: fonts.bold, fontSize: sizes.title, textColor: colors.text } }
}

/** "12 of 40" at the top right of a list that scrolls: says there is more than the screen shows. */
export function screenPosition() {
  return { x: layout.width - layout.margin, y: 110, mountX: 1, text: { text: '', fontFace: fonts.regular, fontSize: sizes.small, textColor: colors.textDim } }
}

/** The clipped area a list or grid scrolls in, with `pad` room around it for a focused (scaled) item. */
export function scrollViewport(y: number, h: number, pad: number) {
  return { x: layout.margin - pad, y, w: layout.width - 2 * layout.margin + 2 * pad, h, clipping: true }
}
