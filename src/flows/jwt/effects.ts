/**
 * The calls of the JWT token flow (tokenLifecycle.ts), and the sorting of their errors into its faults.
 * `performJwtCall` is what the kernel runner's `perform` does for this flow; it owns no timer.
 */
import type { RequestOptions } from '../../plex/api.js'
import { isPlexError, RateLimited, ServerError } from '../../plex/errors.js'
import { signDeviceJwt, type DeviceSigner, type PlexJwtApi } from '../../plex/jwt.js'
import { readPlexJwt } from '../../plex/jwtCodec.js'
import { isPlexJwtError, type PlexJwtErrorKind } from '../../plex/jwtErrors.js'
import type { JwtCall, JwtEvent, JwtFault } from './tokenLifecycle.js'

export interface JwtEffectDeps {
  api: PlexJwtApi
  key: DeviceSigner
  clientIdentifier: string
}

/** Makes the call; resolves with the event its answer becomes at device time `at`. Rejects with the wire's error. */
export async function performJwtCall(seq: number, call: JwtCall, deps: JwtEffectDeps, opts?: RequestOptions): Promise<(at: number) => JwtEvent> {
  switch (call.kind) {
    case 'registerKey':
      await deps.api.registerKey(deps.key.jwk, call.token, opts)
      return (at) => ({ type: 'registered', seq, at })
    case 'nonce': {
      const nonce = await deps.api.getNonce(opts)
      return (at) => ({ type: 'nonce', seq, at, nonce })
    }
    case 'exchange': {
      const deviceJwt = await signDeviceJwt(deps.key, { nonce: call.nonce, clientIdentifier: deps.clientIdentifier, serverNowSec: call.serverNowSec })
      const token = await deps.api.exchange(deviceJwt, opts)
      const claims = readPlexJwt(token, deps.clientIdentifier)
      // a token bound to another key than ours could never be refreshed by us: treat it as a bad answer
      const mine = claims !== null && claims.thumbprint === deps.key.jwk.kid ? { iat: claims.iat, exp: claims.exp, thumbprint: claims.thumbprint } : null
      return (at) => ({ type: 'token', seq, at, token, claims: mine })
    }
  }
}

/** The wire's typed errors → this flow's faults. A 498 that plexTvClient reports as ServerError(498) is "expired". */
const JWT_FAULTS: Record<PlexJwtErrorKind, JwtFault> = {
  TokenExpired: { kind: 'expired' },
  KeyRejected: { kind: 'keyRejected' },
  ThumbprintTaken: { kind: 'thumbprintTaken' },
}

export function classifyJwtError(error: unknown): JwtFault {
  if (isPlexJwtError(error)) return JWT_FAULTS[error.kind]
  if (!isPlexError(error)) return { kind: 'transient', retryAfterMs: null, rateLimited: false }
  switch (error.kind) {
    case 'Aborted':
      return { kind: 'aborted' }
    case 'Unauthorized':
      return { kind: 'unauthorized' }
    case 'RateLimited':
      return { kind: 'transient', retryAfterMs: error instanceof RateLimited ? error.retryAfterMs : null, rateLimited: true }
    case 'ServerError':
      return error instanceof ServerError && error.status === 498 ? { kind: 'expired' } : { kind: 'transient', retryAfterMs: null, rateLimited: false }
    default:
      // network, timeout, a bad answer, and statuses that make no sense here (a 404, a 403): wait and retry
      return { kind: 'transient', retryAfterMs: null, rateLimited: false }
  }
}
