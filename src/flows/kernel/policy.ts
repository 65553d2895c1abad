/**
 * The one policy for every plex.tv and server call: how long to wait after a failure, after a 429, and how
 * far apart two requests to the same resource must be. Pure functions and constants; the random source
 * is injected so tests pin the jitter down. `pacer.ts` applies the spacing and the 429 hold at send time.
 */
import type { Fault } from './faults.js'

export interface RetryPolicy {
  /** The un-jittered wait before the first retry; doubles per failure. */
  baseMs: number
  capMs: number
  /** No retry ever comes sooner than this after a failure. */
  minMs: number
}

/**
 * Equal jitter on a 2 s base, capped at 30 s: 1–2 s, 2–4 s, 4–8 s … 15–30 s. Half the ceiling plus a random
 * half spreads the retries of many TVs after an outage (AWS "Exponential Backoff And Jitter") while a
 * retry never comes sooner than 1 s after a failure.
 */
export const FAULT_RETRY: RetryPolicy = { baseMs: 2000, capMs: 30_000, minMs: 1000 }

/** At most one request a second per plex.tv resource (or server), whatever keys are pressed. */
export const PACE_MS = 1000
/** plex.tv may send no Retry-After with a 429, and a browser cannot read it anyway (CORS, plex-api.md §0): wait at least this. */
export const RATE_LIMIT_MIN_WAIT_MS = 5000
/**
 * A Retry-After longer than a pin's whole life (15 min, §2) is useless to honour exactly and most likely
 * garbage; it is clamped so a timer never overflows (see clock.ts).
 */
export const RATE_LIMIT_MAX_WAIT_MS = 15 * 60 * 1000

/** The un-jittered delay for the 0-based `attempt`: min(cap, base · 2^attempt). */
export function retryCeiling(policy: RetryPolicy, attempt: number): number {
  const exponent = Math.max(0, Math.floor(attempt))
  // 2^31 already exceeds any sane cap; avoid Infinity arithmetic for absurd attempt counts.
  if (exponent >= 31) return policy.capMs
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
}

/** The wait before retry number `attempt` (0 = the first retry), whole ms: ceiling/2 + random half, ≥ minMs. */
export function retryDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const ceiling = retryCeiling(policy, attempt)
  return Math.max(policy.minMs, Math.round(ceiling / 2 + (ceiling / 2) * clamp01(random)))
}

/** The hold after a 429: Retry-After when it could be read (clamped to [0, 15 min]), else 5 s. */
export function rateLimitHold(retryAfterMs: number | null): number {
  if (retryAfterMs !== null && Number.isFinite(retryAfterMs)) return Math.min(RATE_LIMIT_MAX_WAIT_MS, Math.max(0, Math.round(retryAfterMs)))
  return RATE_LIMIT_MIN_WAIT_MS
}

/**
 * The wait after `fault` at failure number `attempt` (0-based): Retry-After for a 429 that sent one,
 * otherwise the backoff — never less than 5 s after a 429.
 */
export function faultDelay(fault: Pick<Fault, 'kind' | 'retryAfterMs'>, attempt: number, random: number, policy: RetryPolicy = FAULT_RETRY): number {
  if (fault.kind !== 'rateLimited') return retryDelay(policy, attempt, random)
  if (fault.retryAfterMs !== null && Number.isFinite(fault.retryAfterMs)) return rateLimitHold(fault.retryAfterMs)
  return Math.max(RATE_LIMIT_MIN_WAIT_MS, retryDelay(policy, attempt, random))
}

function clamp01(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0
  return x > 1 ? 1 : x
}
