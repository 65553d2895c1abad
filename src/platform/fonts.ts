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
  /** Fonts installed on the platform, tried before the URLs (CSS `local()`). */
  local?: readonly string[]
  descriptors?: FontFaceDescriptors
  /** A face the platform may not have: the app starts without it. */
  optional?: boolean
}

export function loadFontsAtOnce(fonts: readonly FontSpec[], store: FontFace[]): Promise<void> {
  return Promise.all(
    fonts.map(({ family, url, urls, local, descriptors, optional }) => {
      const src = [...(local ?? []).map((name) => `local("${name}")`), ...(urls ?? (url ? [url] : [])).map((u) => `url(${u})`)].join(', ')
      const face = new FontFace(family, src, descriptors ?? {})
      store.push(face) // the SDK keeps them to remove them when the app closes
      document.fonts.add(face)
      return optional
        ? face.load().then(
            () => undefined,
            () => undefined,
          )
        : face.load()
    }),
  ).then(() => undefined)
}

/**
 * Roboto as the app ships it (static/fonts, from the npm package @fontsource/roboto 5.3, SIL OFL): per weight
 * one face per script subset, told apart by `unicode-range` (the ranges are @fontsource's), so Latin with
 * its accents (Łucja, Søren), Cyrillic (Олександра) and Greek (Ελένη) names are drawn in the app's face.
 * Every subset is loaded before the first frame: a canvas does not redraw a text when a font arrives later.
 * Scripts Roboto does not cover come from the platform: Japanese, Chinese and Korean as CJK_FACES below, the
 * rest (Arabic…) from the browser's own glyph-by-glyph fallback.
 */
const SUBSETS = {
  latin: 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  'latin-ext':
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  cyrillic: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
  greek: 'U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF',
} as const

/**
 * Where Japanese, Chinese and Korean come from: the platform's own fonts, in this order — Noto Sans CJK
 * (Debian and Raspberry Pi OS with `fonts-noto-cjk`, Android TV, many Linux TVs), Source Han Sans, then the
 * CJK faces of macOS, iOS and Windows. They are faces of the app's own families (CSS `local()`, limited to the
 * CJK ranges by `unicode-range`), so a text keeps one font name and the browser picks per glyph; a platform
 * with none of them falls back glyph by glyph to whatever it has, else draws an empty box. (A list of
 * families in every text's font instead made each text measurement parse it: 3–4× slower focus moves in
 * the component tests.)
 */
export const CJK_FACES = [
  'Noto Sans CJK JP',
  'Noto Sans CJK SC',
  'Noto Sans CJK KR',
  'Source Han Sans',
  'Hiragino Sans',
  'PingFang SC',
  'Microsoft YaHei',
  'Yu Gothic',
  'Malgun Gothic',
]

/** Hiragana, Katakana, CJK ideographs, Hangul, fullwidth forms and CJK punctuation. */
const CJK_RANGE = 'U+2E80-2FFF,U+3000-30FF,U+3100-31FF,U+3200-33FF,U+3400-4DBF,U+4E00-9FFF,U+A960-A97F,U+AC00-D7FF,U+F900-FAFF,U+FE30-FE4F,U+FF00-FFEF'

/** Every font face the app loads, with URLs made by `asset` (the SDK's Utils.asset). */
export function appFonts(asset: (path: string) => string): FontSpec[] {
  const roboto = (family: string, weight: 400 | 700): FontSpec[] =>
    Object.entries(SUBSETS).map(([subset, unicodeRange]) => ({ family, url: asset(`fonts/roboto-${subset}-${weight}-normal.woff`), descriptors: { unicodeRange } }))
  const cjk = (family: string, weight: 400 | 700): FontSpec => ({ family, local: CJK_FACES, descriptors: { unicodeRange: CJK_RANGE, weight: String(weight) }, optional: true })
  return [...roboto('Regular', 400), cjk('Regular', 400), ...roboto('Bold', 700), cjk('Bold', 700), { family: 'Mono', url: asset('fonts/roboto-mono-latin-700-normal.woff') }]
}
