/**
 * How long to wait: exponential backoff for faults, the Retry-After rule for 429, and the pin poll interval.
 * Pure functions; the random source is injected so tests can pin the jitter down.
 */

export type JitterMode = 'equal' | 'full' | 'none'

export interface BackoffOptions {
  baseMs: number
  capMs: number
  /**
   * `equal` (default): half the ceiling plus a random half, so a retry never comes sooner than half the
   * ceiling. `full`: anywhere in [0, ceiling]. Both spread the retries of many TVs after an outage
   * (AWS "Exponential Backoff And Jitter"); `equal` keeps a flaky network from being hit again at once.
   */
  jitter?: JitterMode
}

/** 1 s doubling, capped at 30 s: 1, 2, 4, 8, 16, 30, 30 … before jitter. */
export const FAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 1000, capMs: 30000, jitter: 'equal' }

/** plex.tv clients poll a pin every 1 s (python-plexapi, Overseerr, Tautulli; plex-api.md §3). */
export const POLL_INTERVAL_MS = 1000
/** The slowest a pin is ever polled: the top of the 1–5 s range of plex-api.md §3. */
export const MAX_POLL_INTERVAL_MS = 5000
/** plex.tv may send no Retry-After with a 429; then wait at least this long (plex-api.md §3, §13.3). */
export const RATE_LIMIT_MIN_WAIT_MS = 5000
/**
 * A Retry-After longer than a pin's whole life (15 min, §2) is useless to honour exactly and is most
 * likely garbage; it is clamped so a timer never overflows (see clock.ts).
 */
export const RATE_LIMIT_MAX_WAIT_MS = 15 * 60 * 1000

/** The un-jittered delay for the 0-based `attempt`: min(cap, base · 2^attempt). */
export function backoffCeiling(attempt: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.floor(attempt))
  // 2^31 already exceeds any sane cap; avoid Infinity arithmetic for absurd attempt counts.
  if (exponent >= 31) return options.capMs
  return Math.min(options.capMs, options.baseMs * 2 ** exponent)
}

/** The delay before retry number `attempt` (0 = the first retry), in whole milliseconds. */
export function nextBackoffDelay(attempt: number, random: () => number, options: BackoffOptions = FAULT_BACKOFF): number {
  const ceiling = backoffCeiling(attempt, options)
  const r = clamp01(random())
  switch (options.jitter ?? 'equal') {
    case 'none':
      return ceiling
    case 'full':
      return Math.round(ceiling * r)
    case 'equal':
      return Math.round(ceiling / 2 + (ceiling / 2) * r)
  }
}

/**
 * The wait after a 429: the server's Retry-After when it sent one (clamped to [0, 15 min]); otherwise the
 * fault backoff for this attempt but never less than 5 s.
 */
export function rateLimitDelay(
  retryAfterMs: number | null,
  attempt: number,
  random: () => number,
  options: BackoffOptions = FAULT_BACKOFF,
): number {
  if (retryAfterMs !== null && Number.isFinite(retryAfterMs)) {
    return Math.min(RATE_LIMIT_MAX_WAIT_MS, Math.max(0, Math.round(retryAfterMs)))
  }
  return Math.max(RATE_LIMIT_MIN_WAIT_MS, nextBackoffDelay(attempt, random, options))
}

/**
 * The poll interval after a 429 for the rest of a code's life: doubled, at most 5 s (1 → 2 → 4 → 5 s).
 * Never faster than the normal 1 s.
 */
export function slowerPollInterval(currentMs: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, Math.max(POLL_INTERVAL_MS, currentMs * 2))
}

/**
 * The gap between two requests when several pins are polled in turn: the slowest interval among them, so
 * a pin slowed by a 429 is not polled faster just because a fresh code shares the queue.
 */
export function pollTickInterval(intervalsMs: readonly number[]): number {
  let tick = POLL_INTERVAL_MS
  for (const ms of intervalsMs) if (ms > tick) tick = ms
  return tick
}

function clamp01(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0
  return x > 1 ? 1 : x
}
