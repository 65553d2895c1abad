/**
 * The launch decision with a stored token (plex-api.md §6): 200 → signed in; 401 → forget it and link;
 * anything else → keep it, `offline`, retry with backoff. And signOut keeps the client identifier.
 */
import { describe, expect, it } from 'vitest'
import { StartupSession, signOut, type StartupState } from '../../src/flows/startup/startup.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { NetworkError, RateLimited, ServerError, Timeout } from '../../src/plex/errors.js'
import { ManualVisibility } from '../../src/flows/kernel/visibility.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { FakeClock } from '../support/fakeClock.js'
import { ALICE, FakePlexTv } from '../support/fakePlexTv.js'

const TOKEN = 'CV5xoxjTpFKUzBTShsaf'
const CLIENT_ID = '3381b62b-9ab7-4e37-827b-203e9809eb58'

function setup(token: string | null = TOKEN, visibility = new ManualVisibility()) {
  const clock = new FakeClock()
  const plex = new FakePlexTv(clock)
  const store = new MemoryStore()
  store.set(storageKeys.clientIdentifier, CLIENT_ID)
  if (token !== null) {
    store.set(storageKeys.authToken, token)
    store.set(storageKeys.selection, JSON.stringify({ account: { id: 1, title: 'Alice' } }))
  }
  const session = new StartupSession({ client: plex, clock, store, visibility, random: () => 1 })
  const states: StartupState[] = []
  session.subscribe((s) => states.push(s))
  return { clock, plex, store, session, states, visibility }
}

describe('StartupSession', () => {
  it('no stored token → needsLink, no request', () => {
    const h = setup(null)
    h.session.start()
    expect(h.session.state).toEqual({ kind: 'needsLink', reason: 'noToken' })
    expect(h.plex.requests).toHaveLength(0)
    expect(h.clock.pendingTimers()).toBe(0)
  })

  it('200 → signedIn with the account; the token stays', async () => {
    const h = setup()
    h.plex.addToken(TOKEN)
    h.session.start()
    expect(h.session.state).toEqual({ kind: 'checking', attempt: 0 })
    await h.clock.advanceAsync(0)
    expect(h.session.state).toEqual({ kind: 'signedIn', token: TOKEN, account: ALICE })
    expect(h.store.get(storageKeys.authToken)).toBe(TOKEN)
    expect(h.clock.pendingTimers()).toBe(0)
    expect(h.plex.inFlight).toBe(0)
  })

  it('401 → forgets the token and the selections made with it, keeps the client id, goes to linking', async () => {
    const h = setup()
    h.session.start()
    await h.clock.advanceAsync(0)
    expect(h.session.state).toEqual({ kind: 'needsLink', reason: 'tokenRejected' })
    expect(h.store.get(storageKeys.authToken)).toBeNull()
    expect(h.store.get(storageKeys.selection)).toBeNull()
    expect(h.store.get(storageKeys.clientIdentifier)).toBe(CLIENT_ID)
    expect(h.clock.pendingTimers()).toBe(0)
  })

  it('offline then recover: the token is kept through network errors, 5xx and timeouts, with backoff', async () => {
    const h = setup()
    h.plex.addToken(TOKEN)
    h.plex.failNext('getUser', new NetworkError(), new ServerError(503), new Timeout(10_000))
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(0)
    expect(h.session.state).toEqual({ kind: 'offline', fault: 'network', status: null, retryAt: t0 + 2_000, attempt: 1 })
    expect(h.store.get(storageKeys.authToken)).toBe(TOKEN)
    await h.clock.advanceAsync(2_000)
    expect(h.session.state).toEqual({ kind: 'offline', fault: 'server', status: 503, retryAt: t0 + 6_000, attempt: 2 })
    await h.clock.advanceAsync(4_000)
    expect(h.session.state).toEqual({ kind: 'offline', fault: 'timeout', status: null, retryAt: t0 + 14_000, attempt: 3 })
    await h.clock.advanceAsync(8_000)
    expect(h.session.state).toEqual({ kind: 'signedIn', token: TOKEN, account: ALICE })
    expect(h.plex.times('getUser').map((t) => t - t0)).toEqual([0, 2_000, 6_000, 14_000])
    expect(h.store.get(storageKeys.authToken)).toBe(TOKEN)
    // The offline state stays on screen during each retry: no flicker back to "checking".
    expect(h.states.map((s) => s.kind)).toEqual(['checking', 'offline', 'offline', 'offline', 'signedIn'])
  })

  it('a long outage never throws the token away; retryNow checks at once (a second after the last check)', async () => {
    const h = setup()
    h.plex.addToken(TOKEN)
    h.plex.outage('getUser', new NetworkError())
    h.session.start()
    await h.clock.advanceAsync(3_600_000)
    const offline = h.session.state
    expect(offline).toMatchObject({ kind: 'offline', fault: 'network' })
    expect(h.store.get(storageKeys.authToken)).toBe(TOKEN)
    // Capped at 30 s between checks: about 120 checks in an hour, not thousands.
    expect(h.plex.count('getUser')).toBeLessThan(130)
    h.plex.endOutage()
    const before = h.plex.count('getUser')
    const lastCheck = h.plex.times('getUser').at(-1)!
    h.session.retryNow()
    // in the next allowed slot: a second after the last check at the latest, not at the backoff's 15–30 s
    await h.clock.advanceAsync(Math.max(0, lastCheck + 1_000 - h.clock.now()))
    expect(h.plex.count('getUser')).toBe(before + 1)
    expect(h.session.state).toMatchObject({ kind: 'signedIn', account: ALICE })
  })

  it('429 keeps the token and waits Retry-After (retryNow too)', async () => {
    const h = setup()
    h.plex.addToken(TOKEN)
    h.plex.failNext('getUser', new RateLimited(20_000))
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(0)
    expect(h.session.state).toMatchObject({ kind: 'offline', fault: 'rateLimited', retryAt: t0 + 20_000 })
    h.session.retryNow()
    await h.clock.advanceAsync(19_999)
    expect(h.plex.count('getUser')).toBe(1)
    await h.clock.advanceAsync(1)
    expect(h.session.state.kind).toBe('signedIn')
  })

  it('a hidden page sends nothing, at start-up and while plex.tv is down; shown again, it checks', async () => {
    // Before: startup ignored visibility; hidden with plex.tv down it sent 5 requests in 30 s.
    const h = setup(TOKEN, new ManualVisibility(true))
    h.plex.addToken(TOKEN)
    h.plex.outage('getUser', new NetworkError())
    h.session.start()
    await h.clock.advanceAsync(30_000)
    expect(h.plex.requests).toHaveLength(0)
    h.visibility.set(false)
    await h.clock.advanceAsync(0)
    expect(h.plex.count('getUser')).toBe(1)
    expect(h.session.state.kind).toBe('offline')
    // hidden again during the backoff: the retry waits for the page
    h.visibility.set(true)
    await h.clock.advanceAsync(60_000)
    expect(h.plex.count('getUser')).toBe(1)
    h.plex.endOutage()
    h.visibility.set(false)
    await h.clock.advanceAsync(0)
    expect(h.session.state).toMatchObject({ kind: 'signedIn', account: ALICE })
  })

  it('stop() leaves zero timers and zero requests, in a check or in a backoff', async () => {
    const h = setup()
    h.plex.addToken(TOKEN)
    h.plex.latencyFor.getUser = 5_000
    h.session.start()
    expect(h.plex.inFlight).toBe(1)
    h.session.stop()
    expect(h.plex.inFlight).toBe(0)
    expect(h.plex.aborted).toBe(1)
    expect(h.clock.pendingTimers()).toBe(0)
    expect(h.session.state).toEqual({ kind: 'stopped' })
    expect(h.store.get(storageKeys.authToken)).toBe(TOKEN)

    h.plex.latencyFor.getUser = 0
    h.plex.failNext('getUser', new NetworkError())
    h.session.start()
    // the aborted check went out just now: the next one waits for its slot a second later
    await h.clock.advanceAsync(1_000)
    expect(h.session.state.kind).toBe('offline')
    expect(h.clock.pendingTimers()).toBe(1)
    h.session.stop()
    expect(h.clock.pendingTimers()).toBe(0)
    await h.clock.advanceAsync(60_000)
    expect(h.plex.count('getUser')).toBe(2)
  })
})

describe('signOut', () => {
  it('forgets the token, pending pins, selections and PIN attempts but keeps the client identifier and preferences', () => {
    const store = new MemoryStore()
    for (const key of Object.values(storageKeys)) store.set(key, `value-of-${key}`)
    signOut(store)
    const { clientIdentifier, deviceName, language, speech, ...account } = storageKeys
    for (const key of Object.values(account)) expect(store.get(key), key).toBeNull()
    for (const key of [clientIdentifier, deviceName, language, speech]) expect(store.get(key), key).toBe(`value-of-${key}`)
  })

  it('after signOut the startup goes to linking without asking plex.tv', () => {
    const h = setup()
    signOut(h.store)
    h.session.start()
    expect(h.session.state).toEqual({ kind: 'needsLink', reason: 'noToken' })
    expect(h.plex.requests).toHaveLength(0)
  })
})
