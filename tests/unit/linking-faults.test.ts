/**
 * Faults while linking: backoff and recovery, retryNow, 429 with and without Retry-After, a real expiry
 * versus a network error (never "expired"), a failing createPin, and the account fetch after a link.
 */
import { describe, expect, it } from 'vitest'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { Aborted, BadResponse, NetworkError, PinExpired, RateLimited, ServerError, Timeout, Unauthorized } from '../../src/plex/errors.js'
import { ALICE } from '../support/fakePlexTv.js'
import { expectKind, linkHarness } from '../support/linkHarness.js'

/** A started session whose first code is on screen, at t0 = when it arrived. */
async function started(random?: () => number) {
  const h = linkHarness(random ? { random } : {})
  h.session.start()
  await h.clock.advanceAsync(0)
  return { h, t0: h.clock.now() }
}

function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0
    return a / 4294967296
  }
}

describe('network faults: backoff', () => {
  it('NetworkError: 2, 4, 8, 16, 30, 30 s, the code stays on screen, retryAt is a clock time', async () => {
    const { h, t0 } = await started()
    h.plex.outage('getPin', new NetworkError('ENETUNREACH'))
    const delays: number[] = []
    await h.clock.advanceAsync(1_000)
    for (let i = 0; i < 7; i++) {
      const err = expectKind(h.session.state, 'error')
      expect(err).toMatchObject({ fault: 'network', request: 'getPin', status: null, attempt: i + 1 })
      expect(err.code?.code).toBe('7RQZ')
      delays.push(err.retryAt - h.clock.now())
      expect(h.clock.pendingTimers()).toBe(1)
      await h.clock.advanceAsync(err.retryAt - h.clock.now())
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000])
    expect(h.plex.times('getPin').map((t) => (t - t0) / 1000)).toEqual([1, 3, 7, 15, 31, 61, 91, 121])
    expect(h.plex.maxInFlight).toBe(1)
    expect(h.plex.count('createPin')).toBe(1)
  })

  it('jittered delays stay within [ceiling/2, ceiling], never under 1 s', async () => {
    const { h } = await started(seeded(99))
    h.plex.outage('getPin', new Timeout(10_000))
    await h.clock.advanceAsync(1_000)
    const ceilings = [2, 4, 8, 16, 30, 30, 30, 30].map((s) => s * 1000)
    for (const ceiling of ceilings) {
      const err = expectKind(h.session.state, 'error')
      expect(err.fault).toBe('timeout')
      const delay = err.retryAt - h.clock.now()
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
      expect(delay).toBeLessThanOrEqual(ceiling)
      await h.clock.advanceAsync(delay)
    }
  })

  it('the first retry after a failed poll comes at least 1 s later, whatever the jitter draw', async () => {
    // Before: equal jitter on a 1 s base put the first retry 0.5–1 s after the failure (0.6–0.8 s seen).
    const { h } = await started(() => 0)
    h.plex.failNext('getPin', new NetworkError())
    await h.clock.advanceAsync(1_000)
    expect(expectKind(h.session.state, 'error').retryAt - h.clock.now()).toBe(1_000)
  })

  it('returns to waiting by itself when the fault clears, and polls every second again', async () => {
    const { h, t0 } = await started()
    h.plex.outage('getPin', new NetworkError())
    await h.clock.advanceAsync(7_000) // failures at 1, 3, 7 s; next try at 15 s
    expect(h.session.state.kind).toBe('error')
    h.plex.endOutage()
    await h.clock.advanceAsync(10_000)
    const waiting = expectKind(h.session.state, 'waiting')
    expect(waiting.code.code).toBe('7RQZ')
    expect(h.plex.times('getPin').map((t) => (t - t0) / 1000)).toEqual([1, 3, 7, 15, 16, 17])
    // The backoff starts over after a success.
    h.plex.failNext('getPin', new NetworkError())
    await h.clock.advanceAsync(1_000)
    expect(expectKind(h.session.state, 'error').retryAt - h.clock.now()).toBe(2_000)
  })

  it('5xx and malformed answers get the same backoff, each its own fault kind', async () => {
    const { h } = await started()
    h.plex.failNext('getPin', new ServerError(502), new BadResponse('authToken is a number'))
    await h.clock.advanceAsync(1_000)
    expect(h.session.state).toMatchObject({ kind: 'error', fault: 'server', status: 502, attempt: 1 })
    await h.clock.advanceAsync(2_000)
    expect(h.session.state).toMatchObject({ kind: 'error', fault: 'badResponse', status: null, attempt: 2 })
    expect(expectKind(h.session.state, 'error').retryAt - h.clock.now()).toBe(4_000)
    await h.clock.advanceAsync(4_000)
    expect(h.session.state.kind).toBe('waiting')
  })

  it('a 401 on a pin is not "signed out" and not "expired": it is a server fault', async () => {
    const { h } = await started()
    h.plex.failNext('getPin', new Unauthorized())
    await h.clock.advanceAsync(1_000)
    const err = expectKind(h.session.state, 'error')
    expect(err).toMatchObject({ fault: 'server', status: 401 })
    expect(err.code?.code).toBe('7RQZ')
    await h.clock.advanceAsync(2_000)
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('7RQZ')
    expect(h.plex.count('createPin')).toBe(1)
  })

  it('retryNow() on an error polls at once when the last poll was a second ago or more', async () => {
    const { h } = await started()
    h.plex.outage('getPin', new NetworkError())
    await h.clock.advanceAsync(16_000) // failures at 1, 3, 7, 15 s; next try at 31 s
    const err = expectKind(h.session.state, 'error')
    expect(err.retryAt).toBeGreaterThan(h.clock.now())
    h.plex.endOutage()
    const before = h.plex.requests.length
    h.session.retryNow()
    expect(h.plex.requests.length).toBe(before + 1)
    expect(h.plex.last()).toMatchObject({ call: 'getPin', at: h.clock.now() })
    await h.clock.advanceAsync(0)
    expect(h.session.state.kind).toBe('waiting')
    // Pressing OK twice does not send a second request while the first is out.
    h.plex.latencyFor.getPin = 500
    h.plex.failNext('getPin', new NetworkError())
    await h.clock.advanceAsync(1_500)
    h.session.retryNow()
    h.session.retryNow()
    expect(h.plex.maxInFlight).toBe(1)
  })

  it('OK pressed 20 times during an outage: at most one poll a second, the presses coalesce into the next slot', async () => {
    // Before the kernel's pacer, each press after a failed poll sent a poll at once: 21 polls, 7 in one second.
    const { h, t0 } = await started()
    h.plex.outage('getPin', new NetworkError())
    await h.clock.advanceAsync(1_000)
    expect(h.session.state.kind).toBe('error')
    for (let i = 0; i < 20; i++) {
      h.session.retryNow()
      await h.clock.advanceAsync(150) // 20 presses in 3 s
    }
    const times = h.plex.times('getPin').map((t) => t - t0)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `poll ${i} at ${times[i]} ms`).toBeGreaterThanOrEqual(1_000)
    expect(times.length).toBeLessThanOrEqual(5) // the first poll at 1 s and at most one per second of the 3 s
  })

  it('retryNow() does nothing while waiting normally', async () => {
    const { h } = await started()
    await h.clock.advanceAsync(500)
    h.session.retryNow()
    expect(h.plex.requests.length).toBe(1)
  })
})

describe('a network error is never an expired code', () => {
  it('an outage longer than the code keeps saying "network", never renews on its own account', async () => {
    const { h } = await started()
    h.plex.outage('getPin', new NetworkError())
    h.plex.outage('createPin', new NetworkError())
    const kinds = new Set<string>()
    h.session.subscribe((s) => kinds.add(s.kind === 'error' ? `error:${s.fault}` : s.kind))
    await h.clock.advanceAsync(600_000)
    expect(kinds).toEqual(new Set(['error:network']))
    // Still the same code (it has 5 minutes left), never replaced because of a network error.
    expect(expectKind(h.session.state, 'error').code?.code).toBe('7RQZ')
    expect(h.plex.count('createPin')).toBe(1)
    // Past its deadline the code leaves the screen, but the state still says "network", not "expired".
    await h.clock.advanceAsync(330_000)
    const err = expectKind(h.session.state, 'error')
    expect(err.fault).toBe('network')
    expect(err.code).toBeNull()
    expect(kinds).toEqual(new Set(['error:network']))
  })

  it('after the outage the same pin id is polled again', async () => {
    const { h } = await started()
    const pinId = expectKind(h.session.state, 'waiting').code.pinId
    h.plex.outage('getPin', new NetworkError())
    await h.clock.advanceAsync(120_000)
    h.plex.endOutage()
    h.session.retryNow()
    await h.clock.advanceAsync(0)
    expect(h.plex.last()).toMatchObject({ call: 'getPin', arg: pinId, outcome: 'ok' })
    expect(expectKind(h.session.state, 'waiting').code.pinId).toBe(pinId)
  })

  it('PinExpired (404/1020) is a real expiry: a new code in the next slot, a second after the poll', async () => {
    const { h, t0 } = await started()
    h.plex.failNext('getPin', new PinExpired())
    const kinds: string[] = []
    h.session.subscribe((s) => kinds.push(s.kind))
    await h.clock.advanceAsync(2_000)
    expect(h.plex.count('createPin')).toBe(2)
    expect(h.plex.times('createPin')[1]! - t0).toBe(2_000)
    await h.clock.advanceAsync(0)
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('9X9Y')
    expect(kinds).toEqual(['creating', 'waiting'])
    expect(JSON.parse(h.store.get(storageKeys.pendingPins)!).pins.map((p: { code: string }) => p.code)).toEqual(['9X9Y'])
  })
})

describe('429 rate limiting', () => {
  it('Retry-After 7 s: no request before 7 s, then a slower interval for that code', async () => {
    const { h, t0 } = await started()
    h.plex.failNext('getPin', new RateLimited(7_000))
    await h.clock.advanceAsync(1_000)
    const err = expectKind(h.session.state, 'error')
    expect(err).toMatchObject({ fault: 'rateLimited', status: 429, retryAt: t0 + 8_000 })
    // Neither OK nor coming back to the screen gets around Retry-After.
    h.session.retryNow()
    h.visibility.set(true)
    h.visibility.set(false)
    await h.clock.advanceAsync(6_999)
    expect(h.plex.count('getPin')).toBe(1)
    await h.clock.advanceAsync(20_000)
    const polls = h.plex.times('getPin').map((t) => (t - t0) / 1000)
    expect(polls.slice(0, 6)).toEqual([1, 8, 10, 12, 14, 16])
    expect(h.session.state.kind).toBe('waiting')
  })

  it('no Retry-After: waits at least 5 s', async () => {
    const { h, t0 } = await started(() => 0)
    h.plex.failNext('getPin', new RateLimited(null))
    await h.clock.advanceAsync(1_000)
    expect(expectKind(h.session.state, 'error').retryAt - h.clock.now()).toBe(5_000)
    await h.clock.advanceAsync(10_000)
    expect(h.plex.times('getPin').map((t) => (t - t0) / 1000).slice(0, 3)).toEqual([1, 6, 8])
  })

  it('repeated 429s slow the interval 2 → 4 → 5 s and no further', async () => {
    const { h, t0 } = await started()
    h.plex.failNext('getPin', new RateLimited(1_000), new RateLimited(1_000), new RateLimited(1_000), new RateLimited(1_000))
    await h.clock.advanceAsync(30_000)
    const polls = h.plex.times('getPin').map((t) => (t - t0) / 1000)
    // 429s at 1, 2, 3, 4 s (each Retry-After 1 s), then the interval is capped at 5 s.
    expect(polls.slice(0, 7)).toEqual([1, 2, 3, 4, 5, 10, 15])
  })

  it('the slower interval lasts for that code\'s life; the next code returns to 1 s once the old one is gone', async () => {
    const h = linkHarness()
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(499_500)
    h.plex.failNext('getPin', new RateLimited(1_000))
    await h.clock.advanceAsync(420_000)
    const sec = (ts: number[]) => ts.map((t) => (t - t0) / 1000)
    const [oldId, newId] = [...new Set(h.plex.requests.filter((r) => r.call === 'getPin').map((r) => r.arg))]
    // 429 at 500 s, retry at 501, then the first code every 2 s; the renewal takes the 841 s turn.
    expect(sec(h.plex.times('getPin', oldId!)).filter((t) => t >= 499 && t <= 507)).toEqual([499, 500, 501, 503, 505, 507])
    expect(sec(h.plex.times('createPin'))).toEqual([0, 841])
    // Overlap: turns every 2 s (the slowest pin's pace): old 843, new 845, old 847 … old 899, new 901.
    // The old code's deadline is 900 s; its next turn would be 903, past deadline + grace (902), so it is
    // dropped on our own clock at 902 instead of waiting for plex.tv's 404.
    const oldPolls = h.plex.requests.filter((r) => r.call === 'getPin' && r.arg === oldId)
    expect(sec([oldPolls[oldPolls.length - 1]!.at])).toEqual([899])
    expect(oldPolls.filter((r) => r.outcome !== 'ok').map((r) => r.error)).toEqual(['RateLimited'])
    expect(sec(h.plex.times('getPin', newId!)).slice(0, 3)).toEqual([845, 849, 853])
    // Then the new code alone, at its own normal 1 s interval.
    expect(sec(h.plex.times('getPin', newId!)).filter((t) => t > 901).slice(0, 4)).toEqual([903, 904, 905, 906])
    expect(expectKind(h.session.state, 'waiting').previousCode).toBeNull()
  })
})

describe('createPin faults', () => {
  it('a failing createPin gets the backoff and an error state without a code, then recovers', async () => {
    const h = linkHarness()
    h.plex.failNext('createPin', new NetworkError(), new ServerError(503))
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(0)
    expect(h.session.state).toMatchObject({ kind: 'error', fault: 'network', request: 'createPin', code: null, retryAt: t0 + 2_000 })
    await h.clock.advanceAsync(2_000)
    expect(h.session.state).toMatchObject({ kind: 'error', fault: 'server', status: 503, code: null, retryAt: t0 + 6_000 })
    await h.clock.advanceAsync(4_000)
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('7RQZ')
    expect(h.plex.times('createPin').map((t) => t - t0)).toEqual([0, 2_000, 6_000])
  })

  it('a 429 on createPin waits Retry-After', async () => {
    const h = linkHarness()
    h.plex.failNext('createPin', new RateLimited(12_000))
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(11_999)
    expect(h.plex.count('createPin')).toBe(1)
    await h.clock.advanceAsync(1)
    expect(h.plex.times('createPin').map((t) => t - t0)).toEqual([0, 12_000])
  })
})

describe('after a link: the account', () => {
  it('a transient /user failure keeps the token and retries with backoff until the account arrives', async () => {
    const { h } = await started()
    h.plex.failNext('getUser', new NetworkError(), new ServerError(500), new Timeout(10_000))
    const token = h.plex.link('7RQZ')!
    await h.clock.advanceAsync(1_000)
    let linked = expectKind(h.session.state, 'linked')
    expect(linked.token).toBe(token)
    expect(linked.account).toBeNull()
    expect(linked.accountFault).toMatchObject({ fault: 'network', request: 'getUser', attempt: 1 })
    expect(h.store.get(storageKeys.authToken)).toBe(token)
    await h.clock.advanceAsync(2_000)
    expect(expectKind(h.session.state, 'linked').accountFault).toMatchObject({ fault: 'server', status: 500, attempt: 2 })
    // OK retries in the next slot: a second after the last try, not at the backoff's 4 s.
    h.session.retryNow()
    await h.clock.advanceAsync(1_000)
    expect(expectKind(h.session.state, 'linked').accountFault).toMatchObject({ fault: 'timeout', attempt: 3 })
    await h.clock.advanceAsync(8_000)
    linked = expectKind(h.session.state, 'linked')
    expect(linked).toEqual({ kind: 'linked', token, account: ALICE, accountFault: null })
    expect(h.linked).toEqual([{ token, account: ALICE }])
    expect(h.plex.count('getPin')).toBe(1)
    expect(h.clock.pendingTimers()).toBe(0)
  })

  it('/user answering 401 throws the token away and starts over with a new code', async () => {
    const { h } = await started()
    h.plex.failNext('getUser', new Unauthorized())
    h.plex.link('7RQZ')
    await h.clock.advanceAsync(2_000) // the new pin waits for its slot, a second after the poll that brought the token
    expect(h.plex.count('createPin')).toBe(2)
    await h.clock.advanceAsync(0)
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('9X9Y')
    expect(h.store.get(storageKeys.authToken)).toBeNull()
    expect(h.linked).toEqual([])
  })

  it('hidden while the account is being fetched: aborted; visible: fetched again in the next slot', async () => {
    const { h } = await started()
    h.plex.latencyFor.getUser = 1_000
    h.plex.link('7RQZ')
    await h.clock.advanceAsync(1_000)
    expect(h.plex.inFlight).toBe(1)
    h.visibility.set(true)
    expect(h.plex.inFlight).toBe(0)
    expect(h.clock.pendingTimers()).toBe(0)
    h.visibility.set(false)
    await h.clock.advanceAsync(1_000)
    expect(h.plex.count('getUser')).toBe(2) // a second after the aborted one
    await h.clock.advanceAsync(1_000)
    expect(h.session.state).toMatchObject({ kind: 'linked', account: ALICE })
  })
})

describe('aborted requests', () => {
  it('an Aborted the client raised by itself is never shown; polling just goes on', async () => {
    const { h } = await started()
    h.plex.failNext('getPin', new Aborted())
    const kinds: string[] = []
    h.session.subscribe((s) => kinds.push(s.kind))
    await h.clock.advanceAsync(3_000)
    expect(kinds).toEqual([])
    expect(h.plex.count('getPin')).toBe(3)
  })
})
