/**
 * The wire layer's typed errors, sorted into what the linking machines do with them. Views get the
 * `LinkFault` kind and choose the words; nothing here is worded for a person.
 */
import { isPlexError, RateLimited, ServerError } from '../plex/errors.js'

/** A fault the machines wait out with backoff; each is its own `error` kind for the view. */
export type LinkFault = 'network' | 'timeout' | 'server' | 'badResponse' | 'rateLimited'

/** Which call failed: the same status means different things on a pin and on /user. */
export type CallKind = 'createPin' | 'getPin' | 'getUser'

export type ClassifiedError =
  /** We cancelled it (stop, hidden): never shown. */
  | { type: 'aborted' }
  /** 404/1020 on GET pin: the code really expired (plex-api.md §3). */
  | { type: 'expired' }
  /** 401 on /user: the token is not valid, throw it away (plex-api.md §6). */
  | { type: 'unauthorized' }
  | { type: 'fault'; fault: LinkFault; status: number | null; retryAfterMs: number | null }

export function classifyError(error: unknown, call: CallKind): ClassifiedError {
  if (!isPlexError(error)) {
    // The client promises PlexError only; anything else is a bug in an answer's handling. Treat it as an
    // unexpected answer and retry with backoff rather than freezing the screen.
    return { type: 'fault', fault: 'badResponse', status: null, retryAfterMs: null }
  }
  switch (error.kind) {
    case 'Aborted':
      return { type: 'aborted' }
    case 'PinExpired':
      // Only GET pin can say a code expired; on any other call a 404 is just an unexpected answer.
      return call === 'getPin' ? { type: 'expired' } : serverFault(404)
    case 'Unauthorized':
      // Pins need no token (§1), so a 401 there is a server-side oddity, never "expired" or "signed out".
      return call === 'getUser' ? { type: 'unauthorized' } : serverFault(401)
    case 'RateLimited':
      return { type: 'fault', fault: 'rateLimited', status: 429, retryAfterMs: error instanceof RateLimited ? error.retryAfterMs : null }
    case 'NetworkError':
      return { type: 'fault', fault: 'network', status: null, retryAfterMs: null }
    case 'Timeout':
      return { type: 'fault', fault: 'timeout', status: null, retryAfterMs: null }
    case 'ServerError':
      return serverFault(error instanceof ServerError ? error.status : null)
    case 'BadResponse':
      return { type: 'fault', fault: 'badResponse', status: null, retryAfterMs: null }
    case 'InvalidHomePin':
      return serverFault(403)
  }
}

function serverFault(status: number | null): ClassifiedError {
  return { type: 'fault', fault: 'server', status, retryAfterMs: null }
}
