/**
 * The wire side of plex.tv's JWT device authentication (plex-api.md §9): a pin carrying the device's public
 * JWK, polled with a device JWT; nonce → device JWT → Plex JWT; a key registered with an existing (legacy)
 * token. No timers, no storage, no UI: the flow in src/flows/jwt decides when each call happens.
 *
 * Sources: developer.plex.tv "Authenticating with Plex" (via a May 2026 extract) and python-plexapi's
 * MyPlexJWTLogin (pushingkarmaorg/python-plexapi plexapi/myplex.py: _getCode, _checkLogin, _encodeClientJWT,
 * _registerPlexDevice, _getPlexNonce, _exchangePlexJWT, _getPlexPublicJWK).
 */
import type { RequestOptions } from './api.js'
import { BadResponse, Unauthorized, type PlexError } from './errors.js'
import { plexHeaders } from './headers.js'
import { base64UrlEncode, looksLikeJwt, signingInput, utf8Encode } from './jwtCodec.js'
import { KeyRejected, ThumbprintTaken, TokenExpired, type PlexJwtError } from './jwtErrors.js'
import { parseJsonBody, parsePin } from './parse.js'
import { plexTvStatusError, withoutToken } from './plexTvClient.js'
import { createTransport, plexTvErrorOf, type TransportAdapter, type WireRequest, type WireResponse } from './transport.js'
import type { DeviceIdentity, Pin } from './types.js'

/** The device's public key as plex.tv takes it: `{"kty":"OKP","crv":"Ed25519","x",…,"kid","use":"sig","alg":"EdDSA"}` (§9). */
export interface DevicePublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  /** base64url of the 32-byte public key. */
  x: string
  kid: string
  use: 'sig'
  alg: 'EdDSA'
}

/** Holds the private key (platform/deviceKey.ts) and signs with it; the key itself never comes out. */
export interface DeviceSigner {
  readonly jwk: DevicePublicJwk
  /** Ed25519 signature (64 bytes) of `data`. */
  sign(data: Uint8Array): Promise<Uint8Array>
}

/** What the device asks the Plex JWT to carry about the user (the docs' example; all six: §9 Scopes). */
export const DEFAULT_JWT_SCOPE = 'username,email,friendly_name'
/** python-plexapi's device JWTs live 5 minutes (exp = iat + 5 min); the simulator accepts no longer. */
export const DEVICE_JWT_LIFETIME_SEC = 300

/**
 * A device JWT over a nonce (§9 C2): header {kid, alg EdDSA, typ JWT}; claims {nonce, scope, aud "plex.tv",
 * iss = client identifier, iat, exp}. `serverNowSec` is plex.tv's clock as the caller best knows it (from a
 * pin's createdAt or a Plex JWT's iat): a TV's own clock can be hours off, and plex.tv checks these times.
 */
export async function signDeviceJwt(signer: DeviceSigner, claims: { nonce: string; clientIdentifier: string; serverNowSec: number; scope?: string }): Promise<string> {
  const iat = Math.floor(claims.serverNowSec)
  const input = signingInput(
    { kid: signer.jwk.kid, alg: 'EdDSA', typ: 'JWT' },
    { nonce: claims.nonce, scope: claims.scope ?? DEFAULT_JWT_SCOPE, aud: 'plex.tv', iss: claims.clientIdentifier, iat, exp: iat + DEVICE_JWT_LIFETIME_SEC },
  )
  const signature = await signer.sign(utf8Encode(input))
  return `${input}.${base64UrlEncode(signature)}`
}

/**
 * A non-2xx answer of a JWT endpoint (or of any plex.tv call made with a Plex JWT) → a typed error:
 * 498 → TokenExpired; 422 → ThumbprintTaken when plex.tv says so, Unauthorized for "Invalid token"
 * (python-plexapi's reading), else KeyRejected; everything else as plexTvStatusError maps it.
 */
export function jwtStatusError(res: WireResponse, endpoint: 'pin' | 'other' = 'other'): PlexError | PlexJwtError {
  if (res.status === 498) return new TokenExpired()
  if (res.status === 422) {
    const { message } = plexTvErrorOf(res.body)
    if (/thumbprint/i.test(message)) return new ThumbprintTaken()
    if (/invalid token/i.test(message)) return new Unauthorized()
    return new KeyRejected()
  }
  return plexTvStatusError(res, endpoint)
}

/** Every method rejects only with a `PlexError` (errors.ts) or a `PlexJwtError` (jwtErrors.ts). */
export interface PlexJwtApi {
  /** POST /api/v2/pins with {"jwk"} (never strong: plex.tv/link takes 4-character codes, §13.1). */
  createPin(jwk: DevicePublicJwk, opts?: RequestOptions): Promise<Pin>
  /** GET /api/v2/pins/{id}?deviceJWT=…: `authToken` is the Plex JWT once linked; 404 → PinExpired, 422 → KeyRejected. */
  pollPin(id: number, deviceJwt: string, opts?: RequestOptions): Promise<Pin>
  /** GET /api/v2/auth/nonce → a nonce valid 5 minutes; 429 → RateLimited. */
  getNonce(opts?: RequestOptions): Promise<string>
  /** POST /api/v2/auth/token {"jwt"} → the new Plex JWT (`auth_token`). */
  exchange(deviceJwt: string, opts?: RequestOptions): Promise<string>
  /** POST /api/v2/auth/jwk {"jwk"} with an existing token (legacy or JWT) → 201. 401 → Unauthorized. */
  registerKey(jwk: DevicePublicJwk, token: string, opts?: RequestOptions): Promise<void>
  /** GET /api/v2/auth/keys → plex.tv's public JWKs. */
  getKeys(opts?: RequestOptions): Promise<Record<string, unknown>[]>
}

export interface PlexJwtClientOptions {
  /** plex.tv (the JWT endpoints are documented on https://clients.plex.tv, §0) or the simulator. */
  baseUrl: string
  identity: DeviceIdentity
  timeoutMs?: number
  adapter?: TransportAdapter
  /** settings `plexTvQuery`: query parameters on every call, like the other plex.tv calls (never a token). */
  extraQuery?: Record<string, string>
}

const NONCE = /^[A-Za-z0-9._:-]{8,200}$/

export function createPlexJwtClient(options: PlexJwtClientOptions): PlexJwtApi {
  const transport = createTransport({
    baseURL: options.baseUrl,
    headers: () => plexHeaders(options.identity),
    timeoutMs: options.timeoutMs ?? 10000,
    ...(options.extraQuery !== undefined ? { query: withoutToken(options.extraQuery) } : {}),
    ...(options.adapter !== undefined ? { adapter: options.adapter } : {}),
  })

  async function call(request: WireRequest, endpoint: 'pin' | 'other', expected: number[]): Promise<WireResponse> {
    const res = await transport.send(request)
    if (expected.includes(res.status)) return res
    if (res.status >= 200 && res.status < 300) throw new BadResponse(`answered ${res.status}`)
    throw jwtStatusError(res, endpoint)
  }

  const field = (res: WireResponse, name: string): unknown => {
    const json = parseJsonBody(res.body)
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BadResponse('body is not an object')
    return (json as Record<string, unknown>)[name]
  }

  return {
    async createPin(jwk, opts) {
      return parsePin(parseJsonBody((await call({ method: 'POST', url: '/api/v2/pins', json: { jwk: { ...jwk } }, opts }, 'pin', [200, 201])).body))
    },

    async pollPin(id, deviceJwt, opts) {
      // The device JWT rides in the query because that is the contract (§9 A2). It is not an account token:
      // it proves the key for one nonce and lives 5 minutes.
      const res = await call({ method: 'GET', url: `/api/v2/pins/${id}`, params: { deviceJWT: deviceJwt }, opts }, 'pin', [200])
      return parsePin(parseJsonBody(res.body))
    },

    async getNonce(opts) {
      const nonce = field(await call({ method: 'GET', url: '/api/v2/auth/nonce', opts }, 'other', [200]), 'nonce')
      if (typeof nonce !== 'string' || !NONCE.test(nonce)) throw new BadResponse('nonce is missing or not a nonce')
      return nonce
    },

    async exchange(deviceJwt, opts) {
      const token = field(await call({ method: 'POST', url: '/api/v2/auth/token', json: { jwt: deviceJwt }, opts }, 'other', [200, 201]), 'auth_token')
      if (typeof token !== 'string' || !looksLikeJwt(token)) throw new BadResponse('auth_token is missing or not a JWT')
      return token
    },

    async registerKey(jwk, token, opts) {
      // 201 per the Go client; 200/204 accepted as well (the status is not otherwise documented)
      await call({ method: 'POST', url: '/api/v2/auth/jwk', token, json: { jwk: { ...jwk } }, opts }, 'other', [200, 201, 204])
    },

    async getKeys(opts) {
      const keys = field(await call({ method: 'GET', url: '/api/v2/auth/keys', opts }, 'other', [200]), 'keys')
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'object' && k !== null)) throw new BadResponse('keys is not a list of keys')
      return keys as Record<string, unknown>[]
    },
  }
}

/**
 * The refresh (§9 C1–C3): a nonce, a device JWT over it, the exchange. Used for a 7-day refresh, after a 498,
 * after two weeks off (an expired Plex JWT can still be refreshed), and for the first JWT of a migration.
 */
export async function refreshPlexJwt(
  api: PlexJwtApi,
  signer: DeviceSigner,
  at: { clientIdentifier: string; serverNowSec: number; scope?: string },
  opts?: RequestOptions,
): Promise<string> {
  const nonce = await api.getNonce(opts)
  return api.exchange(await signDeviceJwt(signer, { nonce, ...at }), opts)
}
