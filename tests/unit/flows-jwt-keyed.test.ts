/**
 * The kernel's fault vocabulary for plex.tv's JWT answers (plex-api.md §9), and what a TV with a device key
 * does with them: a 498 goes to the token flow (refresh, then the same call once more), never to "token
 * invalid → sign out"; a 401 on the refresh itself is a revoked device, which ends in a signed-out state
 * once, not in a loop. The account's calls go through the keyed client (flows/jwt/account.ts) on a fake clock.
 */
import { describe, expect, it } from 'vitest'
import { AccountCredential, keyedPlexTv } from '../../src/flows/jwt/account.js'
import { classifyJwtError } from '../../src/flows/jwt/effects.js'
import { classify, isTransient } from '../../src/flows/kernel/faults.js'
import { ManualVisibility } from '../../src/flows/kernel/visibility.js'
import { Pacer } from '../../src/flows/kernel/pacer.js'
import { StartupSession } from '../../src/flows/startup/startup.js'
import { LinkCodeSession } from '../../src/flows/link/session.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { Aborted, ServerError, Unauthorized } from '../../src/plex/errors.js'
import type { PlexJwtApi } from '../../src/plex/jwt.js'
import { signingInput } from '../../src/plex/jwtCodec.js'
import { KeyRejected, ThumbprintTaken, TokenExpired } from '../../src/plex/jwtErrors.js'
import { FakeClock } from '../support/fakeClock.js'
import { ACCOUNT, FakePlex } from '../support/fakePlex.js'
import { newDeviceKey } from '../sim/jwtWorld.js'

describe('classify: the JWT answers are kinds of their own', () => {
  it('498 is "token expired" on any call made with the account token: waited out, never "sign in again"', () => {
    for (const error of [new ServerError(498), new TokenExpired()]) {
      for (const call of ['getUser', 'getHomeUsers', 'getResources', 'switchHomeUser', 'jwtRegister'] as const) {
        const fault = classify(error, call)
        expect(fault).toEqual({ kind: 'tokenExpired', status: 498, retryAfterMs: null, retryable: true })
        expect(isTransient(fault.kind)).toBe(true)
      }
      // a pin carries no token: a 498 there is just an odd answer
      expect(classify(error, 'getPin')).toMatchObject({ kind: 'server', status: 498 })
    }
  })

  it('422 is a key plex.tv does not take, or a thumbprint already taken; on a poll only a stale device JWT', () => {
    expect(classify(new KeyRejected(), 'jwtAuth')).toEqual({ kind: 'keyRejected', status: 422, retryAfterMs: null, retryable: false })
    expect(classify(new ThumbprintTaken(), 'jwtRegister')).toEqual({ kind: 'thumbprintTaken', status: 422, retryAfterMs: null, retryable: false })
    expect(classify(new KeyRejected(), 'getPin')).toMatchObject({ kind: 'server', status: 422, retryable: true })
  })

  it('401 on a refresh (no token sent) is a revoked device; on a registration or /user it is a dead token', () => {
    expect(classify(new Unauthorized(), 'jwtAuth')).toEqual({ kind: 'revoked', status: 401, retryAfterMs: null, retryable: false })
    expect(classify(new Unauthorized(), 'jwtRegister')).toMatchObject({ kind: 'unauthorized', retryable: false })
    expect(classify(new Unauthorized(), 'getUser')).toMatchObject({ kind: 'unauthorized', retryable: false })
  })

  it('the token flow reads the same kinds: expired, keyRejected, thumbprintTaken, revoked, unauthorized', () => {
    expect(classifyJwtError(new ServerError(498), { kind: 'nonce' })).toEqual({ kind: 'expired' })
    expect(classifyJwtError(new KeyRejected(), { kind: 'nonce' })).toEqual({ kind: 'keyRejected' })
    expect(classifyJwtError(new ThumbprintTaken(), { kind: 'registerKey', token: 't' })).toEqual({ kind: 'thumbprintTaken' })
    expect(classifyJwtError(new Unauthorized(), { kind: 'exchange', nonce: 'n', serverNowSec: 0 })).toEqual({ kind: 'revoked' })
    expect(classifyJwtError(new Unauthorized(), { kind: 'registerKey', token: 't' })).toEqual({ kind: 'unauthorized' })
  })
})

const CLIENT_ID = 'keyed-tv-0001'
const DAY_SEC = 86400

/** A TV signed in with a Plex JWT for its key, whose plex.tv hands out new JWTs (or refuses) as scripted. */
async function keyedTv() {
  const clock = new FakeClock(Date.UTC(2026, 11, 2, 9, 0, 0))
  const plex = new FakePlex(clock)
  const store = new MemoryStore()
  const key = await newDeviceKey('fallback', () => clock.now())
  let issued = 0
  const plexJwt = () => {
    const iat = Math.floor(clock.now() / 1000)
    const token = `${signingInput({ alg: 'EdDSA', kid: 'sim', typ: 'JWT' }, { iss: 'plex.tv', aud: ['plex.tv', CLIENT_ID], iat, exp: iat + 7 * DAY_SEC, thumbprint: key.jwk.kid, n: ++issued })}.c2ln`
    plex.addToken(token)
    return token
  }
  const calls: string[] = []
  const refusals: Error[] = []
  const jwtApi: PlexJwtApi = {
    createPin: () => Promise.reject(new Error('not used')),
    pollPin: () => Promise.reject(new Error('not used')),
    getNonce: () => (calls.push('nonce'), Promise.resolve('nonce-0123456789')),
    exchange: () => {
      calls.push('exchange')
      const refusal = refusals.shift()
      return refusal ? Promise.reject(refusal) : Promise.resolve(plexJwt())
    },
    registerKey: () => Promise.resolve(),
    getKeys: () => Promise.resolve([]),
  }
  const first = plexJwt()
  const claims = { iat: Math.floor(clock.now() / 1000), exp: Math.floor(clock.now() / 1000) + 7 * DAY_SEC, thumbprint: key.jwk.kid }
  store.set(storageKeys.authToken, first)
  store.set(
    storageKeys.jwtCredential,
    JSON.stringify({ credential: { kind: 'jwt', token: first, ...claims, offsetMs: 0, receivedAt: clock.now() }, keyRegistered: true }),
  )
  const visibility = new ManualVisibility()
  const pacer = new Pacer()
  const account = new AccountCredential({ api: jwtApi, store, clientIdentifier: CLIENT_ID, clock, pacer, visibility })
  account.start(key, true)
  const client = keyedPlexTv({ plain: plex, jwtApi, account, key: Promise.resolve(key), clock, store })
  const signedOut: string[] = []
  account.onSignedOut((reason) => signedOut.push(reason))
  const startup = new StartupSession({ client, clock, store, pacer, visibility, random: () => 0.5 })
  return { clock, plex, store, account, startup, calls, refusals, first, signedOut }
}

describe('a TV with a device key', () => {
  it('routes a 498 to the refresh and makes the call once more: signed in, nothing forgotten', async () => {
    const tv = await keyedTv()
    tv.plex.failNext('getUser', new ServerError(498))
    tv.startup.start()
    await tv.clock.advanceAsync(2000)
    expect(tv.startup.state).toEqual({ kind: 'signedIn', token: tv.first, account: ACCOUNT })
    expect(tv.calls).toEqual(['nonce', 'exchange'])
    expect(tv.plex.requests.filter((r) => r.call === 'getUser')).toHaveLength(2)
    expect(tv.store.get(storageKeys.authToken)).not.toBe(tv.first)
    expect(tv.signedOut).toEqual([])
  })

  it('a revoked device (401 on the refresh) ends signed out once, with the reason, and no further refresh', async () => {
    const tv = await keyedTv()
    tv.plex.failNext('getUser', new ServerError(498))
    tv.refusals.push(new Unauthorized())
    tv.startup.start()
    await tv.clock.advanceAsync(2000)
    expect(tv.signedOut).toEqual(['revoked'])
    expect(tv.account.model?.activity).toEqual({ kind: 'signedOut', reason: 'revoked' })
    expect(tv.store.get(storageKeys.authToken)).toBeNull()
    // nothing loops: an hour later the token flow has asked for nothing more
    await tv.clock.advanceAsync(3600_000)
    expect(tv.calls).toEqual(['nonce', 'exchange'])
    expect(tv.signedOut).toEqual(['revoked'])
  })

  it('a 401 on the JWT waits for the token flow: a 422 on its refresh signs out before the call gives up', async () => {
    const tv = await keyedTv()
    tv.plex.failNext('getUser', new Unauthorized())
    tv.refusals.push(new KeyRejected())
    const seen: string[] = []
    tv.startup.subscribe((s) => seen.push(`${s.kind}${tv.signedOut.length ? ' after sign-out' : ''}`))
    tv.startup.start()
    await tv.clock.advanceAsync(2000)
    expect(tv.signedOut).toEqual(['keyRejected'])
    // the startup heard the 401 only once the token flow had decided
    expect(seen.at(-1)).toBe('needsLink after sign-out')
  })
})

/** The JWT endpoints a link uses, on FakePlex's pins: a pin with a JWK, a poll, a nonce; the rest is not used. */
function linkingJwtApi(plex: FakePlex, over: Partial<PlexJwtApi> = {}): PlexJwtApi {
  return {
    createPin: (_jwk, opts) => plex.createPin(opts),
    pollPin: (id, _deviceJwt, opts) => plex.getPin(id, opts),
    getNonce: () => Promise.resolve('nonce-0123456789'),
    exchange: () => Promise.reject(new Error('not used')),
    registerKey: () => Promise.reject(new Error('not used')),
    getKeys: () => Promise.reject(new Error('not used')),
    ...over,
  }
}

describe('pacing a keyed poll, whose call fetches a nonce before the poll leaves', () => {
  it('OK pressed all through a plex.tv outage: the polls plex.tv sees stay a second apart, from one nonce', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 2, 9, 0, 0))
    const plex = new FakePlex(clock)
    const store = new MemoryStore()
    const key = await newDeviceKey('fallback', () => clock.now())
    const nonces: number[] = []
    // the poll and the pin are plex.tv's (FakePlex); the nonce takes 300 ms to come (a slow plex.tv)
    const jwtApi = linkingJwtApi(plex, {
      getNonce: (opts) =>
        new Promise((resolve, reject) => {
          nonces.push(clock.now())
          const timer = clock.setTimeout(() => resolve('nonce-0123456789'), 300)
          opts?.signal?.addEventListener('abort', () => (clock.clearTimeout(timer), reject(new Aborted())), { once: true })
        }),
    })
    const visibility = new ManualVisibility()
    const pacer = new Pacer()
    const account = new AccountCredential({ api: jwtApi, store, clientIdentifier: CLIENT_ID, clock, pacer, visibility })
    const client = keyedPlexTv({ plain: plex, jwtApi, account, key: Promise.resolve(key), clock, store })
    const session = new LinkCodeSession({ client, clock, store, pacer, visibility, random: () => 0 })
    session.start()
    await clock.advanceAsync(10)
    expect(session.state.kind).toBe('waiting')
    plex.outage('getPin', new ServerError(503))
    for (let i = 0; i < 100; i++) {
      session.retryNow() // OK, ten times a second for ten seconds
      await clock.advanceAsync(100)
    }
    session.stop()
    const polls = plex.times('getPin')
    expect(polls.length).toBeGreaterThanOrEqual(5)
    const gaps = polls.slice(1).map((at, i) => at - polls[i]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000)
    // the nonce served every poll: a 503 is not a refused proof
    expect(nonces).toHaveLength(1)
    expect(clock.pendingTimers()).toBe(0)
  })
})

describe("a first start's code, asked with the key before IndexedDB kept it (platform/deviceKey.ts startDeviceKey)", () => {
  async function firstStart(keptIsMade: boolean) {
    const clock = new FakeClock(Date.UTC(2026, 11, 2, 9, 0, 0))
    const plex = new FakePlex(clock)
    const store = new MemoryStore()
    // both TweetNaCl here (WebCrypto's answers do not follow the fake clock); startDeviceKey makes a WebCrypto one
    const made = await newDeviceKey('fallback', () => clock.now())
    const kept = keptIsMade ? made : await newDeviceKey('fallback', () => clock.now())
    const askedWith: string[] = []
    const jwtApi = linkingJwtApi(plex, { createPin: (jwk, opts) => (askedWith.push(jwk.kid), plex.createPin(opts)) })
    const visibility = new ManualVisibility()
    const pacer = new Pacer()
    const account = new AccountCredential({ api: jwtApi, store, clientIdentifier: CLIENT_ID, clock, pacer, visibility })
    // IndexedDB answers only after the first code is on screen
    let keep!: () => void
    const keptLater = new Promise<typeof kept>((resolve) => (keep = () => resolve(kept)))
    const client = keyedPlexTv({ plain: plex, jwtApi, account, key: keptLater, pinKey: Promise.resolve(made), clock, store })
    const session = new LinkCodeSession({ client, clock, store, pacer, visibility, random: () => 0 })
    session.start()
    await clock.advanceAsync(10)
    const first = session.state.kind === 'waiting' ? session.state.code.code : null
    expect(first).not.toBeNull()
    expect(askedWith).toEqual([made.jwk.kid])
    keep()
    await clock.advanceAsync(6000)
    const now = session.state.kind === 'waiting' ? session.state.code.code : null
    session.stop()
    return { first, now, askedWith, made, kept, polls: plex.times('getPin').length }
  }

  it('the code is asked for with the key just made, and polled once that key is kept', async () => {
    const r = await firstStart(true)
    expect([r.now, r.askedWith]).toEqual([r.first, [r.made.jwk.kid]])
    expect(r.polls).toBeGreaterThan(0)
  })

  it('a reload before IndexedDB kept the key: the code asked with it is replaced at once, never polled with the next key', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 2, 9, 0, 0))
    const plex = new FakePlex(clock)
    const store = new MemoryStore() // the TV's localStorage, across the reload
    const made = await newDeviceKey('fallback', () => clock.now())
    const next = await newDeviceKey('fallback', () => clock.now())
    // plex.tv takes a pin's polls only with a device JWT signed by the key the pin was asked with (422, plex-api.md §9)
    const pinKid = new Map<number, string>()
    let refused = 0
    const jwtApi = linkingJwtApi(plex, {
      createPin: async (jwk, opts) => {
        const pin = await plex.createPin(opts)
        pinKid.set(pin.id, jwk.kid)
        return pin
      },
      pollPin: (id, deviceJwt, opts) => {
        const header = JSON.parse(Buffer.from(deviceJwt.split('.')[0]!, 'base64url').toString()) as { kid: string }
        if (header.kid === pinKid.get(id)) return plex.getPin(id, opts)
        refused++
        return Promise.reject(new KeyRejected())
      },
    })
    const start = (key: Promise<typeof made>, pinKey?: Promise<typeof made>) => {
      const visibility = new ManualVisibility()
      const pacer = new Pacer()
      const account = new AccountCredential({ api: jwtApi, store, clientIdentifier: CLIENT_ID, clock, pacer, visibility })
      const client = keyedPlexTv({ plain: plex, jwtApi, account, key, ...(pinKey ? { pinKey } : {}), clock, store })
      const session = new LinkCodeSession({ client, clock, store, pacer, visibility, random: () => 0 })
      session.start()
      return session
    }
    const shown = (session: LinkCodeSession) => (session.state.kind === 'waiting' ? session.state.code.code : null)

    // a first start asks with the key just made; the TV reloads before IndexedDB has kept it
    const first = start(new Promise(() => {}), Promise.resolve(made))
    await clock.advanceAsync(10)
    const before = shown(first)
    expect(before).not.toBeNull()
    first.stop()
    // the next start finds no key and makes another; the code from before is back on screen at once
    const second = start(Promise.resolve(next))
    expect(shown(second)).toBe(before)
    await clock.advanceAsync(6000)
    const after = shown(second)
    second.stop()
    expect(after).not.toBeNull()
    expect(after).not.toBe(before)
    expect(refused).toBe(0)
    expect(plex.times('getPin').length).toBeGreaterThan(0)
  })

  it('a key IndexedDB would not keep: that code is dropped unpolled, and a new one is asked with the kept key', async () => {
    const r = await firstStart(false)
    expect(r.askedWith).toEqual([r.made.jwk.kid, r.kept.jwk.kid])
    expect(r.now).not.toBe(r.first)
    expect(r.polls).toBeGreaterThan(0)
  })
})
