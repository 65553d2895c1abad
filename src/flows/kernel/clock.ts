/**
 * Time as a dependency: the link-code and startup machines never read `Date.now()` or call `setTimeout`
 * themselves, so the unit tests drive them with a fake clock and no real waiting.
 *
 * `now()` must be epoch milliseconds (not a monotonic counter): a pending pin is persisted with an
 * absolute deadline so that a reload can resume it, and a monotonic reference does not survive a reload.
 * The price: a wall-clock jump during one run shifts a countdown by the size of the jump. Countdowns are
 * still computed from plex.tv's `expiresIn` at the moment its answer arrived, never from `expiresAt`
 * compared with the device's (often wrong) wall clock.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/**
 * Browsers fire a timeout whose delay does not fit in a signed 32-bit integer at once, which would turn a
 * long wait (a huge Retry-After) into a burst of requests. Longer waits are clamped; the machines re-check
 * their schedule when the timer fires.
 */
export const MAX_TIMER_DELAY_MS = 0x7fffffff

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, ms))),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}
