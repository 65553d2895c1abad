/**
 * Typed errors of plex.tv's JWT device authentication (plex-api.md §9, developer.plex.tv "Error Handling"):
 * 498 Token Expired, 422 Signature Verification Failed, 422 Thumbprint Already Taken. 401 stays `Unauthorized`
 * and 429 `RateLimited` (errors.ts).
 *
 * They are not `PlexError`s: that union's exhaustive switches live in code being moved (src/linking →
 * src/flows); when the JWT flow is wired in, these kinds join the kernel's fault vocabulary. Until then a 498
 * from plexTvClient (e.g. /api/v2/user with an expired Plex JWT) arrives as `ServerError(498)`, which
 * src/flows/jwt reads as "expired" too.
 */
export type PlexJwtErrorKind = 'TokenExpired' | 'KeyRejected' | 'ThumbprintTaken'

export abstract class PlexJwtError extends Error {
  abstract readonly kind: PlexJwtErrorKind
  /** Never: a refresh, a new link or a new key is needed, not the same call again. */
  get transient(): boolean {
    return false
  }
}

export function isPlexJwtError(e: unknown): e is PlexJwtError {
  return e instanceof PlexJwtError
}

/** 498: the Plex JWT has expired; refresh it (it can be refreshed even after it expired). */
export class TokenExpired extends PlexJwtError {
  readonly kind = 'TokenExpired' as const
  constructor() {
    super('Token expired')
  }
}

/**
 * 422 on a device JWT or a JWK: bad signature, bad JWT structure, unknown or used nonce, a key plex.tv does
 * not know for this device. Trying again with the same key will not help.
 */
export class KeyRejected extends PlexJwtError {
  readonly kind = 'KeyRejected' as const
  constructor() {
    super('Device key rejected')
  }
}

/** 422 "Thumbprint Already Taken": this key is registered by another device. */
export class ThumbprintTaken extends PlexJwtError {
  readonly kind = 'ThumbprintTaken' as const
  constructor() {
    super('Device key already registered by another device')
  }
}
