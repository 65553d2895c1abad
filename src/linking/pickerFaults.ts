/**
 * The wire layer's typed errors, sorted for the "after linking" flows (Home users, claim). Views get the
 * `PickerFault` kind and choose the words; nothing here is worded for a person.
 */
import { isPlexError, RateLimited, ServerError } from '../plex/errors.js'

export type PickerFault =
  | 'network'
  | 'timeout'
  | 'server'
  | 'badResponse'
  | 'rateLimited'
  /** 401: the token is not valid for this call (the account token: sign in again). */
  | 'unauthorized'
  /** 403/1041 where a PIN check was not expected (plex-api.md §8.2). */
  | 'invalidPin'

export interface PickerError {
  fault: PickerFault
  /** HTTP status when one is known (5xx, 429, 401, 403), else null. */
  status: number | null
  /** Trying again may help (network, timeout, 5xx, 429, malformed answer). */
  retryable: boolean
  retryAfterMs: number | null
}

/** `aborted` = we cancelled it (stop, Back): never shown. */
export function classifyPickerError(error: unknown): PickerError | 'aborted' {
  if (!isPlexError(error)) {
    // Clients promise PlexError only; anything else is a bug in handling an answer. Offer a retry.
    return { fault: 'badResponse', status: null, retryable: true, retryAfterMs: null }
  }
  switch (error.kind) {
    case 'Aborted':
      return 'aborted'
    case 'Unauthorized':
      return { fault: 'unauthorized', status: 401, retryable: false, retryAfterMs: null }
    case 'InvalidHomePin':
      return { fault: 'invalidPin', status: 403, retryable: false, retryAfterMs: null }
    case 'RateLimited':
      return { fault: 'rateLimited', status: 429, retryable: true, retryAfterMs: error instanceof RateLimited ? error.retryAfterMs : null }
    case 'NetworkError':
      return { fault: 'network', status: null, retryable: true, retryAfterMs: null }
    case 'Timeout':
      return { fault: 'timeout', status: null, retryable: true, retryAfterMs: null }
    case 'ServerError':
      return { fault: 'server', status: error instanceof ServerError ? error.status : null, retryable: true, retryAfterMs: null }
    case 'BadResponse':
      return { fault: 'badResponse', status: null, retryable: true, retryAfterMs: null }
    case 'PinExpired':
      // Only pin polling can say "expired"; anywhere else a 404 is just an unexpected answer.
      return { fault: 'server', status: 404, retryable: true, retryAfterMs: null }
  }
}
