/**
 * The simulator's JWT device authentication against a client built from plex-api.md §9's sources
 * (tests/sim/jwtClient.ts follows python-plexapi's MyPlexJWTLogin step by step).
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'
import { PlexJwtTestClient } from './jwtClient.js'

let now = Date.UTC(2026, 10, 22, 17, 3, 5)
const clockSec = () => Math.floor(now / 1000)
let sim: RunningSimulator
let n = 0
const client = (opts: { clock?: () => number; scopes?: string[] } = {}) =>
  new PlexJwtTestClient(sim.url, `jwt-test-client-${++n}`, opts.clock ?? clockSec, opts.scopes)
const ownerToken = () => sim.fixtures.accounts.find((a) => a.key === 'owner')!.token
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.url}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
  return (await res.json()) as Record<string, unknown>
}

/** A client that went through Option A: pin with JWK, linked as the owner, Plex JWT in hand. */
async function linkedClient(opts: { scopes?: string[] } = {}): Promise<PlexJwtTestClient> {
  const c = client(opts)
  await c.createPin()
  expect(await sim.link(c.code!, 'owner')).toBe(204)
  expect(await c.checkLogin()).toEqual({ status: 200, linked: true })
  return c
}

beforeAll(async () => {
  sim = await startSimulator({ now: () => now })
})
afterAll(() => sim.close())
beforeEach(async () => {
  await sim.reset()
})

describe('Option A: a pin with a JWK, polled with a device JWT (§9 A, A2)', () => {
  it('gives a 4-character pin for a JSON {jwk} body; authToken stays null until linked, then is a Plex JWT', async () => {
    const c = client()
    await c.createPin()
    expect(c.code).toMatch(/^[A-Z0-9]{4}$/)
    expect(await c.checkLogin()).toEqual({ status: 200, linked: false })
    now += 3000
    expect(await sim.link(c.code!, 'owner')).toBe(204)
    expect(await c.checkLogin()).toEqual({ status: 200, linked: true })
    expect(c.jwtToken!.split('.')).toHaveLength(3)
    expect(c.jwtToken!.length).toBeGreaterThan(200)
    // python-plexapi keeps sending the same device JWT; a later poll gets the same token again
    const again = c.jwtToken
    c.jwtToken = null
    await c.checkLogin()
    expect(c.jwtToken).toBe(again)
  })

  it('"strong": true gives the 25-character code (the app.plex.tv/auth flow)', async () => {
    const c = client()
    const res = await c.request('POST', '/api/v2/pins', { json: { jwk: c.publicJwk, strong: true } })
    expect([res.status, String(res.body!.code)]).toEqual([201, expect.stringMatching(/^[a-z0-9]{25}$/)])
  })

  it('the Plex JWT verifies against /auth/keys with the claims python-plexapi requires, user limited by scope', async () => {
    const c = await linkedClient({ scopes: ['username', 'email'] })
    const claims = await c.decodePlexJWT()
    const owner = sim.fixtures.accounts.find((a) => a.key === 'owner')!.user
    expect(claims).toMatchObject({ iss: 'plex.tv', aud: ['plex.tv', c.clientIdentifier], thumbprint: c.kid, iat: clockSec() })
    expect(claims.exp).toBe(clockSec() + 7 * 24 * 3600)
    expect(claims.user).toEqual({ username: owner.username, email: owner.email })
    // a key that is not plex.tv's does not verify it (python-plexapi's #1577 test)
    const keys = (await c.request('GET', '/api/v2/auth/keys')).body!
    expect(keys).toEqual({ keys: [expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) })] })
  })

  it('the Plex JWT works as X-Plex-Token on user, resources, home and pins/link; a JWK pin polled without deviceJWT shows no token', async () => {
    const c = await linkedClient()
    const user = await c.request('GET', '/api/v2/user', { token: c.jwtToken! })
    expect([user.status, user.body!.username]).toEqual([200, 'alexplex'])
    expect((await c.request('GET', '/api/v2/resources', { token: c.jwtToken! })).status).toBe(200)
    const home = await c.request('GET', '/api/v2/home/users', { token: c.jwtToken! })
    expect([home.status, (home.body!.users as unknown[]).length]).toEqual([200, 5])
    // a phone signed in with a Plex JWT links another device's code (PUT /pins/link, §4)
    const other = client()
    const legacyPin = (await other.request('POST', '/api/v2/pins')).body!
    const link = await fetch(`${sim.url}/api/v2/pins/link`, { method: 'PUT', headers: { ...c.headers({ 'X-Plex-Token': c.jwtToken! }), 'Content-Type': 'application/x-www-form-urlencoded' }, body: `code=${String(legacyPin.code)}` })
    expect(link.status).toBe(204)
    const bare = await c.request('GET', `/api/v2/pins/${c.pinId}`)
    expect([bare.status, bare.body!.authToken]).toEqual([200, null])
    // the log names whose token it was, never the token
    const log = await sim.log()
    expect(log.find((e) => e.path === '/api/v2/user')).toMatchObject({ status: 200, as: 'Alex' })
    expect(JSON.stringify(log)).not.toContain(c.jwtToken!)
  })

  it('422 for a device JWT signed by another key, with another iss, aud, kid, or an unknown nonce; the pin stays pollable', async () => {
    const c = client()
    await c.createPin()
    await sim.link(c.code!, 'owner')
    const nonce = await c.nonce()
    const other = generateKeyPairSync('ed25519').privateKey
    const bad = [
      c.signDeviceJwt(nonce, {}, {}, other),
      c.signDeviceJwt(nonce, { iss: 'someone-else' }),
      c.signDeviceJwt(nonce, { aud: 'example.com' }),
      c.signDeviceJwt(nonce, {}, { kid: 'not-my-kid' }),
      c.signDeviceJwt('7c415b56-8f48-488a-98ab-847ef4460442'),
      'not.a.jwt',
    ]
    for (const jwt of bad) {
      c.deviceJwt = jwt
      const res = await c.checkLogin()
      expect(res).toEqual({ status: 422, linked: false })
    }
    c.deviceJwt = c.signDeviceJwt(nonce)
    expect(await c.checkLogin()).toEqual({ status: 200, linked: true })
  })

  it('422 "thumbprint already taken" when another client identifier brings a registered key', async () => {
    const first = await linkedClient()
    const thief = new PlexJwtTestClient(sim.url, 'jwt-thief-0001', clockSec, undefined, { privateKey: first.privateKey })
    const res = await thief.request('POST', '/api/v2/pins', { json: { jwk: thief.publicJwk } })
    expect(res.status).toBe(422)
    expect(JSON.stringify(res.body)).toContain('Thumbprint already taken')
    expect((await thief.registerDevice(ownerToken())).status).toBe(422)
  })

  it('400 for a JWK that is not an Ed25519 public key', async () => {
    const c = client()
    for (const jwk of [{ ...c.publicJwk, crv: 'P-256' }, { ...c.publicJwk, x: 'short' }, { ...c.publicJwk, kid: undefined }, { ...c.publicJwk, d: 'secret' }]) {
      expect((await c.request('POST', '/api/v2/pins', { json: { jwk } })).status).toBe(400)
    }
  })
})

describe('Refresh: nonce → device JWT → /auth/token (§9 C1–C3)', () => {
  it('exchanges a fresh device JWT for a new Plex JWT ({"auth_token"}); the nonce is single-use', async () => {
    const c = await linkedClient()
    const first = c.jwtToken
    now += 1000
    const nonce = await c.nonce()
    const jwt = c.signDeviceJwt(nonce)
    const res = await c.request('POST', '/api/v2/auth/token', { json: { jwt } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body!)).toEqual(['auth_token'])
    c.jwtToken = String(res.body!.auth_token)
    expect(c.jwtToken).not.toBe(first)
    expect((await c.decodePlexJWT()).thumbprint).toBe(c.kid)
    const replay = await c.request('POST', '/api/v2/auth/token', { json: { jwt } })
    expect(replay.status).toBe(422)
    // the pin's nonce, once used to hand out the pin's token, is not good for an exchange either
    const pinReplay = await c.request('POST', '/api/v2/auth/token', { json: { jwt: c.deviceJwt } })
    expect(pinReplay.status).toBe(422)
  })

  it('a nonce lives 5 minutes; a device JWT may live at most 5 minutes and must not have expired', async () => {
    const c = await linkedClient()
    const stale = await c.nonce()
    now += 301_000
    expect((await c.request('POST', '/api/v2/auth/token', { json: { jwt: c.signDeviceJwt(stale) } })).status).toBe(422)
    const long = c.signDeviceJwt(await c.nonce(), { exp: clockSec() + 3600 })
    expect((await c.request('POST', '/api/v2/auth/token', { json: { jwt: long } })).status).toBe(422)
    const expired = c.signDeviceJwt(await c.nonce(), { iat: clockSec() - 400, exp: clockSec() - 100 })
    expect((await c.request('POST', '/api/v2/auth/token', { json: { jwt: expired } })).status).toBe(422)
    const noExp = c.signDeviceJwt(await c.nonce(), { exp: undefined })
    expect((await c.request('POST', '/api/v2/auth/token', { json: { jwt: noExp } })).status).toBe(422)
    expect((await c.refreshJWT()).status).toBe(200)
  })

  it('498 once a Plex JWT expires (jwtLifetimeSec), and an expired one is refreshed all the same', async () => {
    await control('POST', '/__sim/config', { jwtLifetimeSec: 60 })
    expect(await control('GET', '/__sim/jwt')).toMatchObject({ jwtLifetimeSec: 60 })
    expect(await control('POST', '/__sim/config', { jwtLifetimeSec: -1 })).toEqual({ error: 'jwtLifetimeSec must be a number of seconds >= 0' })
    const c = await linkedClient()
    expect((await c.decodePlexJWT()).exp).toBe(clockSec() + 60)
    now += 61_000
    const expired = await c.request('GET', '/api/v2/user', { token: c.jwtToken! })
    expect(expired.status).toBe(498)
    now += 14 * 24 * 3600_000 // two weeks off
    expect((await c.refreshJWT()).status).toBe(200)
    expect((await c.request('GET', '/api/v2/user', { token: c.jwtToken! })).status).toBe(200)
    await sim.reset()
    expect((await control('GET', '/__sim/jwt')).jwtLifetimeSec).toBe(7 * 24 * 3600)
  })

  it('nonce: 422 without a client identifier, 429 past ten a minute from one client', async () => {
    const bare = await fetch(`${sim.url}/api/v2/auth/nonce`, { headers: { Accept: 'application/json' } })
    expect(bare.status).toBe(422)
    const c = client()
    for (let i = 0; i < 10; i++) await c.nonce()
    expect((await c.request('GET', '/api/v2/auth/nonce')).status).toBe(429)
    now += 60_001
    expect((await c.request('GET', '/api/v2/auth/nonce')).status).toBe(200)
  })

  it('400 without a jwt; 422 for a client identifier that registered no key', async () => {
    const c = client()
    expect((await c.request('POST', '/api/v2/auth/token', { json: {} })).status).toBe(400)
    expect((await c.refreshJWT()).status).toBe(422)
  })

  it('a revoked device: its Plex JWT answers 401 and its refresh 422', async () => {
    const c = await linkedClient()
    expect(await control('POST', '/__sim/jwt/revoke', { clientIdentifier: c.clientIdentifier })).toEqual({ revoked: true })
    expect((await c.request('GET', '/api/v2/user', { token: c.jwtToken! })).status).toBe(401)
    expect((await c.refreshJWT()).status).toBe(422)
  })
})

describe('Option B: migration of a legacy token (§9 B, §13.11)', () => {
  it('registers the key with the legacy token (201), exchanges it, and the legacy token then stops working for that device', async () => {
    const c = client()
    const legacy = ownerToken()
    expect((await c.request('GET', '/api/v2/user', { token: legacy })).status).toBe(200)
    expect((await c.registerDevice(legacy)).status).toBe(201)
    // registering alone does not end the legacy token
    expect((await c.request('GET', '/api/v2/user', { token: legacy })).status).toBe(200)
    expect((await c.refreshJWT()).status).toBe(200)
    expect((await c.decodePlexJWT()).thumbprint).toBe(c.kid)
    expect((await c.request('GET', '/api/v2/user', { token: legacy })).status).toBe(401)
    expect((await c.request('GET', '/api/v2/user', { token: c.jwtToken! })).status).toBe(200)
    // the refusal is this device's: another device's copy of the account token is untouched
    const other = client()
    expect((await other.request('GET', '/api/v2/user', { token: legacy })).status).toBe(200)
    expect(await control('GET', '/__sim/jwt')).toMatchObject({
      devices: [{ clientIdentifier: c.clientIdentifier, kid: c.kid, accountKey: 'owner', registeredWithLegacyToken: true, exchanged: true, revoked: false }],
    })
  })

  it('401 for /auth/jwk without a good token; a JWT may register a new key for its own device', async () => {
    const c = client()
    expect((await c.registerDevice('not-a-token')).status).toBe(401)
    const linked = await linkedClient()
    const rotated = new PlexJwtTestClient(sim.url, linked.clientIdentifier, clockSec)
    expect((await rotated.registerDevice(linked.jwtToken!)).status).toBe(201)
    expect((await rotated.refreshJWT()).status).toBe(200)
  })
})

describe('hosts (plex-api.md §0: the JWT endpoints are documented on clients.plex.tv)', () => {
  it('a client on clients.plex.tv links and refreshes there, and its Plex JWT works on plex.tv', async () => {
    const c = new PlexJwtTestClient(sim.clientsUrl, 'jwt-clients-host-1', clockSec)
    await c.createPin()
    await sim.link(c.code!, 'owner')
    expect(await c.checkLogin()).toEqual({ status: 200, linked: true })
    expect((await c.refreshJWT()).status).toBe(200)
    const onPlexTv = new PlexJwtTestClient(sim.url, c.clientIdentifier, clockSec, undefined, { privateKey: c.privateKey })
    expect((await onPlexTv.request('GET', '/api/v2/user', { token: c.jwtToken! })).status).toBe(200)
    const hosts = (await sim.log()).filter((e) => e.path.startsWith('/api/v2/auth/')).map((e) => e.host)
    expect(new Set(hosts)).toEqual(new Set(['clients.plex.tv']))
  })
})

describe('clockSkewSec applies to JWT times (§9, plex-api.md §0 Date)', () => {
  it('Plex JWTs carry plex.tv’s time; a device signing with a clock an hour behind is refused', async () => {
    await sim.setClockSkew(3600)
    const plexClock = () => clockSec() + 3600
    const honest = client({ clock: plexClock })
    await honest.createPin()
    await sim.link(honest.code!, 'owner')
    expect(await honest.checkLogin()).toEqual({ status: 200, linked: true })
    expect((await honest.decodePlexJWT()).iat).toBe(plexClock())
    const behind = new PlexJwtTestClient(sim.url, honest.clientIdentifier, clockSec, undefined, { privateKey: honest.privateKey })
    expect((await behind.refreshJWT()).status).toBe(422)
    expect((await honest.refreshJWT()).status).toBe(200)
  })
})
