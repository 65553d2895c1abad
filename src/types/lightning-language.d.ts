/** The Lightning SDK's Language plugin, imported by path so node tests can load it without the whole SDK. */
declare module '@lightningjs/sdk/src/Language/index.js' {
  const Language: {
    translate(key: string, replacements?: Record<string, string | number>): string
    translations(obj: Record<string, unknown>): void
    set(language: string): Promise<void>
    get(): string | null
    available(): { code: string; name: string }[]
  }
  export default Language
}
