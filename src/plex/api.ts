/**
 * The contracts of the wire layer. `src/flows` depends only on these interfaces (so its tests can pass a
 * fake), the real implementations live in `plexTvClient.ts` and `pmsClient.ts`.
 */
import type { DeviceIdentity, Home, LibrarySection, Pin, PlexAccount, PmsIdentity, PmsRoot, Resource, SwitchedUser } from './types.js'

export interface RequestOptions {
  /** Cancels the request; the promise then rejects with `Aborted`. */
  signal?: AbortSignal
  /** Overrides the client's default timeout for this call. */
  timeoutMs?: number
  /**
   * The kernel's pacing gate (runner.ts): called right before this call's own request leaves — after any
   * preparation such as a nonce and a signature — and, when it returns a promise, the request waits for it.
   * Requests made only to prepare the call (a nonce) must not be given it.
   */
  pace?: Pace
}

/** Waits for the shared Pacer's slot of the call's resource and marks the request sent; null: send now. */
export type Pace = () => Promise<void> | null

/** plex.tv account API (v2, JSON). Every method rejects only with a `PlexError` subclass. */
export interface PlexTvApi {
  readonly identity: DeviceIdentity
  /** POST /api/v2/pins (never strong: plex.tv/link accepts only 4-character codes). */
  createPin(opts?: RequestOptions): Promise<Pin>
  /** GET /api/v2/pins/{id}; 404/1020 → PinExpired. */
  getPin(id: number, opts?: RequestOptions): Promise<Pin>
  /** PUT /api/v2/pins/link with form body code=…: what plex.tv/link does for a signed-in person. */
  linkPin(code: string, token: string, opts?: RequestOptions): Promise<void>
  /** GET /api/v2/user; 401 → Unauthorized (throw the token away), anything else keeps it. */
  getUser(token: string, opts?: RequestOptions): Promise<PlexAccount>
  /** GET /api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1 (all devices; filter on provides). */
  getResources(token: string, opts?: RequestOptions): Promise<Resource[]>
  /** GET /api/v2/home/users. */
  getHomeUsers(token: string, opts?: RequestOptions): Promise<Home>
  /** POST /api/v2/home/users/{uuid}/switch[?pin=NNNN]; 403/1041 → InvalidHomePin. */
  switchHomeUser(token: string, uuid: string, pin: string | null, opts?: RequestOptions): Promise<SwitchedUser>
  /** GET /api/claim/token.json → "claim-…". */
  getClaimToken(token: string, opts?: RequestOptions): Promise<string>
  /**
   * Diagnostics: POST /api/v2/pins without a token (what getting a code needs). Any HTTP answer means
   * plex.tv is reachable; resolves with its status and plex.tv's clock as epoch ms — the new pin's
   * `createdAt`, else a readable `Date` header, else null — and rejects only when nothing answered
   * (NetworkError, Timeout, Aborted).
   */
  ping(opts?: RequestOptions): Promise<{ status: number; serverDate: number | null }>
}

/** A Plex Media Server, addressed by one connection URI at a time. */
export interface PmsApi {
  /** GET {uri}/identity, no token. */
  identity(uri: string, opts?: RequestOptions): Promise<PmsIdentity>
  /** GET {uri}/ with the server's accessToken; 401 → Unauthorized. */
  root(uri: string, token: string, opts?: RequestOptions): Promise<PmsRoot>
  /** GET {uri}/library/sections with the server's accessToken. */
  librarySections(uri: string, token: string, opts?: RequestOptions): Promise<LibrarySection[]>
  /** POST {uri}/myplex/claim?token=claim-… (a one-time claim token, not an account token). */
  claim(uri: string, claimToken: string, opts?: RequestOptions): Promise<void>
}
