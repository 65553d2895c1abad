import { FAULT_BACKOFF, nextBackoffDelay, rateLimitDelay } from './backoff.js'
import type { Clock } from './clock.js'
import type { PickerError } from './pickerFaults.js'

/**
 * The automatic retry after a failed request that the behaviour leaves to its owner (loading the Home
 * users, the libraries): backoff with jitter capped at 30 s, Retry-After on 429, nothing on 401.
 * `retryAt` is for the countdown on screen. One timer; `cancel()` ends it.
 */
export class RetryTimer {
  private handle: unknown = null
  private attempt = 0
  retryAt: number | null = null

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {}

  /** Schedules `run` after the wait for this failure; returns false when retrying cannot help. */
  schedule(error: PickerError, run: () => void): boolean {
    this.cancel()
    if (!error.retryable) return false
    const wait = error.fault === 'rateLimited' ? rateLimitDelay(error.retryAfterMs, this.attempt, this.random) : nextBackoffDelay(this.attempt, this.random, FAULT_BACKOFF)
    this.attempt += 1
    this.retryAt = this.clock.now() + wait
    this.handle = this.clock.setTimeout(() => {
      this.handle = null
      this.retryAt = null
      run()
    }, wait)
    return true
  }

  /** A success: the next failure starts from the shortest wait again. */
  reset(): void {
    this.cancel()
    this.attempt = 0
  }

  cancel(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle)
    this.handle = null
    this.retryAt = null
  }
}
