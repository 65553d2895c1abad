/**
 * LinkCodeSession, the happy path and the lifecycle: first code, 1 s cadence with one request in flight,
 * token → linked → account, leaving (zero timers, zero requests), hidden → silent.
 */
import { describe, expect, it } from 'vitest'
import { countdownOf } from '../../src/flows/link/state.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { NetworkError } from '../../src/plex/errors.js'
import { ALICE } from '../support/fakePlexTv.js'
import { expectKind, linkHarness } from '../support/linkHarness.js'

describe('first code', () => {
  it('creates one non-strong pin and shows its code, with a countdown from expiresIn at arrival', async () => {
    const h = linkHarness({ latencyMs: 300 })
    // plex-api.md §2's example: a 900 s pin answered with expiresIn 876.
    const original = h.plex.createPin.bind(h.plex)
    h.plex.createPin = async (opts) => ({ ...(await original(opts)), expiresIn: 876 })
    h.session.start()
    expect(h.session.state.kind).toBe('creating')
    expect(h.plex.count('createPin')).toBe(1)
    expect(h.plex.inFlight).toBe(1)

    await h.clock.advanceAsync(300)
    const waiting = expectKind(h.session.state, 'waiting')
    expect(waiting.code.code).toBe('7RQZ')
    expect(waiting.code.qr).toBe('https://plex.tv/api/v2/pins/qr/7RQZ')
    expect(waiting.previousCode).toBeNull()
    // Deadline = the clock when the answer arrived + expiresIn; the bar's full length is the 900 s lifetime.
    expect(waiting.code.expiresAt).toBe(h.session.now() + 876_000)
    expect(waiting.code.lifetimeMs).toBe(900_000)
    expect(countdownOf(waiting.code, h.session.now())).toEqual({ remainingMs: 876_000, fraction: 876 / 900 })
    expect(countdownOf(waiting.code, h.session.now() + 1_000_000)).toEqual({ remainingMs: 0, fraction: 0 })
    expect(h.states.map((s) => s.kind)).toEqual(['creating', 'waiting'])
  })

  it('ignores the device wall clock: expiresAt in the answer is never used for the deadline', async () => {
    const h = linkHarness()
    const original = h.plex.createPin.bind(h.plex)
    h.plex.createPin = async (opts) => ({ ...(await original(opts)), createdAt: '1999-01-01T00:00:00Z', expiresAt: '1999-01-01T00:15:00Z' })
    h.session.start()
    await h.clock.advanceAsync(0)
    const waiting = expectKind(h.session.state, 'waiting')
    expect(waiting.code.expiresAt).toBe(h.session.now() + 900_000)
  })

  it('start() twice does not create a second pin', async () => {
    const h = linkHarness()
    h.session.start()
    h.session.start()
    await h.clock.advanceAsync(0)
    expect(h.plex.count('createPin')).toBe(1)
  })
})

describe('poll cadence', () => {
  it('polls GET pin every 1 s after the previous answer, one request at a time', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(5_000)
    const pinId = expectKind(h.session.state, 'waiting').code.pinId
    expect(h.plex.times('getPin', pinId).map((t) => t - h.plex.times('createPin')[0]!)).toEqual([1000, 2000, 3000, 4000, 5000])
    expect(h.plex.maxInFlight).toBe(1)
  })

  it('a slow answer delays the next poll and never overlaps it', async () => {
    const h = linkHarness()
    h.plex.latencyFor.getPin = 3_000
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(13_500)
    // sent at 1 s, answered at 4 s, next at 5 s, answered at 8 s, next at 9 s, answered 12 s, next 13 s.
    expect(h.plex.times('getPin').map((t) => t - t0)).toEqual([1000, 5000, 9000, 13000])
    expect(h.plex.maxInFlight).toBe(1)
    expect(h.plex.inFlight).toBe(1)
  })

  it('keeps exactly one timer while waiting between polls', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(2_500)
    expect(h.clock.pendingTimers()).toBe(1)
    expect(h.plex.inFlight).toBe(0)
  })
})

describe('a person links the code', () => {
  it('token → linked (account pending) → linked with the account; polling stops at once', async () => {
    const h = linkHarness()
    h.plex.latencyFor.getUser = 500
    h.session.start()
    await h.clock.advanceAsync(2_000)
    const token = h.plex.link('7RQZ')
    expect(token).not.toBeNull()
    await h.clock.advanceAsync(1_000)

    const linked = expectKind(h.session.state, 'linked')
    expect(linked).toEqual({ kind: 'linked', token, account: null, accountFault: null })
    expect(h.plex.last()?.call).toBe('getUser')
    // The token is kept the moment it arrives, before the account is known.
    expect(h.store.get(storageKeys.authToken)).toBe(token)
    expect(h.store.get(storageKeys.pendingPins)).toBeNull()
    expect(h.linked).toEqual([])

    await h.clock.advanceAsync(500)
    expect(h.session.state).toEqual({ kind: 'linked', token, account: ALICE, accountFault: null })
    expect(h.linked).toEqual([{ token, account: ALICE }])

    const requests = h.plex.requests.length
    await h.clock.advanceAsync(60_000)
    expect(h.plex.requests.length).toBe(requests)
    expect(h.clock.pendingTimers()).toBe(0)
    expect(h.plex.inFlight).toBe(0)
    expect(h.linked).toHaveLength(1)
  })

  it('notices a link within one poll interval', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(10_300)
    const linkedAt = h.clock.now()
    h.plex.link('7RQZ')
    await h.clock.advanceAsync(1_000)
    expect(h.session.state.kind).toBe('linked')
    const getUserAt = h.plex.times('getUser')[0]!
    expect(getUserAt - linkedAt).toBeLessThanOrEqual(1_000)
  })
})

describe('leaving the screen', () => {
  it('stop() while a request is in flight: zero timers, zero requests, the request aborted, no state shown', async () => {
    const h = linkHarness()
    h.plex.latencyFor.getPin = 5_000
    h.session.start()
    await h.clock.advanceAsync(2_000)
    expect(h.plex.inFlight).toBe(1)
    h.session.stop()
    expect(h.session.state).toEqual({ kind: 'stopped' })
    expect(h.plex.inFlight).toBe(0)
    expect(h.plex.aborted).toBe(1)
    expect(h.clock.pendingTimers()).toBe(0)
    const requests = h.plex.requests.length
    await h.clock.advanceAsync(120_000)
    expect(h.plex.requests.length).toBe(requests)
    // The Aborted rejection was swallowed: nothing but 'stopped' after the stop.
    expect(h.states[h.states.length - 1]).toEqual({ kind: 'stopped' })
  })

  it('stop() while waiting between polls, during a backoff and while fetching the account', async () => {
    for (const scenario of ['between', 'backoff', 'account'] as const) {
      const h = linkHarness()
      h.plex.latencyFor.getUser = 10_000
      h.session.start()
      await h.clock.advanceAsync(1_500)
      if (scenario === 'backoff') {
        h.plex.outage('getPin', new NetworkError('ECONNRESET'))
        await h.clock.advanceAsync(3_000)
        expect(h.session.state.kind).toBe('error')
      }
      if (scenario === 'account') {
        h.plex.link('7RQZ')
        await h.clock.advanceAsync(1_000)
        expect(h.plex.inFlight).toBe(1)
      }
      h.session.stop()
      expect(h.clock.pendingTimers()).toBe(0)
      expect(h.plex.inFlight).toBe(0)
    }
  })

  it('stop() keeps the pending pin for a later visit; stop({ forgetPin }) removes it', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(0)
    h.session.stop()
    expect(h.store.get(storageKeys.pendingPins)).not.toBeNull()
    h.session.start()
    await h.clock.advanceAsync(0)
    h.session.stop({ forgetPin: true })
    expect(h.store.get(storageKeys.pendingPins)).toBeNull()
  })

  it('can start again after stop()', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(1_000)
    h.session.stop()
    h.session.start()
    await h.clock.advanceAsync(0)
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('7RQZ')
  })
})

describe('hidden and visible', () => {
  it('hidden: aborts the request in flight and sends nothing at all; visible: polls at once', async () => {
    const h = linkHarness()
    h.plex.latencyFor.getPin = 400
    h.session.start()
    await h.clock.advanceAsync(1_200)
    expect(h.plex.inFlight).toBe(1)

    h.visibility.set(true)
    expect(h.plex.inFlight).toBe(0)
    expect(h.plex.aborted).toBe(1)
    expect(h.clock.pendingTimers()).toBe(0)
    const requests = h.plex.requests.length
    await h.clock.advanceAsync(300_000)
    expect(h.plex.requests.length).toBe(requests)
    // Still showing the same code; being hidden is not a fault.
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('7RQZ')

    h.visibility.set(false)
    expect(h.plex.requests.length).toBe(requests + 1)
    expect(h.plex.last()).toMatchObject({ call: 'getPin', at: h.clock.now() })
    await h.clock.advanceAsync(400)
    await h.clock.advanceAsync(1_000)
    expect(h.plex.requests.length).toBe(requests + 2)
  })

  it('shown twice does not send two requests', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(1_500)
    h.visibility.set(true)
    h.visibility.set(false)
    h.visibility.set(false)
    await h.clock.advanceAsync(500)
    expect(h.plex.count('getPin')).toBe(2) // at 1 s, and at 2 s: the slot after the one at 1 s
    expect(h.plex.maxInFlight).toBe(1)
  })

  it('hidden before start(): nothing is requested until visible', async () => {
    const h = linkHarness()
    h.visibility.set(true)
    h.session.start()
    await h.clock.advanceAsync(10_000)
    expect(h.plex.requests).toHaveLength(0)
    expect(h.clock.pendingTimers()).toBe(0)
    h.visibility.set(false)
    expect(h.plex.count('createPin')).toBe(1)
  })

  it('a link made while hidden is seen on the first poll after becoming visible', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(1_500)
    h.visibility.set(true)
    await h.clock.advanceAsync(30_000)
    h.plex.link('7RQZ')
    h.visibility.set(false)
    await h.clock.advanceAsync(0)
    expect(h.session.state).toMatchObject({ kind: 'linked', account: ALICE })
  })
})
