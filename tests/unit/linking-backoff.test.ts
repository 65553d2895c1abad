import { describe, expect, it } from 'vitest'
import {
  FAULT_BACKOFF,
  MAX_POLL_INTERVAL_MS,
  POLL_INTERVAL_MS,
  RATE_LIMIT_MAX_WAIT_MS,
  RATE_LIMIT_MIN_WAIT_MS,
  backoffCeiling,
  nextBackoffDelay,
  pollTickInterval,
  rateLimitDelay,
  slowerPollInterval,
} from '../../src/linking/backoff.js'

const SECONDS = [1, 2, 4, 8, 16, 30, 30, 30]

/** A small deterministic PRNG (mulberry32) for jitter bounds. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('nextBackoffDelay', () => {
  it('doubles from 1 s and caps at 30 s: 1, 2, 4, 8, 16, 30, 30 s', () => {
    expect(SECONDS.map((_, i) => backoffCeiling(i, FAULT_BACKOFF))).toEqual(SECONDS.map((s) => s * 1000))
    expect(SECONDS.map((_, i) => nextBackoffDelay(i, () => 1))).toEqual(SECONDS.map((s) => s * 1000))
    expect(SECONDS.map((_, i) => nextBackoffDelay(i, () => 0.5, { ...FAULT_BACKOFF, jitter: 'none' }))).toEqual(SECONDS.map((s) => s * 1000))
  })

  it('equal jitter stays within [ceiling/2, ceiling]', () => {
    const random = seeded(42)
    for (let round = 0; round < 200; round++) {
      SECONDS.forEach((s, i) => {
        const d = nextBackoffDelay(i, random)
        expect(d).toBeGreaterThanOrEqual((s * 1000) / 2)
        expect(d).toBeLessThanOrEqual(s * 1000)
      })
    }
    expect(nextBackoffDelay(3, () => 0)).toBe(4000)
  })

  it('full jitter stays within [0, ceiling]', () => {
    const random = seeded(7)
    const full = { ...FAULT_BACKOFF, jitter: 'full' as const }
    for (let round = 0; round < 200; round++) {
      SECONDS.forEach((s, i) => {
        const d = nextBackoffDelay(i, random, full)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThanOrEqual(s * 1000)
      })
    }
    expect(nextBackoffDelay(4, () => 0, full)).toBe(0)
    expect(nextBackoffDelay(4, () => 0.25, full)).toBe(4000)
  })

  it('survives absurd inputs: huge attempts, a random source outside [0, 1]', () => {
    expect(nextBackoffDelay(10_000, () => 1)).toBe(30_000)
    expect(nextBackoffDelay(-3, () => 1)).toBe(1000)
    expect(nextBackoffDelay(2, () => 7)).toBe(4000)
    expect(nextBackoffDelay(2, () => Number.NaN)).toBe(2000)
  })
})

describe('rateLimitDelay', () => {
  it('honours Retry-After exactly', () => {
    expect(rateLimitDelay(7000, 0, () => 1)).toBe(7000)
    expect(rateLimitDelay(2000, 5, () => 1)).toBe(2000)
  })

  it('waits at least 5 s without Retry-After, growing with the backoff beyond that', () => {
    expect(rateLimitDelay(null, 0, () => 0)).toBe(RATE_LIMIT_MIN_WAIT_MS)
    expect(rateLimitDelay(null, 2, () => 1)).toBe(5000)
    expect(rateLimitDelay(null, 3, () => 1)).toBe(8000)
    expect(rateLimitDelay(null, 9, () => 1)).toBe(30000)
  })

  it('clamps a garbage Retry-After so no timer overflows', () => {
    expect(rateLimitDelay(1e12, 0, () => 1)).toBe(RATE_LIMIT_MAX_WAIT_MS)
    expect(rateLimitDelay(-5, 0, () => 1)).toBe(0)
  })
})

describe('poll interval policy', () => {
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
})
