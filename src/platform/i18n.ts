/**
 * Languages, through the Lightning SDK's Language plugin. English is built in (src/i18n/en.ts); German and
 * Arabic are JSON files under static/i18n, fetched only when chosen (issue 15 item 4: a TV that shows
 * English does not download them), each laid over English so a key a translation lacks reads in English
 * (never as a bare key). tests/unit/i18n.test.ts checks every key and placeholder of the files against English.
 * The language follows what was chosen on the TV, else settings (`language`), else the platform
 * (navigator.languages), else English. Arabic is right-to-left: the App mirrors its layout (`rtl`), while
 * link codes and PIN digits stay left-to-right (their elements set `rtl: false`).
 */
import Language from '@lightningjs/sdk/src/Language/index.js'
import { en, type Dictionary, type StringKey } from '../i18n/en.js'

export const LANGUAGES = {
  en: { name: 'English', rtl: false, file: null },
  de: { name: 'Deutsch', rtl: false, file: 'i18n/de.json' },
  ar: { name: 'العربية', rtl: true, file: 'i18n/ar.json' },
} as const

export type LanguageCode = keyof typeof LANGUAGES

export function isLanguageCode(code: string): code is LanguageCode {
  return Object.prototype.hasOwnProperty.call(LANGUAGES, code)
}

/** A translation laid over English: every key it lacks reads in English. */
export function overEnglish(dictionary: Partial<Dictionary>): Dictionary {
  return { ...en, ...dictionary }
}

/** The dictionaries at hand, each laid over English. */
const dictionaries: Partial<Record<LanguageCode, Dictionary>> = { en }

function register(): void {
  Language.translations({ meta: { default: 'en', names: Object.fromEntries(Object.entries(LANGUAGES).map(([code, l]) => [code, l.name])) }, ...dictionaries })
}

register()
void Language.set('en')
let current: LanguageCode = 'en'

/**
 * What a language file holds, checked as input: only the keys English has, each a string (anything else is
 * left out and reads in English).
 */
export function dictionaryFrom(json: unknown): Partial<Dictionary> {
  const out: Partial<Dictionary> = {}
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return out
  for (const key of Object.keys(en) as StringKey[]) {
    const value = (json as Record<string, unknown>)[key]
    if (typeof value === 'string') out[key] = value
  }
  return out
}

/** Makes a language's dictionary available (its file's contents). Tests and the loader below use it. */
export function provideLanguage(code: LanguageCode, dictionary: Partial<Dictionary>): void {
  dictionaries[code] = overEnglish(dictionary)
  register()
  void Language.set(current)
}

export function hasLanguage(code: LanguageCode): boolean {
  return dictionaries[code] !== undefined
}

/** Reads a file of the app's static folder (XMLHttpRequest: the oldest TV engines have no fetch). */
export type TextLoader = (url: string) => Promise<string>

export const loadText: TextLoader = (url) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('GET', url)
    xhr.timeout = 10_000
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve(xhr.responseText) : reject(new Error(`${url}: ${xhr.status}`)))
    xhr.onerror = xhr.ontimeout = () => reject(new Error(`${url}: no answer`))
    xhr.send()
  })

/**
 * Fetches a language's file once (a language at hand resolves at once). `asset` turns the file's path into
 * its URL (the SDK's Utils.asset). Rejects when the file cannot be read; the language then stays as it was.
 */
export async function loadLanguage(code: LanguageCode, asset: (path: string) => string, load: TextLoader = loadText): Promise<void> {
  const file = LANGUAGES[code].file
  if (hasLanguage(code) || file === null) return
  const text = await load(asset(file))
  provideLanguage(code, dictionaryFrom(JSON.parse(text)))
}

/** The setting when it names a language we have; else the first platform language we have; else English. */
export function chooseLanguage(setting: string, platformLanguages: readonly string[]): LanguageCode {
  for (const candidate of [setting, ...platformLanguages]) {
    const base = candidate.toLowerCase().split(/[-_]/)[0] ?? ''
    if (isLanguageCode(base)) return base
  }
  return 'en'
}

/** Switches to a language at hand (synchronously); one not loaded yet (see `loadLanguage`) leaves English on. */
export function setLanguage(code: LanguageCode): void {
  current = hasLanguage(code) ? code : 'en'
  void Language.set(current)
}

export function language(): LanguageCode {
  return current
}

export function isRtl(): boolean {
  return LANGUAGES[current].rtl
}

/** The string for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: StringKey, vars?: Record<string, string | number>): string {
  if (vars === undefined) return Language.translate(key)
  // the plugin fills placeholders with String.replace: a "$" in a name must stay a "$"
  const safe = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, isolate(String(v)).replace(/\$/g, '$$$$')]))
  return Language.translate(key, safe)
}

/** Unicode's first-strong isolate and its end (UAX #9, supported by canvas text in current engines). */
export const FSI = '\u2068'
export const PDI = '\u2069'

/**
 * In a right-to-left language every filled-in value is a bidi isolate that takes its direction from its
 * own first letter: an address ("127.0.0.1:32480/link"), a code, a time or a Latin name keeps reading
 * left to right inside an Arabic sentence instead of being reordered by it (".link/127.0.0.1:…"), and
 * an Arabic name keeps reading right to left. Left-to-right languages get the value as it is.
 */
export function isolate(value: string): string {
  return LANGUAGES[current].rtl && value !== '' ? FSI + value + PDI : value
}
