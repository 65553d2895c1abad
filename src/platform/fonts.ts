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
