/**
 * The JWT wire client (src/plex/jwt.ts) against the real simulator over HTTP, signing with the real device
 * key code (src/platform/deviceKey.ts): both key kinds complete the journey; each refusal arrives typed.
 */
import { webcrypto } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { DeviceKey } from '../../src/platform/deviceKey.js'
import { PinExpired, RateLimited, ServerError, Unauthorized } from '../../src/plex/errors.js'
import { createPlexJwtClient, refreshPlexJwt, signDeviceJwt, type PlexJwtApi } from '../../src/plex/jwt.js'
import { base64UrlDecode, base64UrlEncode, looksLikeJwt, readPlexJwt } from '../../src/plex/jwtCodec.js'
import { KeyRejected, ThumbprintTaken, TokenExpired } from '../../src/plex/jwtErrors.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import { newDeviceKey, simOnFakeClock, tvIdentity as identity } from '../sim/jwtWorld.js'

const world = simOnFakeClock(Date.UTC(2026, 11, 2, 8, 0, 0))
const { clock } = world
const nowSec = () => Math.floor(clock.now / 1000)
let n = 0

const device = async (kind: 'webcrypto' | 'fallback' = 'webcrypto') => {
  const clientIdentifier = `jwt-wire-${kind}-${++n}`
  return { clientIdentifier, key: await newDeviceKey(kind, () => clock.now), api: createPlexJwtClient({ baseUrl: world.sim.url, identity: identity(clientIdentifier), timeoutMs: 3000 }) }
}
const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e)

/** Option A with the wire client: pin with the JWK, poll with a device JWT, link, Plex JWT. */
async function link(d: { clientIdentifier: string; key: DeviceKey; api: PlexJwtApi }): Promise<string> {
  const pin = await d.api.createPin(d.key.jwk)
  const serverNowSec = Math.floor(Date.parse(pin.createdAt) / 1000)
  const deviceJwt = await signDeviceJwt(d.key, { nonce: await d.api.getNonce(), clientIdentifier: d.clientIdentifier, serverNowSec })
  expect((await d.api.pollPin(pin.id, deviceJwt)).authToken).toBeNull()
  expect(await world.sim.link(pin.code, 'owner')).toBe(204)
  const token = (await d.api.pollPin(pin.id, deviceJwt)).authToken!
  expect(looksLikeJwt(token)).toBe(true)
  return token
}

describe('the journey with each kind of key', () => {
  for (const kind of ['webcrypto', 'fallback'] as const) {
    it(`${kind}: links with the key, reads the Plex JWT, refreshes it, and plex.tv takes it as X-Plex-Token`, async () => {
      const d = await device(kind)
      const token = await link(d)
      const claims = readPlexJwt(token, d.clientIdentifier)!
      expect(claims).toEqual({ iat: nowSec(), exp: nowSec() + 7 * 86400, thumbprint: d.key.jwk.kid, username: 'alexplex' })
      clock.now += 6 * 86400_000
      const refreshed = await refreshPlexJwt(d.api, d.key, { clientIdentifier: d.clientIdentifier, serverNowSec: nowSec() })
      expect(readPlexJwt(refreshed, d.clientIdentifier)!.exp).toBe(nowSec() + 7 * 86400)
      const plexTv = createPlexTvClient({ baseUrl: world.sim.url, identity: identity(d.clientIdentifier), timeoutMs: 3000 })
      expect((await plexTv.getUser(refreshed)).username).toBe('alexplex')
      const keys = await d.api.getKeys()
      expect(keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519' })])
    })
  }

  it('migration: the legacy token registers the key, the exchange ends the legacy token', async () => {
    const d = await device()
    const legacy = world.sim.fixtures.accounts.find((a) => a.key === 'owner')!.token
    const plexTv = createPlexTvClient({ baseUrl: world.sim.url, identity: identity(d.clientIdentifier), timeoutMs: 3000 })
    await d.api.registerKey(d.key.jwk, legacy)
    expect((await plexTv.getUser(legacy)).username).toBe('alexplex')
    const jwt = await refreshPlexJwt(d.api, d.key, { clientIdentifier: d.clientIdentifier, serverNowSec: nowSec() })
    expect(await rejection(plexTv.getUser(legacy))).toBeInstanceOf(Unauthorized)
    expect((await plexTv.getUser(jwt)).username).toBe('alexplex')
  })
})

describe('typed errors', () => {
  it('498 → TokenExpired on a JWT endpoint (plexTvClient itself still reads it as ServerError 498)', async () => {
    await fetch(`${world.sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ jwtLifetimeSec: 10 }) })
    const d = await device()
    const token = await link(d)
    clock.now += 11_000
    expect(await rejection(d.api.registerKey(d.key.jwk, token))).toBeInstanceOf(TokenExpired)
    const plexTv = createPlexTvClient({ baseUrl: world.sim.url, identity: identity(d.clientIdentifier), timeoutMs: 3000 })
    const err = await rejection(plexTv.getUser(token))
    expect(err).toBeInstanceOf(ServerError)
    expect((err as ServerError).status).toBe(498)
  })

  it('422 → KeyRejected for a key plex.tv does not know, a replayed nonce, or a device JWT from a wrong clock', async () => {
    const d = await device()
    expect(await rejection(refreshPlexJwt(d.api, d.key, { clientIdentifier: d.clientIdentifier, serverNowSec: nowSec() }))).toBeInstanceOf(KeyRejected)
    await link(d)
    const nonce = await d.api.getNonce()
    const jwt = await signDeviceJwt(d.key, { nonce, clientIdentifier: d.clientIdentifier, serverNowSec: nowSec() })
    await d.api.exchange(jwt)
    expect(await rejection(d.api.exchange(jwt))).toBeInstanceOf(KeyRejected)
    const late = await signDeviceJwt(d.key, { nonce: await d.api.getNonce(), clientIdentifier: d.clientIdentifier, serverNowSec: nowSec() - 3600 })
    expect(await rejection(d.api.exchange(late))).toBeInstanceOf(KeyRejected)
  })

  it('422 thumbprint taken → ThumbprintTaken; 401 → Unauthorized; 404 → PinExpired; 429 → RateLimited', async () => {
    const first = await device()
    await link(first)
    const copy = createPlexJwtClient({ baseUrl: world.sim.url, identity: identity('jwt-wire-copycat'), timeoutMs: 3000 })
    expect(await rejection(copy.createPin(first.key.jwk))).toBeInstanceOf(ThumbprintTaken)
    expect(await rejection(copy.registerKey(first.key.jwk, world.sim.fixtures.accounts[0]!.token))).toBeInstanceOf(ThumbprintTaken)
    const d = await device()
    expect(await rejection(d.api.registerKey(d.key.jwk, 'not-a-token'))).toBeInstanceOf(Unauthorized)
    const pin = await d.api.createPin(d.key.jwk)
    clock.now += 901_000
    const jwt = await signDeviceJwt(d.key, { nonce: await d.api.getNonce(), clientIdentifier: d.clientIdentifier, serverNowSec: nowSec() })
    expect(await rejection(d.api.pollPin(pin.id, jwt))).toBeInstanceOf(PinExpired)
    for (let i = 0; i < 9; i++) await d.api.getNonce()
    expect(await rejection(d.api.getNonce())).toBeInstanceOf(RateLimited)
  })
})

describe('the JWT codec (no Buffer: runs on TV engines)', () => {
  it('base64url matches node for every length, and refuses what is not base64url', () => {
    for (let len = 0; len < 70; len++) {
      const bytes = webcrypto.getRandomValues(new Uint8Array(len))
      const text = base64UrlEncode(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64url'))
      expect(base64UrlDecode(text)).toEqual(bytes)
    }
    expect(base64UrlDecode('ab+c')).toBeNull()
    expect(base64UrlDecode('abcde')).toBeNull()
  })

  it('readPlexJwt refuses tokens that are not plex.tv JWTs for this client', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const good = { iss: 'plex.tv', aud: ['plex.tv', 'tv-1'], iat: 10, exp: 20, thumbprint: 'k' }
    const jwt = (payload: unknown, header: unknown = { alg: 'EdDSA' }) => `${enc(header)}.${enc(payload)}.c2ln`
    expect(readPlexJwt(jwt(good), 'tv-1')).toEqual({ iat: 10, exp: 20, thumbprint: 'k', username: null })
    expect(readPlexJwt(jwt({ ...good, iss: 'evil' }), 'tv-1')).toBeNull()
    expect(readPlexJwt(jwt({ ...good, aud: 'other' }), 'tv-1')).toBeNull()
    expect(readPlexJwt(jwt({ ...good, exp: '20' }), 'tv-1')).toBeNull()
    expect(readPlexJwt(jwt(good, { alg: 'none' }), 'tv-1')).toBeNull()
    expect(readPlexJwt('owner-token-AAAAAAAAAAAA', 'tv-1')).toBeNull()
  })
})
