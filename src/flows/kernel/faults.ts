/**
 * The one fault vocabulary: every flow sorts the wire layer's typed errors with `classify`, and the views
 * choose words from the `kind` (nothing here is worded for a person). What a kind *does* (wait, give up,
 * sign in again) is decided by the flow's reducer with the delays of `policy.ts`.
 */
import { isPlexError, RateLimited, ServerError } from '../../plex/errors.js'
import { isPlexJwtError } from '../../plex/jwtErrors.js'

/** Which call failed: the same status means different things on a pin, on /user and on a Home switch. */
export type Call =
  | 'createPin'
  | 'getPin'
  | 'getUser'
  | 'getHomeUsers'
  | 'switchHomeUser'
  | 'getResources'
  | 'getClaimToken'
  | 'claim'
  | 'identity'
  | 'librarySections'
  | 'ping'
  /** plex.tv's JWT refresh: nonce and exchange, made with the device key and no token (plex-api.md §9 C). */
  | 'jwtAuth'
  /** POST /api/v2/auth/jwk: the device key registered with the account token (a legacy token's migration, §9 B). */
  | 'jwtRegister'

/**
 * A fault that is waited out with backoff; each is its own kind for the words. `tokenExpired` (498, §9) is one:
 * the keyed client has already asked the token flow to refresh, so the same call a little later goes out with
 * the new Plex JWT — it is never "sign in again".
 */
export type TransientKind = 'network' | 'timeout' | 'server' | 'badResponse' | 'rateLimited' | 'tokenExpired'

export type FaultKind =
  | TransientKind
  /** We cancelled it (stop, hidden, Back): never shown. */
  | 'aborted'
  /** 404/1020 on GET pin: the code really expired (plex-api.md §3). */
  | 'expired'
  /** 401 with an account or user token: the token is not valid, sign in again (plex-api.md §6). */
  | 'unauthorized'
  /** 403/1041 on a Home switch: a PIN is needed or the PIN was wrong (plex-api.md §8.2, §13.9). */
  | 'invalidPin'
  /** 422 on a refresh or a key registration: plex.tv does not take this device's signature or key (§9). */
  | 'keyRejected'
  /** 422 "Thumbprint Already Taken": this key is registered by another device (§9). */
  | 'thumbprintTaken'
  /** 401 on a refresh (nonce, exchange: no token is sent there): plex.tv revoked this device; only linking again helps. */
  | 'revoked'

export interface Fault {
  kind: FaultKind
  /** HTTP status when one is known (5xx, 429, 401, 403, 404), else null. */
  status: number | null
  /** plex.tv's Retry-After, when the browser could read it (a 429 only). */
  retryAfterMs: number | null
  /** Trying the same request again later may help. */
  retryable: boolean
}

/** Pins need no token (plex-api.md §1): a 401 or 403 there is a server-side oddity, not "sign in again". */
const TOKENLESS: ReadonlySet<Call> = new Set<Call>(['createPin', 'getPin', 'ping'])

/** 498 "token expired" (plex-api.md §9): a Plex JWT to refresh, on any call made with the account token. */
export function isTokenExpired(error: unknown): boolean {
  return (error instanceof ServerError && error.status === 498) || (isPlexJwtError(error) && error.kind === 'TokenExpired')
}

const refusal = (kind: 'keyRejected' | 'thumbprintTaken' | 'revoked' | 'unauthorized', status: number): Fault => ({ kind, status, retryAfterMs: null, retryable: false })

export function classify(error: unknown, call: Call): Fault {
  if (isTokenExpired(error)) {
    // a pin needs no token: a 498 there is a server-side oddity, waited out like any other
    return TOKENLESS.has(call) ? transient('server', 498) : transient('tokenExpired', 498)
  }
  if (isPlexJwtError(error)) {
    // 422 on a pin's poll: the device JWT it carried is stale (nonce, clock); the next poll carries a fresh one
    if (TOKENLESS.has(call)) return transient('server', 422)
    return refusal(error.kind === 'ThumbprintTaken' ? 'thumbprintTaken' : 'keyRejected', 422)
  }
  if (!isPlexError(error)) {
    // The clients promise PlexError only; anything else is a bug in handling an answer. Treat it as an
    // unexpected answer and retry with backoff rather than freezing the screen.
    return transient('badResponse', null)
  }
  switch (error.kind) {
    case 'Aborted':
      return { kind: 'aborted', status: null, retryAfterMs: null, retryable: false }
    case 'PinExpired':
      // Only GET pin can say a code expired; anywhere else a 404 is just an unexpected answer.
      return call === 'getPin' ? { kind: 'expired', status: 404, retryAfterMs: null, retryable: false } : transient('server', 404)
    case 'Unauthorized':
      if (TOKENLESS.has(call)) return transient('server', 401)
      // a refresh sends no token: a 401 there is about the device itself (revoked in Authorized Devices)
      return refusal(call === 'jwtAuth' ? 'revoked' : 'unauthorized', 401)
    case 'InvalidHomePin':
      return call === 'switchHomeUser' ? { kind: 'invalidPin', status: 403, retryAfterMs: null, retryable: false } : transient('server', 403)
    case 'RateLimited':
      return { kind: 'rateLimited', status: 429, retryAfterMs: error instanceof RateLimited ? error.retryAfterMs : null, retryable: true }
    case 'NetworkError':
      return transient('network', null)
    case 'Timeout':
      return transient('timeout', null)
    case 'ServerError':
      return transient('server', error instanceof ServerError ? error.status : null)
    case 'BadResponse':
      return transient('badResponse', null)
  }
}

function transient(kind: TransientKind, status: number | null): Fault {
  return { kind, status, retryAfterMs: null, retryable: true }
}

/** Narrows a kind to the ones waited out with backoff (the link and startup words name only these). */
export function isTransient(kind: FaultKind): kind is TransientKind {
  return kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'badResponse' || kind === 'rateLimited' || kind === 'tokenExpired'
}

/** plex.tv ended this TV's sign-in for good: only linking again (with a new key) helps, never a retry. */
export function isDeviceRefusal(kind: FaultKind): kind is 'keyRejected' | 'thumbprintTaken' | 'revoked' {
  return kind === 'keyRejected' || kind === 'thumbprintTaken' || kind === 'revoked'
}
