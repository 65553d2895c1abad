/**
 * The Lightning SDK starts the app only once its fonts are loaded, and its own loader fetches them one
 * after another (a chain of FontFace.load() calls in @lightningjs/sdk src/Application). Nothing can be
 * drawn before the last one arrives, so a TV waits for three round trips in a row before the link code
 * can even be asked for. This loader, handed to the SDK as `platformSettings.fontLoader`, asks for
 * every font at once.
 */
export interface FontSpec {
  family: string
  url?: string
  urls?: string[]
  descriptors?: FontFaceDescriptors
}

export function loadFontsAtOnce(fonts: readonly FontSpec[], store: FontFace[]): Promise<void> {
  return Promise.all(
    fonts.map(({ family, url, urls, descriptors }) => {
      const src = (urls ?? (url ? [url] : [])).map((u) => `url(${u})`).join(', ')
      const face = new FontFace(family, src, descriptors ?? {})
      store.push(face) // the SDK keeps them to remove them when the app closes
      document.fonts.add(face)
      return face.load()
    }),
  ).then(() => undefined)
}

/**
 * Roboto as the app ships it (static/fonts, from the npm package @fontsource/roboto 5.3, SIL OFL): per weight
 * one face per script subset, told apart by `unicode-range` (the ranges are @fontsource's), so Latin with
 * its accents (Łucja, Søren), Cyrillic (Олександра) and Greek (Ελένη) names are drawn in the app's face.
 * Every subset is loaded before the first frame: a canvas does not redraw a text when a font arrives later.
 * Scripts Roboto does not cover (Arabic, Japanese, Chinese, Korean…) come from the platform: see FALLBACK_FACES.
 */
const SUBSETS = {
  latin: 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  'latin-ext': 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  cyrillic: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
  greek: 'U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF',
} as const

/**
 * The faces after Roboto, in order, for the scripts it lacks: Noto (Debian, Raspberry Pi OS with
 * `fonts-noto-cjk`, Android TV, most Linux TVs), then the names macOS, Windows and Korean TVs use, then
 * whatever sans-serif the platform has. A glyph no face has is drawn as an empty box.
 */
export const FALLBACK_FACES = [
  'Noto Sans',
  'Noto Sans Arabic',
  'Noto Sans CJK JP',
  'Noto Sans CJK SC',
  'Noto Sans CJK KR',
  'Hiragino Sans',
  'PingFang SC',
  'Microsoft YaHei',
  'Apple SD Gothic Neo',
  'sans-serif',
]

/** Every font face the app loads, with URLs made by `asset` (the SDK's Utils.asset). */
export function appFonts(asset: (path: string) => string): FontSpec[] {
  const roboto = (family: string, weight: 400 | 700): FontSpec[] =>
    Object.entries(SUBSETS).map(([subset, unicodeRange]) => ({ family, url: asset(`fonts/roboto-${subset}-${weight}-normal.woff`), descriptors: { unicodeRange } }))
  return [...roboto('Regular', 400), ...roboto('Bold', 700), { family: 'Mono', url: asset('fonts/roboto-mono-latin-700-normal.woff') }]
}
