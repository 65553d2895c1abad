/**
 * Typed errors of the wire layer. Behaviour code branches on `kind`; views map `kind` to words.
 * No error ever carries a token: messages are built from status codes and plex.tv error codes only.
 */
export type PlexErrorKind = 'PinExpired' | 'Unauthorized' | 'InvalidHomePin' | 'RateLimited' | 'ServerError' | 'NetworkError' | 'Timeout' | 'BadResponse' | 'Aborted'

/** Whether trying again may help is decided by `classify` in src/flows/kernel/faults.ts, not here. */
export abstract class PlexError extends Error {
  abstract readonly kind: PlexErrorKind
}

/** plex.tv answers 404 with code 1020 "Code not found or expired" for an expired or unknown pin (plex-api.md §3). */
export class PinExpired extends PlexError {
  readonly kind = 'PinExpired' as const
  constructor(message = 'Code not found or expired') {
    super(message)
  }
}

/** 401 (plex.tv code 1001, or the PMS HTML 401): the token is not valid for this call. */
export class Unauthorized extends PlexError {
  readonly kind = 'Unauthorized' as const
  constructor(message = 'Not authorized') {
    super(message)
  }
}

/** 403 code 1041 on a Home user switch: a PIN is required, or the one sent is wrong (plex-api.md §8.2). */
export class InvalidHomePin extends PlexError {
  readonly kind = 'InvalidHomePin' as const
  constructor(message = 'Invalid PIN') {
    super(message)
  }
}

/** 429. `retryAfterMs` is null when plex.tv sent no usable Retry-After header. */
export class RateLimited extends PlexError {
  readonly kind = 'RateLimited' as const
  constructor(readonly retryAfterMs: number | null) {
    super(retryAfterMs === null ? 'Rate limited' : `Rate limited, retry after ${Math.ceil(retryAfterMs / 1000)} s`)
  }
}

/** Any other unexpected HTTP status (5xx above all). */
export class ServerError extends PlexError {
  readonly kind = 'ServerError' as const
  constructor(
    readonly status: number,
    message = `Server answered ${status}`,
  ) {
    super(message)
  }
}

/** No HTTP answer at all: refused, reset, DNS, offline, CORS failure. */
export class NetworkError extends PlexError {
  readonly kind = 'NetworkError' as const
  constructor(readonly causeCode: string | null = null) {
    super(causeCode ? `Network error (${causeCode})` : 'Network error')
  }
}

/** The request took longer than its timeout. */
export class Timeout extends PlexError {
  readonly kind = 'Timeout' as const
  constructor(readonly timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`)
  }
}

/** A 2xx answer whose body is not what the contract says (malformed JSON, missing fields, wrong types). */
export class BadResponse extends PlexError {
  readonly kind = 'BadResponse' as const
  constructor(readonly detail: string) {
    super(`Unexpected answer: ${detail}`)
  }
}

/** The caller cancelled the request (screen left, app hidden). Never shown to a person. */
export class Aborted extends PlexError {
  readonly kind = 'Aborted' as const
  constructor() {
    super('Request cancelled')
  }
}

export function isPlexError(e: unknown): e is PlexError {
  return e instanceof PlexError
}
