/**
 * "Who is watching" (plex-api.md §8, §13.9): show-or-auto-pick, switching, the PIN pad inside the flow,
 * 1041 on an unprotected user, failures that stay on the picker, and stop() leaving nothing behind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decidePicker, type HomeUsersState } from '../../src/flows/home/reducer.js'
import { HomeUsersSession } from '../../src/flows/home/session.js'
import { loadSelection } from '../../src/flows/launch/selection.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { NetworkError, RateLimited, ServerError, Unauthorized } from '../../src/plex/errors.js'
import type { HomeUser } from '../../src/plex/types.js'
import { MemoryStore, type KeyValueStore } from '../../src/platform/storage.js'
import { FakeClock } from '../support/fakeClock.js'
import { ACCOUNT_TOKEN, FakePlex, homeUser } from '../support/fakePlex.js'

const ACCOUNT = { id: 1001, uuid: 'owner0uuid', title: 'Alice' }
const OWNER = homeUser('owner0uuid', 'Alice', { admin: true, protected: true, username: 'alice' })
const KIDS = homeUser('kids0uuid', 'Kids', { restricted: true, restrictionProfile: 'little_kid' })
const TEEN = homeUser('teen0uuid', 'Teen', { restricted: true })
const OWNER_PIN = '8264'

/** A store that records every write, so a test can inspect everything that ever reached storage. */
class RecordingStore implements KeyValueStore {
  readonly inner = new MemoryStore()
  readonly writes: Array<{ key: string; value: string }> = []
  get(key: string): string | null {
    return this.inner.get(key)
  }
  set(key: string, value: string): void {
    this.writes.push({ key, value })
    this.inner.set(key, value)
  }
  remove(key: string): void {
    this.inner.remove(key)
  }
}

function setup(users: HomeUser[], opts: { store?: KeyValueStore; latencyMs?: number } = {}) {
  const clock = new FakeClock()
  const plex = new FakePlex(clock)
  plex.users = users
  plex.pins.set(OWNER.uuid, OWNER_PIN)
  plex.latencyMs = opts.latencyMs ?? 50
  const session = new HomeUsersSession({
    client: plex,
    clock,
    account: ACCOUNT,
    accountToken: ACCOUNT_TOKEN,
    store: opts.store ?? new MemoryStore(),
    random: () => 1,
  })
  const states: HomeUsersState[] = []
  session.subscribe((s) => states.push(s))
  return { clock, plex, session, states, store: opts.store }
}

/** Types a PIN and waits a second, as a person would (and as the one-request-a-second pacing needs). */
async function typePin(h: ReturnType<typeof setup>, pin: string): Promise<void> {
  for (const ch of pin) h.session.pinDigit(Number(ch))
  await h.clock.advanceAsync(1_000)
}

afterEach(() => vi.restoreAllMocks())

describe('decidePicker', () => {
  it('shows the picker for several users or a protected one; picks a lone unprotected user', () => {
    expect(decidePicker([])).toEqual({ kind: 'noHome' })
    expect(decidePicker([KIDS])).toEqual({ kind: 'autoPick', user: KIDS })
    expect(decidePicker([OWNER])).toEqual({ kind: 'showPicker' })
    expect(decidePicker([{ ...OWNER, protected: false }, KIDS])).toEqual({ kind: 'showPicker' })
  })
})

describe('HomeUsersSession', () => {
  it('a lone unprotected user who is the account is picked with the account token, no switch', async () => {
    const h = setup([{ ...OWNER, protected: false }])
    h.session.start()
    expect(h.session.state).toEqual({ kind: 'loading' })
    await h.clock.advanceAsync(100)
    expect(h.session.state).toEqual({ kind: 'ready', user: { uuid: OWNER.uuid, title: 'Alice', protected: false, thumb: OWNER.thumb }, userToken: ACCOUNT_TOKEN, via: 'auto' })
    expect(h.plex.count('switchHomeUser')).toBe(0)
  })

  it('a lone unprotected user who is not the account is switched to without a PIN', async () => {
    const h = setup([KIDS])
    h.session.start()
    await h.clock.advanceAsync(200)
    expect(h.session.state).toMatchObject({ kind: 'ready', userToken: h.plex.tokenFor(KIDS.uuid), via: 'auto' })
    expect(h.plex.requests.filter((r) => r.call === 'switchHomeUser')).toMatchObject([{ arg: KIDS.uuid, withPin: false }])
  })

  it('no Home (empty list or 404) → the account itself with the account token', async () => {
    const h = setup([])
    h.session.start()
    await h.clock.advanceAsync(100)
    expect(h.session.state).toMatchObject({ kind: 'ready', via: 'noHome', userToken: ACCOUNT_TOKEN, user: { uuid: ACCOUNT.uuid } })
    const h404 = setup([KIDS, TEEN])
    h404.plex.failNext('getHomeUsers', new ServerError(404))
    h404.session.start()
    await h404.clock.advanceAsync(100)
    expect(h404.session.state).toMatchObject({ kind: 'ready', via: 'noHome', userToken: ACCOUNT_TOKEN })
  })

  it('several users → picker; picking an unprotected one switches and hands over that user token', async () => {
    const h = setup([OWNER, KIDS, TEEN])
    h.session.start()
    await h.clock.advanceAsync(100)
    expect(h.session.state).toEqual({ kind: 'picking', users: [OWNER, KIDS, TEEN], failure: null })
    h.session.pick(KIDS.uuid)
    expect(h.session.state).toMatchObject({ kind: 'switching', user: { uuid: KIDS.uuid } })
    await h.clock.advanceAsync(100)
    expect(h.session.state).toEqual({ kind: 'ready', user: { uuid: KIDS.uuid, title: 'Kids', protected: false, thumb: KIDS.thumb }, userToken: h.plex.tokenFor(KIDS.uuid), via: 'picked' })
  })

  it('a protected user opens the PIN pad; a wrong PIN counts, the right one switches', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(OWNER.uuid)
    expect(h.session.state).toMatchObject({ kind: 'pin', user: { uuid: OWNER.uuid }, pad: { status: 'entering', digits: '' } })
    expect(h.plex.count('switchHomeUser')).toBe(0)

    await typePin(h, '1111')
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'wrong', attempts: 1, digits: '' } })
    await typePin(h, OWNER_PIN)
    expect(h.session.state).toEqual({ kind: 'ready', user: { uuid: OWNER.uuid, title: 'Alice', protected: true, thumb: OWNER.thumb }, userToken: h.plex.tokenFor(OWNER.uuid), via: 'pin' })
    expect(h.plex.requests.filter((r) => r.call === 'switchHomeUser').map((r) => r.withPin)).toEqual([true, true])
  })

  it('403/1041 on a user NOT marked protected opens the PIN pad (§13.9), and the user counts as protected', async () => {
    const h = setup([OWNER, KIDS, TEEN])
    h.plex.pins.set(TEEN.uuid, '3057')
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(TEEN.uuid)
    await h.clock.advanceAsync(100)
    // The 1041 on the PIN-less attempt is not a wrong PIN: no attempt counted.
    expect(h.session.state).toMatchObject({ kind: 'pin', user: { uuid: TEEN.uuid }, pad: { status: 'entering', attempts: 0 } })
    await typePin(h, '3057')
    expect(h.session.state).toMatchObject({ kind: 'ready', user: { uuid: TEEN.uuid, protected: true }, via: 'pin' })
  })

  it('a switch failure stays on the picker with the error — never the owner — and retry() tries the same user', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.plex.failNext('switchHomeUser', new ServerError(503))
    h.session.pick(KIDS.uuid)
    await h.clock.advanceAsync(100)
    expect(h.session.state).toEqual({
      kind: 'picking',
      users: [OWNER, KIDS],
      failure: { uuid: KIDS.uuid, error: { kind: 'server', status: 503, retryable: true, retryAfterMs: null } },
    })
    expect(h.states.some((s) => s.kind === 'ready')).toBe(false)
    h.session.retry()
    await h.clock.advanceAsync(1_000) // in the next allowed slot
    expect(h.session.state).toMatchObject({ kind: 'ready', userToken: h.plex.tokenFor(KIDS.uuid) })
  })

  it('a 401 on switching is not retryable (sign in again); a 429 is', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.plex.failNext('switchHomeUser', new Unauthorized())
    h.session.pick(KIDS.uuid)
    await h.clock.advanceAsync(100)
    expect(h.session.state).toMatchObject({ kind: 'picking', failure: { error: { kind: 'unauthorized', retryable: false } } })
    h.session.retry()
    await h.clock.advanceAsync(100)
    expect(h.plex.count('switchHomeUser')).toBe(1)
    expect(h.session.state.kind).toBe('picking')

    h.plex.failNext('switchHomeUser', new RateLimited(5000))
    h.session.pick(KIDS.uuid)
    await h.clock.advanceAsync(1_000)
    expect(h.session.state).toMatchObject({ kind: 'picking', failure: { error: { kind: 'rateLimited', retryable: true, retryAfterMs: 5000 } } })
  })

  it('after a 429 on a PIN check, the retyped PIN waits for plex.tv (≥ 5 s without Retry-After)', async () => {
    // Before: the retyped PIN went out 0.8 s after the 429.
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(OWNER.uuid)
    h.plex.failNext('switchHomeUser', new RateLimited(null))
    await typePin(h, OWNER_PIN)
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { fault: 'rateLimited', attempts: 0 } })
    const limitedAt = h.plex.times('switchHomeUser')[0]! + 50
    await typePin(h, OWNER_PIN) // typed again at once
    await h.clock.advanceAsync(3_000)
    expect(h.plex.count('switchHomeUser')).toBe(1)
    await h.clock.advanceAsync(3_000)
    expect(h.plex.count('switchHomeUser')).toBe(2)
    expect(h.plex.times('switchHomeUser')[1]! - limitedAt).toBeGreaterThanOrEqual(5_000)
    await h.clock.advanceAsync(100)
    expect(h.session.state.kind).toBe('ready')
  })

  it('a failed load is retried by itself with the backoff; 401 is not', async () => {
    const h = setup([OWNER, KIDS])
    h.plex.failNext('getHomeUsers', new ServerError(503), new ServerError(503))
    h.session.start()
    await h.clock.advanceAsync(100)
    expect(h.session.state).toMatchObject({ kind: 'loadFailed', retryAt: h.clock.now() - 50 + 2_000 })
    await h.clock.advanceAsync(2_000)
    expect(h.session.state).toMatchObject({ kind: 'loadFailed' })
    await h.clock.advanceAsync(4_100)
    expect(h.session.state.kind).toBe('picking')
    expect(h.plex.count('getHomeUsers')).toBe(3)
  })

  it('a failure while checking a PIN stays on the pad with the fault, no attempt counted', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(OWNER.uuid)
    h.plex.failNext('switchHomeUser', new NetworkError('ECONNRESET'))
    await typePin(h, OWNER_PIN)
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'entering', fault: 'network', attempts: 0, digits: '' } })
  })

  it('loading failures: transient → retryable, 401 → not', async () => {
    const h = setup([OWNER, KIDS])
    h.plex.failNext('getHomeUsers', new NetworkError('ENETUNREACH'))
    h.session.start()
    await h.clock.advanceAsync(100)
    expect(h.session.state).toEqual({ kind: 'loadFailed', error: { kind: 'network', status: null, retryable: true, retryAfterMs: null }, retryAt: h.clock.now() - 50 + 2_000 })
    h.session.retry() // in the next allowed slot: a second after the failed load
    await h.clock.advanceAsync(1_000)
    expect(h.session.state.kind).toBe('picking')

    const bad = setup([OWNER])
    bad.plex.failNext('getHomeUsers', new Unauthorized())
    bad.session.start()
    await bad.clock.advanceAsync(100)
    expect(bad.session.state).toMatchObject({ kind: 'loadFailed', error: { kind: 'unauthorized', retryable: false } })
  })

  it('a request that hangs ends with a timeout on the clock', async () => {
    const h = setup([OWNER, KIDS], { latencyMs: 60_000 })
    h.session.start()
    await h.clock.advanceAsync(9_999)
    expect(h.session.state.kind).toBe('loading')
    await h.clock.advanceAsync(1)
    expect(h.session.state).toMatchObject({ kind: 'loadFailed', error: { kind: 'timeout', retryable: true } })
    expect(h.plex.inFlight).toBe(0)
    expect(h.clock.pendingTimers()).toBe(1) // only the automatic retry
  })

  it('start({pinFor}) opens the pad for a remembered protected user directly', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start({ pinFor: OWNER.uuid })
    await h.clock.advanceAsync(100)
    expect(h.session.state).toMatchObject({ kind: 'pin', user: { uuid: OWNER.uuid } })
    // Back on the empty pad goes to the picker.
    h.session.pinBack()
    expect(h.session.state).toMatchObject({ kind: 'picking', failure: null })
  })

  it('3 wrong PINs → cool-down counted down with the clock; input ignored; then typing works again', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(OWNER.uuid)
    for (let i = 0; i < 3; i++) await typePin(h, '0000')
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'coolingDown', attempts: 3, coolDownRemainingMs: 30_000 } })
    const switches = h.plex.count('switchHomeUser')

    await typePin(h, OWNER_PIN) // ignored (the second of typePin passes too)
    expect(h.plex.count('switchHomeUser')).toBe(switches)
    await h.clock.advanceAsync(9_000)
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'coolingDown', coolDownRemainingMs: 20_000 } })
    await h.clock.advanceAsync(20_000)
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'entering', coolDownRemainingMs: 0 } })
    expect(h.clock.pendingTimers()).toBe(0)

    await typePin(h, '0000') // 4th wrong → 60 s
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'coolingDown', attempts: 4, coolDownRemainingMs: 60_000 } })
  })

  it('leaving and reopening the pad, or reloading the app, does not reset the count (stored, never the PIN)', async () => {
    // Before: the count lived in memory for one run; a reload handed out three fresh tries.
    const store = new MemoryStore()
    const h = setup([OWNER, KIDS], { store })
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(OWNER.uuid)
    for (let i = 0; i < 3; i++) await typePin(h, '0000')
    h.session.pinBack() // leave during the cool-down
    expect(h.session.state.kind).toBe('picking')
    h.session.pick(OWNER.uuid)
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'coolingDown', attempts: 3 } })
    h.session.stop()
    // A reload: a new session on the same storage, 10 s into the 30 s cool-down.
    await h.clock.advanceAsync(10_000)
    const again = new HomeUsersSession({ client: h.plex, clock: h.clock, account: ACCOUNT, accountToken: ACCOUNT_TOKEN, store })
    again.start({ pinFor: OWNER.uuid })
    await h.clock.advanceAsync(100)
    expect(again.state).toMatchObject({ kind: 'pin', pad: { status: 'coolingDown', attempts: 3 } })
    const pad = again.state.kind === 'pin' ? again.state.pad : null
    expect(pad?.coolDownRemainingMs).toBeLessThanOrEqual(20_000)
    expect(JSON.parse(store.get(storageKeys.pinAttempts)!)).toEqual({ v: 1, users: { [OWNER.uuid]: { attempts: 3, coolDownUntil: expect.any(Number) } } })
    // the right PIN after the cool-down forgets the count
    await h.clock.advanceAsync(20_000)
    for (const ch of OWNER_PIN) again.pinDigit(Number(ch))
    await h.clock.advanceAsync(100)
    expect(again.state.kind).toBe('ready')
    expect(store.get(storageKeys.pinAttempts)).toBeNull()
    again.stop()
  })

  it('Back while a PIN is being checked leaves the pad and cancels the request', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(OWNER.uuid)
    for (const ch of OWNER_PIN) h.session.pinDigit(Number(ch))
    expect(h.plex.inFlight).toBe(1)
    h.session.pinBack()
    expect(h.session.state.kind).toBe('picking')
    expect(h.plex.inFlight).toBe(0)
    expect(h.plex.aborted).toBe(1)
    await h.clock.advanceAsync(1000)
    expect(h.session.state.kind).toBe('picking')
  })

  it('stop() leaves zero pending timers and zero requests in flight (switch in flight, and cool-down)', async () => {
    const h = setup([OWNER, KIDS])
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(KIDS.uuid)
    await h.clock.advanceAsync(10)
    expect(h.plex.inFlight).toBe(1)
    h.session.stop()
    expect(h.session.state).toEqual({ kind: 'idle' })
    expect(h.plex.inFlight).toBe(0)
    expect(h.clock.pendingTimers()).toBe(0)

    h.session.start()
    await h.clock.advanceAsync(1_000) // the users again, a second after the first load
    h.session.pick(OWNER.uuid)
    for (let i = 0; i < 3; i++) await typePin(h, '0000')
    expect(h.session.state).toMatchObject({ kind: 'pin', pad: { status: 'coolingDown' } })
    expect(h.clock.pendingTimers()).toBe(1) // the cool-down's countdown
    h.session.stop()
    expect(h.clock.pendingTimers()).toBe(0)
    // Nothing was in flight during the cool-down, so check what a stopped session does after it: nothing.
    const sent = h.plex.requests.length
    const states = h.states.length
    await h.clock.advanceAsync(120_000)
    expect(h.plex.requests.length).toBe(sent)
    expect(h.states.length).toBe(states)
  })
})

describe('the PIN is never stored nor logged', () => {
  it('no storage write ever contains the PIN (wrong or right), and a protected user token is not stored', async () => {
    const store = new RecordingStore()
    const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined))
    const h = setup([OWNER, KIDS], { store })
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(OWNER.uuid)
    const WRONG = '5931'
    await typePin(h, WRONG)
    h.session.pinDigit(8)
    h.session.pinBack() // a correction on the way
    await typePin(h, OWNER_PIN)
    expect(h.session.state.kind).toBe('ready')

    // Something was written (so the assertions below are not vacuous) …
    expect(store.writes.length).toBeGreaterThan(0)
    expect(loadSelection(store)?.user).toEqual({ uuid: OWNER.uuid, title: 'Alice', protected: true, thumb: OWNER.thumb })
    // … and none of it holds either PIN, even spread out (e.g. as a JSON array of digits).
    const spread = (pin: string) => new RegExp(pin.split('').join('\\D{0,6}'))
    for (const { key, value } of store.writes) {
      for (const pin of [OWNER_PIN, WRONG]) {
        expect(value).not.toMatch(spread(pin))
        expect(key).not.toContain(pin)
      }
    }
    // The protected user's token was not persisted either.
    expect(store.inner.get(storageKeys.selection)).not.toContain(h.plex.tokenFor(OWNER.uuid))
    for (const spy of logs) {
      for (const call of spy.mock.calls) expect(JSON.stringify(call)).not.toMatch(spread(OWNER_PIN))
    }
  })

  it('an unprotected user is stored with the user token, for resuming', async () => {
    const store = new RecordingStore()
    const h = setup([OWNER, KIDS], { store })
    h.session.start()
    await h.clock.advanceAsync(100)
    h.session.pick(KIDS.uuid)
    await h.clock.advanceAsync(100)
    expect(loadSelection(store)).toMatchObject({ user: { uuid: KIDS.uuid, protected: false }, userToken: h.plex.tokenFor(KIDS.uuid) })
  })
})
