/**
 * Languages: German and Arabic translate every English string with the same placeholders (a missing or
 * broken key fails here), a missing key reads in English rather than as a key, the language follows the
 * setting, then the platform, then English, and words come out of the SDK's Language plugin.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { en, type StringKey } from '../../src/i18n/en.js'
import { chooseLanguage, isRtl, LANGUAGES, overEnglish, setLanguage, t } from '../../src/platform/i18n.js'
import { lastSeenWords } from '../../src/ui/pickerWords.js'
import { arFile, deFile } from '../support/languages.js'
import { provideAllLanguages } from '../support/provideLanguages.js'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

beforeAll(provideAllLanguages)
afterEach(() => setLanguage('en'))

describe.each([
  ['de', deFile],
  ['ar', arFile],
])('%s is complete', (_code, dictionary) => {
  it('has every English key, no key English lacks, and the same placeholders', () => {
    const keys = Object.keys(en) as StringKey[]
    expect(keys.filter((k) => !(k in dictionary))).toEqual([])
    expect(Object.keys(dictionary).filter((k) => !(k in en))).toEqual([])
    for (const k of keys) expect([k, placeholders(dictionary[k] ?? '')]).toEqual([k, placeholders(en[k])])
    expect(Object.values(dictionary).every((v) => typeof v === 'string' && v !== '')).toBe(true)
  })

  it('translates: no sentence is left in English (names, codes and key caps aside)', () => {
    const same = (Object.keys(en) as StringKey[]).filter((k) => dictionary[k] === en[k] && /[a-z]{4,}\s+[a-z]{3,}/i.test(en[k]))
    expect(same).toEqual([])
  })
})

describe('t() through the Language plugin', () => {
  it('fills placeholders, in the chosen language, and a "$" in a name stays a "$"', () => {
    expect(t('link.linkedAs', { name: 'Alex' })).toBe('Linked as Alex')
    setLanguage('de')
    expect(t('link.linkedAs', { name: 'Alex' })).toBe('Verbunden als Alex')
    expect(t('users.switching', { name: '$am & $1' })).toBe('Wechsel zu $am & $1 …')
    setLanguage('ar')
    expect(t('ready.title')).toBe('جاهز')
    expect(isRtl()).toBe(true)
  })

  it('in Arabic an address, a code or a time filled into a sentence stays left to right (a bidi isolate); in German it is left as it is', () => {
    setLanguage('ar')
    const sentence = t('diag.causeCode', { url: '127.0.0.1:32480/link' })
    // first-strong isolate … pop directional isolate: the browser lays the address out on its own, left to right
    expect(sentence).toContain('\u2068127.0.0.1:32480/link\u2069')
    expect(t('link.linkedAs', { name: 'محمد' })).toContain('\u2068محمد\u2069')
    setLanguage('de')
    expect(t('diag.causeCode', { url: '127.0.0.1:32480/link' })).toContain(' 127.0.0.1:32480/link ein.')
  })

  it('a key a translation lacks reads in English, never as the key', () => {
    const partial = overEnglish({ 'ready.title': 'Prêt' })
    expect(partial['ready.title']).toBe('Prêt')
    expect(partial['ready.signOut']).toBe('Sign out')
  })

  it('words built from parts are translated too', () => {
    setLanguage('de')
    expect(lastSeenWords('2026-11-20T11:00:00Z', Date.parse('2026-11-23T12:00:00Z'))).toBe('vor 3 Tagen')
  })
})

describe('chooseLanguage', () => {
  it('the setting first, then the platform languages (region ignored), then English', () => {
    expect(chooseLanguage('ar', ['de-DE'])).toBe('ar')
    expect(chooseLanguage('', ['fr-FR', 'de-AT', 'en-US'])).toBe('de')
    expect(chooseLanguage('xx', ['ar_EG'])).toBe('ar')
    expect(chooseLanguage('', ['fr-FR', 'ja'])).toBe('en')
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'de', 'ar'])
  })
})
