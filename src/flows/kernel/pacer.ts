/**
 * Where the request rate is enforced: one Pacer is shared by every flow (services.ts), so no key press,
 * screen change or second flow can send two requests to the same resource within `PACE_MS`, or any
 * request to a resource that answered 429 before its hold is over. The runner asks `earliest()` before
 * it starts a call and waits for that slot: presses of "retry now" coalesce into the next allowed slot.
 * A call may prepare its request first (a keyed poll fetches a nonce and signs): the runner's `pace` gate,
 * called by the transport as the request leaves, waits for `earliestWire()` and marks `wired()`, so the
 * gap holds between the requests plex.tv sees, not only between the calls the runner started.
 */
import type { Call } from './faults.js'
import { PACE_MS, rateLimitHold } from './policy.js'

export class Pacer {
  /** When a call to the resource last started (its preparation included) or its request last left. */
  private readonly lastSent = new Map<string, number>()
  /** When a request to the resource last left, as the wire saw it. */
  private readonly lastWired = new Map<string, number>()
  private readonly heldUntil = new Map<string, number>()

  constructor(private readonly gapMs = PACE_MS) {}

  /** The earliest clock time a call to `resource` may start, `now` or later. */
  earliest(resource: string, now: number): number {
    return Math.max(this.after(this.lastSent, resource, now), this.after(this.lastWired, resource, now))
  }

  /**
   * The earliest clock time the request itself may leave: a call whose preparation (a nonce, a signature)
   * took time started on its slot, but its request must still be a gap after the one before it.
   */
  earliestWire(resource: string, now: number): number {
    return this.after(this.lastWired, resource, now)
  }

  /** A call to `resource` starts at `at` (it may still prepare its request). */
  sent(resource: string, at: number): void {
    this.lastSent.set(resource, Math.max(this.lastSent.get(resource) ?? at, at))
  }

  /** The request to `resource` leaves at `at`: the next call's slot counts from here. */
  wired(resource: string, at: number): void {
    this.lastWired.set(resource, at)
    this.sent(resource, at)
  }

  private after(last: Map<string, number>, resource: string, now: number): number {
    const at = last.get(resource)
    return Math.max(now, at === undefined ? now : at + this.gapMs, this.heldUntil.get(resource) ?? 0)
  }

  /** A 429 from `resource` at `at`: nothing goes there before Retry-After (or 5 s without one). */
  rateLimited(resource: string, at: number, retryAfterMs: number | null): void {
    const until = at + rateLimitHold(retryAfterMs)
    this.heldUntil.set(resource, Math.max(this.heldUntil.get(resource) ?? 0, until))
  }
}

/**
 * The resource a call hits, for pacing: one plex.tv endpoint, or one server origin (each connection of a
 * server is its own address).
 */
export function resourceOf(call: Call, uri?: string): string {
  switch (call) {
    case 'createPin':
    case 'getPin':
    case 'ping':
      return 'plex.tv/api/v2/pins'
    case 'getUser':
      return 'plex.tv/api/v2/user'
    case 'getHomeUsers':
      return 'plex.tv/api/v2/home/users'
    case 'switchHomeUser':
      return 'plex.tv/api/v2/home/users/switch'
    case 'getResources':
      return 'plex.tv/api/v2/resources'
    case 'getClaimToken':
      return 'plex.tv/api/claim/token'
    case 'jwtAuth':
    case 'jwtRegister':
      return 'plex.tv/api/v2/auth'
    case 'claim':
    case 'identity':
    case 'librarySections':
      return `pms ${originOf(uri ?? '')}`
  }
}

function originOf(uri: string): string {
  const match = /^[a-z]+:\/\/[^/?#]+/i.exec(uri)
  return match ? match[0].toLowerCase() : uri
}
