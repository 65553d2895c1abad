/** Diagnostics' sign-in line (issue 16 item 7): the kind, expiry and last refresh of the credential — never the token. */
import { describe, expect, it } from 'vitest'
import { diagnosticsModel } from '../../src/ui/diagnosticsWords.js'
import { loadCredential } from '../../src/flows/jwt/account.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { storageKeys } from '../../src/platform/storageKeys.js'

const facts = { deviceName: 'TV', clientIdentifier: 'abcdefghijkl', version: '1', platform: 'x', renderer: 'WebGL' as const, errors: [], linkUrl: 'plex.tv/link' }

describe('Diagnostics sign-in line', () => {
  it('names a Plex JWT with its expiry and last refresh, without the token', () => {
    const exp = Date.UTC(2026, 11, 9, 10, 0, 0)
    const model = diagnosticsModel({ kind: 'idle' }, { ...facts, signIn: { kind: 'jwt', expiresAt: exp, refreshedAt: exp - 7 * 86_400_000 } })
    const line = model.facts.find((f) => f.label === 'Sign-in')
    expect(line?.value).toMatch(/^Plex JWT, expires 2026-12-09 \d\d:00:00, refreshed 2026-12-02 \d\d:00:00$/)
  })
  it('says a legacy token does not expire, and says nothing when the app passes no credential facts', () => {
    expect(diagnosticsModel({ kind: 'idle' }, { ...facts, signIn: { kind: 'legacy', expiresAt: null, refreshedAt: null } }).facts.find((f) => f.label === 'Sign-in')?.value).toBe('Plex token (does not expire)')
    expect(diagnosticsModel({ kind: 'idle' }, facts).facts.some((f) => f.label === 'Sign-in')).toBe(false)
  })
})

describe('loadCredential', () => {
  it('keeps a stored JWT credential only while it is still the account token; an older token is legacy', () => {
    const store = new MemoryStore()
    const credential = { kind: 'jwt', token: 'a.b.c', iat: 1, exp: 2, thumbprint: 'k', offsetMs: 0, receivedAt: 5 }
    store.set(storageKeys.jwtCredential, JSON.stringify({ credential, keyRegistered: true }))
    store.set(storageKeys.authToken, 'a.b.c')
    expect(loadCredential(store)).toEqual({ credential, keyRegistered: true })
    store.set(storageKeys.authToken, 'legacy-token')
    expect(loadCredential(store)).toEqual({ credential: { kind: 'legacy', token: 'legacy-token' }, keyRegistered: true })
    store.remove(storageKeys.authToken)
    expect(loadCredential(store)).toEqual({ credential: null, keyRegistered: false })
  })
})
