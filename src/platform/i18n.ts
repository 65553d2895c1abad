/**
 * Languages, through the Lightning SDK's Language plugin: the dictionaries in src/i18n are loaded into it,
 * each language laid over English so a key a translation lacks reads in English (never as a bare key).
 * The language follows settings (`language`), else the platform (navigator.languages), else English.
 * Arabic is right-to-left: the App mirrors its layout (`rtl`), while link codes and PIN digits stay
 * left-to-right (their elements set `rtl: false`).
 */
import Language from '@lightningjs/sdk/src/Language/index.js'
import { ar } from '../i18n/ar.js'
import { de } from '../i18n/de.js'
import { en, type Dictionary, type StringKey } from '../i18n/en.js'

export const LANGUAGES = {
  en: { name: 'English', rtl: false, dictionary: en as Partial<Dictionary> },
  de: { name: 'Deutsch', rtl: false, dictionary: de },
  ar: { name: 'العربية', rtl: true, dictionary: ar },
} as const

export type LanguageCode = keyof typeof LANGUAGES

export function isLanguageCode(code: string): code is LanguageCode {
  return Object.prototype.hasOwnProperty.call(LANGUAGES, code)
}

/** A translation laid over English: every key it lacks reads in English. */
export function overEnglish(dictionary: Partial<Dictionary>): Dictionary {
  return { ...en, ...dictionary }
}

Language.translations({
  meta: { default: 'en', names: Object.fromEntries(Object.entries(LANGUAGES).map(([code, l]) => [code, l.name])) },
  ...Object.fromEntries(Object.entries(LANGUAGES).map(([code, l]) => [code, overEnglish(l.dictionary)])),
})
void Language.set('en')
let current: LanguageCode = 'en'

/** The setting when it names a language we have; else the first platform language we have; else English. */
export function chooseLanguage(setting: string, platformLanguages: readonly string[]): LanguageCode {
  for (const candidate of [setting, ...platformLanguages]) {
    const base = candidate.toLowerCase().split(/[-_]/)[0] ?? ''
    if (isLanguageCode(base)) return base
  }
  return 'en'
}

/** Switches the dictionary (synchronously: the dictionaries are in memory). */
export function setLanguage(code: LanguageCode): void {
  current = code
  void Language.set(code)
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
