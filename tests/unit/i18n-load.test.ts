/**
 * German and Arabic are fetched only when chosen (static/i18n), once, and what a file holds is input: a
 * value that is not a string, or a key English does not have, is left out (it reads in English). A file
 * that cannot be read leaves the language as it was.
 */
import { describe, expect, it } from 'vitest'
import { hasLanguage, language, loadLanguage, setLanguage, t } from '../../src/platform/i18n.js'
import { deFile } from '../support/languages.js'

const asset = (path: string) => `http://tv.local/static/${path}`

describe('loadLanguage', () => {
  it('nothing but English is at hand until a language is chosen; setting one not loaded keeps English', () => {
    expect(hasLanguage('en')).toBe(true)
    expect(hasLanguage('de')).toBe(false)
    setLanguage('de')
    expect(language()).toBe('en')
    expect(t('ready.title')).toBe('Ready')
  })

  it('a file that cannot be read rejects and leaves the language as it was', async () => {
    await expect(loadLanguage('ar', asset, () => Promise.reject(new Error('no answer')))).rejects.toThrow('no answer')
    expect(hasLanguage('ar')).toBe(false)
    await expect(loadLanguage('ar', asset, () => Promise.resolve('{"ready.title": '))).rejects.toThrow()
    expect(hasLanguage('ar')).toBe(false)
  })

  it('fetches the file once, from the static folder; values that are not strings and unknown keys are left out', async () => {
    const asked: string[] = []
    const hostile = { ...deFile, 'ready.signOut': 42, 'x.injected': 'nope', 'users.title': { text: 'Wer?' } }
    const load = (url: string) => (asked.push(url), Promise.resolve(JSON.stringify(hostile)))
    await loadLanguage('de', asset, load)
    await loadLanguage('de', asset, load)
    expect(asked).toEqual(['http://tv.local/static/i18n/de.json'])
    setLanguage('de')
    expect(language()).toBe('de')
    expect(t('ready.title')).toBe(deFile['ready.title'])
    // left out: English reads instead
    expect(t('ready.signOut')).toBe('Sign out')
    expect(t('users.title')).toBe("Who's watching?")
    setLanguage('en')
  })
})
