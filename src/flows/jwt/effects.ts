/**
 * The calls of the JWT token flow (tokenLifecycle.ts), and the sorting of their errors into its faults.
 * `performJwtCall` is what the kernel runner's `perform` does for this flow; it owns no timer.
 */
import type { RequestOptions } from '../../plex/api.js'
import { signDeviceJwt, type DeviceSigner, type PlexJwtApi } from '../../plex/jwt.js'
import { readPlexJwt } from '../../plex/jwtCodec.js'
import { classify, type Call, type Fault } from '../kernel/faults.js'
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

/** The kernel's call for a request of this flow: a registration sends the account token, a refresh none. */
export function kernelCallOf(call: JwtCall): Call {
  return call.kind === 'registerKey' ? 'jwtRegister' : 'jwtAuth'
}

/** The kernel's fault (flows/kernel/faults.ts, the one vocabulary) → this flow's. */
export function jwtFaultOf(fault: Fault): JwtFault {
  switch (fault.kind) {
    case 'aborted':
      return { kind: 'aborted' }
    case 'tokenExpired':
      return { kind: 'expired' }
    case 'keyRejected':
    case 'thumbprintTaken':
    case 'revoked':
    case 'unauthorized':
      return { kind: fault.kind }
    default:
      // network, timeout, 5xx, a bad answer, a 429, and statuses that make no sense here: wait and retry
      return { kind: 'transient', retryAfterMs: fault.retryAfterMs, rateLimited: fault.kind === 'rateLimited' }
  }
}

/** A wire error of `call` sorted the way the runner sorts it: the kernel's classify, then this flow's kinds. */
export function classifyJwtError(error: unknown, call: JwtCall): JwtFault {
  return jwtFaultOf(classify(error, kernelCallOf(call)))
}
