/**
 * Where the request rate is enforced: one Pacer is shared by every flow (services.ts), so no key press,
 * screen change or second flow can send two requests to the same resource within `PACE_MS`, or any
 * request to a resource that answered 429 before its hold is over. The runner asks `earliest()` before
 * it sends and waits for that slot: presses of "retry now" coalesce into the next allowed slot.
 */
import type { Call } from './faults.js'
import { PACE_MS, rateLimitHold } from './policy.js'

export class Pacer {
  private readonly lastSent = new Map<string, number>()
  private readonly heldUntil = new Map<string, number>()

  constructor(private readonly gapMs = PACE_MS) {}

  /** The earliest clock time a request to `resource` may be sent, `now` or later. */
  earliest(resource: string, now: number): number {
    const last = this.lastSent.get(resource)
    const held = this.heldUntil.get(resource) ?? 0
    return Math.max(now, last === undefined ? now : last + this.gapMs, held)
  }

  sent(resource: string, at: number): void {
    this.lastSent.set(resource, at)
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
