/**
 * What the link screen renders: data only, the view chooses the words. Derived from the reducer's model
 * by `linkCodeStateOf` (reducer.ts).
 */
import type { Call, TransientKind } from '../kernel/faults.js'
import type { PlexAccount } from '../../plex/types.js'

export type LinkCall = Extract<Call, 'createPin' | 'getPin' | 'getUser'>

export interface ShownCode {
  pinId: number
  /** The 4 characters to type at plex.tv/link. */
  code: string
  /** plex.tv's QR image URL for this code (plex-api.md §5), when it sent one. */
  qr: string | null
  /** Clock time at which the code expires. */
  expiresAt: number
  /** The code's whole lifetime, for a countdown bar. */
  lifetimeMs: number
}

export interface FaultInfo {
  fault: TransientKind
  /** Which request is failing: creating a code, polling one, or fetching the account. */
  request: LinkCall
  /** HTTP status for `server` (and 429 for `rateLimited`), else null. */
  status: number | null
  /** Clock time of the automatic retry ("retrying in 8 s"). */
  retryAt: number
  /** Consecutive failures so far, 1 for the first. */
  attempt: number
}

export type LinkCodeState =
  /** Not started, or left. */
  | { kind: 'stopped' }
  /** Asking plex.tv for a code; nothing to show yet. */
  | { kind: 'creating' }
  /** A code is shown and polled. `previousCode` is the code it replaced, still polled until it expires. */
  | { kind: 'waiting'; code: ShownCode; previousCode: ShownCode | null }
  /**
   * The last request failed; it is retried by itself at `retryAt` (or in the next allowed slot with
   * `retryNow()`). A code that is still valid stays on screen (`code`), since a person may be typing it.
   */
  | { kind: 'error'; fault: TransientKind; request: LinkCall; status: number | null; retryAt: number; attempt: number; code: ShownCode | null }
  /** Stopped after `expiredCodes` codes expired in a row; `retryNow()` starts again. */
  | { kind: 'idle'; expiredCodes: number }
  /**
   * Somebody linked a code. `account` is null until GET /api/v2/user answers; `accountFault` is set while
   * that call is being retried (the token is kept meanwhile).
   */
  | { kind: 'linked'; token: string; account: PlexAccount | null; accountFault: FaultInfo | null }

/** Time left and the fraction of the lifetime left, for the countdown. */
export function countdownOf(code: ShownCode, now: number): { remainingMs: number; fraction: number } {
  const remainingMs = Math.max(0, code.expiresAt - now)
  const fraction = code.lifetimeMs > 0 ? Math.min(1, remainingMs / code.lifetimeMs) : 0
  return { remainingMs, fraction }
}
