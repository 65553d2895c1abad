/**
 * The JWT token flow (src/flows/jwt) on a fake clock against the real simulator: the reducer's requests are
 * performed with the real wire client and device key, one after another, and time moves only when a test
 * jumps it (the simulator runs on the same fake clock). No real waiting.
 */
import { describe, expect, it } from 'vitest'
import type { LogEntry } from '../../sim/index.js'
import { classifyJwtError, performJwtCall } from '../../src/flows/jwt/effects.js'
import {
  initialJwtModel,
  jwtFacts,
  jwtRequest,
  jwtWakeAt,
  reduceJwt,
  RATE_LIMIT_MIN_MS,
  type Credential,
  type JwtEvent,
  type JwtModel,
} from '../../src/flows/jwt/tokenLifecycle.js'
import type { DeviceKey } from '../../src/platform/deviceKey.js'
import { ServerError, Unauthorized } from '../../src/plex/errors.js'
import { createPlexJwtClient, signDeviceJwt, type PlexJwtApi } from '../../src/plex/jwt.js'
import { readPlexJwt } from '../../src/plex/jwtCodec.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import { newDeviceKey, simOnFakeClock, tvIdentity as identity } from '../sim/jwtWorld.js'

const DAY = 86400_000
const world = simOnFakeClock(Date.UTC(2026, 11, 2, 9, 0, 0))
const { clock } = world
let n = 0

interface Tv {
  clientIdentifier: string
  key: DeviceKey
  api: PlexJwtApi
  model: JwtModel
  /** Every credential the wiring would have written, in order (the one storage slot). */
  written: (Credential | null)[]
}

const legacyToken = () => world.sim.fixtures.accounts.find((a) => a.key === 'owner')!.token

async function tv(stored: { credential: Credential | null; keyRegistered: boolean } = { credential: null, keyRegistered: false }, key?: DeviceKey, clientIdentifier = `jwt-flow-${++n}`): Promise<Tv> {
  const k = key ?? (await newDeviceKey('webcrypto', () => clock.now))
  return { clientIdentifier, key: k, api: createPlexJwtClient({ baseUrl: world.sim.url, identity: identity(clientIdentifier), timeoutMs: 3000 }), model: initialJwtModel(stored), written: [] }
}

function dispatch(t: Tv, event: JwtEvent): void {
  const before = t.model.credential
  t.model = reduceJwt(t.model, event)
  if (t.model.credential !== before) t.written.push(t.model.credential)
}

/** What the kernel runner does, minus timers: perform every wanted request until none is wanted. */
async function settle(t: Tv): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const wanted = jwtRequest(t.model, clock.now)
    if (!wanted) return
    try {
      const toEvent = await performJwtCall(wanted.seq, wanted.call, t)
      dispatch(t, toEvent(clock.now))
    } catch (e) {
      dispatch(t, { type: 'failed', seq: wanted.seq, at: clock.now, fault: classifyJwtError(e, wanted.call), random: 0.5 })
    }
  }
  throw new Error('the flow kept asking for requests: a loop')
}

/** Moves the fake clock to the flow's next wake-up and delivers the timer. */
async function wake(t: Tv): Promise<void> {
  const at = jwtWakeAt(t.model)
  if (at === null) throw new Error('the flow wants no wake-up')
  clock.now = Math.max(clock.now, at)
  dispatch(t, { type: 'timer', at: clock.now })
  await settle(t)
}

/** Option A as the link screen will do it, then the flow takes over the Plex JWT. */
async function linkWithKey(t: Tv): Promise<void> {
  const pin = await t.api.createPin(t.key.jwk)
  await world.sim.link(pin.code, 'owner')
  const deviceJwt = await signDeviceJwt(t.key, { nonce: await t.api.getNonce(), clientIdentifier: t.clientIdentifier, serverNowSec: Math.floor(Date.parse(pin.createdAt) / 1000) })
  const token = (await t.api.pollPin(pin.id, deviceJwt)).authToken!
  dispatch(t, { type: 'linked', at: clock.now, token, claims: readPlexJwt(token, t.clientIdentifier)! })
  dispatch(t, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
  await settle(t)
}

/** The flow is refreshing for `reason`; once settled, plex.tv takes the new Plex JWT. */
async function refreshesAndWorks(t: Tv, reason: string): Promise<void> {
  expect(t.model.activity).toEqual({ kind: 'fetchingNonce', reason })
  await settle(t)
  expect(await userStatus(t, jwtOf(t)!.token)).toBe(200)
}

const jwtOf = (t: Tv) => (t.model.credential?.kind === 'jwt' ? t.model.credential : null)
const userStatus = async (t: Tv, token: string) => {
  const res = await fetch(`${world.sim.url}/api/v2/user`, { headers: { Accept: 'application/json', 'X-Plex-Client-Identifier': t.clientIdentifier, 'X-Plex-Token': token } })
  return res.status
}
const authCalls = (log: LogEntry[]) => log.filter((e) => e.path.startsWith('/api/v2/auth/')).map((e) => `${e.method} ${e.path} ${e.status}`)

describe('refresh by itself', () => {
  it('before the Plex JWT expires: at three quarters of its 7 days, one nonce and one exchange', async () => {
    const t = await tv()
    await linkWithKey(t)
    const first = jwtOf(t)!
    expect(t.model.activity).toEqual({ kind: 'idle' })
    expect(jwtWakeAt(t.model)).toBe(clock.now + 0.75 * 7 * DAY)
    await world.sim.clearLog()
    await wake(t)
    const second = jwtOf(t)!
    expect(second.token).not.toBe(first.token)
    expect(second.exp).toBe(Math.floor(clock.now / 1000) + 7 * 86400)
    expect(authCalls(await world.sim.log())).toEqual(['GET /api/v2/auth/nonce 200', 'POST /api/v2/auth/token 200'])
    expect(await userStatus(t, second.token)).toBe(200)
    expect(jwtFacts(t.model)).toEqual({ kind: 'jwt', expiresAt: clock.now + 7 * DAY, refreshedAt: clock.now })
  })

  it('on a 498 from another call, and after two weeks off at start (an expired JWT is refreshed all the same)', async () => {
    await fetch(`${world.sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ jwtLifetimeSec: 3600 }) })
    const t = await tv()
    await linkWithKey(t)
    clock.now += 3601_000
    const plexTv = createPlexTvClient({ baseUrl: world.sim.url, identity: identity(t.clientIdentifier), timeoutMs: 3000 })
    const err = await plexTv.getUser(jwtOf(t)!.token).then(() => null, (e: unknown) => e)
    expect((err as ServerError).status).toBe(498)
    expect(classifyJwtError(err, { kind: 'nonce' })).toEqual({ kind: 'expired' })
    dispatch(t, { type: 'rejectedElsewhere', at: clock.now, status: 498 })
    await refreshesAndWorks(t, 'expired')

    // two weeks off: the app starts again from what was kept
    clock.now += 14 * DAY
    const restarted = await tv({ credential: t.model.credential, keyRegistered: true }, t.key, t.clientIdentifier)
    dispatch(restarted, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
    await refreshesAndWorks(restarted, 'expired')
  })

  it('a transient fault backs off (a 429 at least 5 s), then the refresh goes through', async () => {
    const t = await tv()
    await linkWithKey(t)
    clock.now = jwtWakeAt(t.model)!
    await world.sim.addFault({ path: '/api/v2/auth/nonce', kind: 'rateLimit' })
    dispatch(t, { type: 'timer', at: clock.now })
    await settle(t)
    const a = t.model.activity
    expect(a.kind).toBe('backingOff')
    expect(a.kind === 'backingOff' && a.until - clock.now).toBeGreaterThanOrEqual(RATE_LIMIT_MIN_MS)
    const before = jwtOf(t)!.token
    await wake(t)
    expect(jwtOf(t)!.token).not.toBe(before)
  })
})

describe('refusals end in a clear state, never a loop', () => {
  it('422 on a refresh (device revoked): signed out, credential dropped, nothing more asked for', async () => {
    const t = await tv()
    await linkWithKey(t)
    await fetch(`${world.sim.url}/__sim/jwt/revoke`, { method: 'POST', body: JSON.stringify({ clientIdentifier: t.clientIdentifier }) })
    await world.sim.clearLog()
    await wake(t)
    expect(t.model.activity).toEqual({ kind: 'signedOut', reason: 'keyRejected' })
    expect(t.model.credential).toBeNull()
    expect(t.written.at(-1)).toBeNull()
    expect(jwtRequest(t.model, clock.now)).toBeNull()
    expect(jwtWakeAt(t.model)).toBeNull()
    dispatch(t, { type: 'timer', at: clock.now + DAY })
    dispatch(t, { type: 'rejectedElsewhere', at: clock.now + DAY, status: 401 })
    expect(jwtRequest(t.model, clock.now)).toBeNull()
    expect(authCalls(await world.sim.log())).toEqual(['GET /api/v2/auth/nonce 200', 'POST /api/v2/auth/token 422'])
  })

  it('a 401 on a fresh token signs out at once; a 401 on an older one tries one refresh first', async () => {
    const t = await tv()
    await linkWithKey(t)
    clock.now += 60_000
    dispatch(t, { type: 'rejectedElsewhere', at: clock.now, status: 401 })
    expect(t.model.activity).toEqual({ kind: 'fetchingNonce', reason: 'recover' })
    await settle(t)
    expect(t.model.activity).toEqual({ kind: 'idle' })
    clock.now += 1000
    dispatch(t, { type: 'rejectedElsewhere', at: clock.now, status: 401 })
    expect(t.model.activity).toEqual({ kind: 'signedOut', reason: 'unauthorized' })
  })

  it('the key the JWT is bound to is gone: signed out at start, no refresh tried', async () => {
    const t = await tv()
    await linkWithKey(t)
    const other = await tv({ credential: t.model.credential, keyRegistered: true }, undefined, t.clientIdentifier)
    dispatch(other, { type: 'start', at: clock.now, keyKid: other.key.jwk.kid, migrate: true })
    expect(other.model.activity).toEqual({ kind: 'signedOut', reason: 'keyLost' })
    dispatch(other, { type: 'start', at: clock.now, keyKid: null, migrate: true })
    expect(jwtRequest(other.model, clock.now)).toBeNull()
  })
})

describe('migration of a legacy token', () => {
  it('registers the key, exchanges, and the JWT replaces the legacy token in one write', async () => {
    const t = await tv({ credential: { kind: 'legacy', token: legacyToken() }, keyRegistered: false })
    dispatch(t, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
    expect(t.model.activity).toEqual({ kind: 'registering' })
    await settle(t)
    expect(t.written.map((c) => c?.kind)).toEqual(['jwt'])
    expect(t.model.keyRegistered).toBe(true)
    expect(await userStatus(t, legacyToken())).toBe(401)
    expect(await userStatus(t, jwtOf(t)!.token)).toBe(200)
  })

  it('a failure half-way (the exchange answers 503) leaves the TV signed in with the legacy token, then completes', async () => {
    const t = await tv({ credential: { kind: 'legacy', token: legacyToken() }, keyRegistered: false })
    await world.sim.addFault({ path: '/api/v2/auth/token', kind: 'status', status: 503 })
    dispatch(t, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
    await settle(t)
    expect(t.model.activity.kind).toBe('backingOff')
    expect(t.model.credential).toEqual({ kind: 'legacy', token: legacyToken() })
    expect(await userStatus(t, legacyToken())).toBe(200)
    await wake(t)
    expect(t.written.map((c) => c?.kind)).toEqual(['jwt'])
    expect(await userStatus(t, jwtOf(t)!.token)).toBe(200)
  })

  it('the JWT lost between the exchange and the write: the legacy token’s 401 is answered with a refresh by key', async () => {
    const t = await tv({ credential: { kind: 'legacy', token: legacyToken() }, keyRegistered: false })
    dispatch(t, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
    // run the migration up to the exchange, which plex.tv carries out, but the TV goes off before its answer lands
    for (;;) {
      const wanted = jwtRequest(t.model, clock.now)!
      const toEvent = await performJwtCall(wanted.seq, wanted.call, t)
      if (wanted.call.kind === 'exchange') break
      dispatch(t, toEvent(clock.now))
    }
    const kept = { credential: t.model.credential, keyRegistered: t.model.keyRegistered }
    expect(kept).toEqual({ credential: { kind: 'legacy', token: legacyToken() }, keyRegistered: true })
    expect(await userStatus(t, legacyToken())).toBe(401)
    const restarted = await tv(kept, t.key, t.clientIdentifier)
    dispatch(restarted, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: false })
    expect(restarted.model.activity).toEqual({ kind: 'idle' })
    const plexTv = createPlexTvClient({ baseUrl: world.sim.url, identity: identity(t.clientIdentifier), timeoutMs: 3000 })
    expect(await plexTv.getUser(legacyToken()).then(() => null, (e: unknown) => e)).toBeInstanceOf(Unauthorized)
    dispatch(restarted, { type: 'rejectedElsewhere', at: clock.now, status: 401 })
    await refreshesAndWorks(restarted, 'recover')
  })

  it('plex.tv refusing the key (thumbprint taken) keeps the legacy token and does not try again this run', async () => {
    const first = await tv()
    await linkWithKey(first)
    const t = await tv({ credential: { kind: 'legacy', token: legacyToken() }, keyRegistered: false }, first.key)
    dispatch(t, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
    await settle(t)
    expect(t.model).toMatchObject({ activity: { kind: 'idle' }, migrationRefused: true, credential: { kind: 'legacy' } })
    expect(t.written).toEqual([])
    dispatch(t, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
    expect(jwtRequest(t.model, clock.now)).toBeNull()
    expect(await userStatus(t, legacyToken())).toBe(200)
    expect(jwtFacts(t.model)).toEqual({ kind: 'legacy', expiresAt: null, refreshedAt: null })
  })

  it('a legacy token refused with no key registered: signed out (back to linking)', async () => {
    const t = await tv({ credential: { kind: 'legacy', token: 'dead-token-0000000000' }, keyRegistered: false })
    dispatch(t, { type: 'start', at: clock.now, keyKid: t.key.jwk.kid, migrate: true })
    await settle(t)
    expect(t.model.activity).toEqual({ kind: 'signedOut', reason: 'unauthorized' })
    expect(jwtFacts(t.model).kind).toBe('none')
  })
})
