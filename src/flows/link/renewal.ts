/**
 * What decides a renewal, and the pace of polling a code. plex.tv clients poll a pin every second
 * (python-plexapi, Overseerr, Tautulli; plex-api.md §3); a 4-character pin lives 15 minutes (§2).
 *
 * The next code is created when the shown one has `renewLeadMs(lifetime)` left: 60 s for a 15-minute pin,
 * a quarter of the lifetime for a short one (a 20 s pin renews with 5 s left). Only the shown (newest)
 * code is ever renewed, and only once: the new code is the shown one from then on, with its whole life
 * ahead, so there is never more than one create per code lifetime, whatever the lifetime.
 */
import type { TrackedPin } from './reducer.js'

/** Create the next code when a long-lived shown code has this long left. */
export const RENEW_BEFORE_MS = 60_000
/** …or when a short-lived one has this fraction of its lifetime left. */
export const RENEW_FRACTION = 1 / 4
/**
 * `expiresIn` is whole seconds, so our deadline can be up to a second early. A pin is polled until plex.tv
 * says 404; only when no answer comes (offline) is it dropped on our own clock, this long after its deadline.
 */
export const EXPIRY_GRACE_MS = 2_000
/** Codes that may expire in a row, nobody linking, before the kiosk stops asking plex.tv for more. */
export const MAX_UNATTENDED_CODES = 4

export const POLL_INTERVAL_MS = 1000
/** The slowest a pin is ever polled: the top of the 1–5 s range of plex-api.md §3. */
export const MAX_POLL_INTERVAL_MS = 5000

/** How long before a code expires its successor is created. */
export function renewLeadMs(lifetimeMs: number): number {
  return Math.min(RENEW_BEFORE_MS, Math.max(0, lifetimeMs) * RENEW_FRACTION)
}

/**
 * Whether the next code should be created at `at`: there is none, "Get a new code" was pressed, or the
 * shown code is within its renewal lead — except that the 4th code in a row is not renewed, so the 4th
 * expiry is the last code, not a 5th code thrown away.
 */
export function renewalDue(m: { pins: readonly TrackedPin[]; expiredInARow: number; renewRequested: boolean }, at: number): boolean {
  const shown = m.pins[m.pins.length - 1]
  if (shown === undefined || m.renewRequested) return true
  if (shown.expiresAt - at > renewLeadMs(shown.lifetimeMs)) return false
  return m.expiredInARow + m.pins.length < MAX_UNATTENDED_CODES
}

/** The poll interval after a 429 for the rest of a code's life: doubled, at most 5 s (1 → 2 → 4 → 5 s). */
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
