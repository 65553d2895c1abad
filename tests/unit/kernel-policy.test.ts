/**
 * The one policy and the one fault vocabulary: the backoff (≥ 1 s after any failure), the 429 rule,
 * the pacing of each resource, the poll pace of a code, and what every wire error means for each call.
 */
import { describe, expect, it } from 'vitest'
import { classify, type Call } from '../../src/flows/kernel/faults.js'
import { Pacer, resourceOf } from '../../src/flows/kernel/pacer.js'
import { FAULT_RETRY, RATE_LIMIT_MAX_WAIT_MS, RATE_LIMIT_MIN_WAIT_MS, faultDelay, rateLimitHold, retryCeiling, retryDelay } from '../../src/flows/kernel/policy.js'
import { MAX_POLL_INTERVAL_MS, POLL_INTERVAL_MS, pollTickInterval, renewLeadMs, slowerPollInterval } from '../../src/flows/link/renewal.js'
import { Aborted, BadResponse, InvalidHomePin, NetworkError, PinExpired, RateLimited, ServerError, Timeout, Unauthorized } from '../../src/plex/errors.js'

const SECONDS = [2, 4, 8, 16, 30, 30, 30]

/** 200 draws spread over [0, 1) (golden-ratio steps), ends included, for the jitter bounds. */
const DRAWS = [0, 1, ...Array.from({ length: 198 }, (_, i) => (i * 0.6180339887) % 1)]

describe('retryDelay', () => {
  it('doubles from 2 s and caps at 30 s before jitter', () => {
    expect(SECONDS.map((_, i) => retryCeiling(FAULT_RETRY, i))).toEqual(SECONDS.map((s) => s * 1000))
    expect(SECONDS.map((_, i) => retryDelay(FAULT_RETRY, i, 1))).toEqual(SECONDS.map((s) => s * 1000))
  })

  it('equal jitter stays within [ceiling/2, ceiling]: the first retry is never sooner than 1 s', () => {
    for (const draw of DRAWS) {
      SECONDS.forEach((s, i) => {
        const d = retryDelay(FAULT_RETRY, i, draw)
        expect(d).toBeGreaterThanOrEqual(Math.max(1000, (s * 1000) / 2))
        expect(d).toBeLessThanOrEqual(s * 1000)
      })
    }
    expect(retryDelay(FAULT_RETRY, 0, 0)).toBe(1000)
  })

  it('survives absurd inputs: huge attempts, a random draw outside [0, 1]', () => {
    expect(retryDelay(FAULT_RETRY, 10_000, 1)).toBe(30_000)
    expect(retryDelay(FAULT_RETRY, -3, 1)).toBe(2000)
    expect(retryDelay(FAULT_RETRY, 1, 7)).toBe(4000)
    expect(retryDelay(FAULT_RETRY, 1, Number.NaN)).toBe(2000)
  })
})

describe('faultDelay and the 429 hold', () => {
  const limited = (retryAfterMs: number | null) => ({ kind: 'rateLimited' as const, retryAfterMs })

  it('honours Retry-After exactly when it could be read', () => {
    expect(faultDelay(limited(7000), 0, 1)).toBe(7000)
    expect(faultDelay(limited(2000), 5, 1)).toBe(2000)
  })

  it('waits at least 5 s without Retry-After, growing with the backoff beyond that', () => {
    expect(faultDelay(limited(null), 0, 0)).toBe(RATE_LIMIT_MIN_WAIT_MS)
    expect(faultDelay(limited(null), 1, 1)).toBe(5000)
    expect(faultDelay(limited(null), 2, 1)).toBe(8000)
    expect(faultDelay(limited(null), 9, 1)).toBe(30000)
  })

  it('clamps a garbage Retry-After so no timer overflows', () => {
    expect(rateLimitHold(1e12)).toBe(RATE_LIMIT_MAX_WAIT_MS)
    expect(rateLimitHold(-5)).toBe(0)
    expect(rateLimitHold(null)).toBe(RATE_LIMIT_MIN_WAIT_MS)
  })

  it('any other fault gets the backoff', () => {
    expect(faultDelay({ kind: 'network', retryAfterMs: null }, 0, 0)).toBe(1000)
  })
})

describe('Pacer', () => {
  it('spaces requests to one resource a second apart and leaves other resources alone', () => {
    const pacer = new Pacer()
    const pins = resourceOf('getPin')
    expect(pacer.earliest(pins, 100)).toBe(100)
    pacer.sent(pins, 100)
    expect(pacer.earliest(pins, 300)).toBe(1100)
    expect(pacer.earliest(resourceOf('getUser'), 300)).toBe(300)
    expect(resourceOf('createPin')).toBe(pins)
  })

  it('counts the gap from when a request left, not from when its call started to prepare it', () => {
    const pacer = new Pacer()
    const pins = resourceOf('getPin')
    pacer.sent(pins, 1000) // a keyed poll starts: it fetches a nonce first
    expect(pacer.earliestWire(pins, 1000)).toBe(1000)
    pacer.wired(pins, 1300) // its poll leaves 300 ms later
    expect(pacer.earliest(pins, 2000)).toBe(2300)
    expect(pacer.earliestWire(pins, 2000)).toBe(2300)
    // a call started while the request before it was prepared waits for its own request's slot
    pacer.sent(pins, 2300)
    pacer.wired(pins, 2300)
    pacer.rateLimited(pins, 2400, 10_000)
    expect(pacer.earliestWire(pins, 3400)).toBe(12_400)
  })

  it('holds a resource after a 429 for Retry-After, else 5 s', () => {
    const pacer = new Pacer()
    const r = resourceOf('switchHomeUser')
    pacer.rateLimited(r, 1000, null)
    expect(pacer.earliest(r, 1000)).toBe(6000)
    pacer.rateLimited(r, 1000, 20_000)
    expect(pacer.earliest(r, 1000)).toBe(21_000)
  })

  it('paces each server by its origin', () => {
    expect(resourceOf('identity', 'http://10.0.0.5:32400/identity')).toBe(resourceOf('librarySections', 'http://10.0.0.5:32400'))
    expect(resourceOf('identity', 'http://10.0.0.6:32400')).not.toBe(resourceOf('identity', 'http://10.0.0.5:32400'))
  })
})

describe('classify', () => {
  it('gives every wire error one meaning per call', () => {
    const all: Call[] = ['createPin', 'getPin', 'getUser', 'getHomeUsers', 'switchHomeUser', 'getResources', 'getClaimToken', 'claim', 'identity', 'librarySections', 'ping']
    for (const call of all) {
      expect(classify(new NetworkError(), call)).toEqual({ kind: 'network', status: null, retryAfterMs: null, retryable: true })
      expect(classify(new Timeout(10_000), call)).toEqual({ kind: 'timeout', status: null, retryAfterMs: null, retryable: true })
      expect(classify(new ServerError(503), call)).toEqual({ kind: 'server', status: 503, retryAfterMs: null, retryable: true })
      expect(classify(new RateLimited(9_000), call)).toEqual({ kind: 'rateLimited', status: 429, retryAfterMs: 9_000, retryable: true })
      expect(classify(new BadResponse('html'), call)).toEqual({ kind: 'badResponse', status: null, retryAfterMs: null, retryable: true })
      expect(classify(new TypeError('bug'), call)).toMatchObject({ kind: 'badResponse', retryable: true })
      expect(classify(new Aborted(), call)).toMatchObject({ kind: 'aborted', retryable: false })
    }
  })

  it('a 404/1020 is an expired code only on GET pin', () => {
    expect(classify(new PinExpired(), 'getPin')).toMatchObject({ kind: 'expired', retryable: false })
    expect(classify(new PinExpired(), 'createPin')).toMatchObject({ kind: 'server', status: 404, retryable: true })
  })

  it('a 401 means "sign in again" only where a token was sent', () => {
    expect(classify(new Unauthorized(), 'getUser')).toMatchObject({ kind: 'unauthorized', retryable: false })
    expect(classify(new Unauthorized(), 'getHomeUsers')).toMatchObject({ kind: 'unauthorized', retryable: false })
    expect(classify(new Unauthorized(), 'createPin')).toMatchObject({ kind: 'server', status: 401, retryable: true })
  })

  it('403/1041 is a PIN matter only on a Home switch', () => {
    expect(classify(new InvalidHomePin(), 'switchHomeUser')).toMatchObject({ kind: 'invalidPin', status: 403, retryable: false })
    expect(classify(new InvalidHomePin(), 'getUser')).toMatchObject({ kind: 'server', status: 403 })
  })
})

describe('poll pace and renewal lead', () => {
  it('slows 1 → 2 → 4 → 5 s after each 429 and never beyond 5 s', () => {
    const seen: number[] = []
    let ms = POLL_INTERVAL_MS
    for (let i = 0; i < 5; i++) seen.push((ms = slowerPollInterval(ms)))
    expect(seen).toEqual([2000, 4000, MAX_POLL_INTERVAL_MS, 5000, 5000])
  })

  it('takes turns at the pace of the slowest pin, and never faster than 1 s', () => {
    expect(pollTickInterval([])).toBe(1000)
    expect(pollTickInterval([1000, 4000])).toBe(4000)
    expect(pollTickInterval([200])).toBe(1000)
  })

  it('renews 60 s ahead for a 15-minute code and a quarter of the lifetime for a short one', () => {
    expect(renewLeadMs(900_000)).toBe(60_000)
    expect(renewLeadMs(20_000)).toBe(5_000)
    expect(renewLeadMs(64_000)).toBe(16_000)
  })
})
