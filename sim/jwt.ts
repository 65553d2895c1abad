/**
 * plex.tv's JWT device authentication (shared/plex-api.md §9) for the simulator: devices register an
 * Ed25519 public JWK (with a 4-character pin, or with a legacy token), prove they hold the private key with
 * a short-lived device JWT over a nonce, and get a Plex JWT signed with the simulator's own Ed25519 key,
 * which it publishes at /api/v2/auth/keys.
 *
 * Sources: developer.plex.tv "Authenticating with Plex" (read through a May 2026 extract) [S15];
 * python-plexapi `MyPlexJWTLogin` (pushingkarmaorg/python-plexapi plexapi/myplex.py, #1554, #1577) [S2];
 * the Go `plexauth` package (201 on /auth/jwk, `auth_token`) [S19]; api-evangelist/plex (nonce 422 without
 * a client identifier) [S16]. Where no source says, the choice is named "UNCERTAIN" below and in sim/README.md.
 *
 * The router calls `intercept` once per plex.tv API request (before its own client-identifier check) and
 * `pinCreated` after it makes a pin. A Plex JWT in X-Plex-Token is verified here and then replaced, for the
 * rest of the router, by the account's legacy token: every authenticated endpoint accepts both.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A Plex JWT lives 7 days [S15]. */
export const DEFAULT_JWT_LIFETIME_SEC = 7 * 24 * 3600
/** A nonce is valid for 5 minutes [S15]. */
export const NONCE_LIFETIME_SEC = 300
/** python-plexapi signs device JWTs for 5 minutes (exp = iat + 5 min) [S2]; we accept no longer. */
export const DEVICE_JWT_MAX_LIFETIME_SEC = 300
/** Clock leeway for device JWT times (UNCERTAIN: plex.tv's tolerance is not documented). */
export const DEVICE_JWT_LEEWAY_SEC = 60
/** Nonces per client identifier per minute before 429 (UNCERTAIN: only "rate-limited" is documented [S15]). */
export const NONCE_RATE_PER_MINUTE = 10
/** All scopes a device may ask for [S2 SCOPES, S15]. */
export const JWT_SCOPES = ['username', 'email', 'friendly_name', 'restricted', 'anonymous', 'joinedAt'] as const

export interface PublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid: string
  use?: string
  alg?: string
}

/** The account fields the `user` claim draws on (a subset of the §6 user object). */
export interface JwtAccount {
  key: string
  token: string
  user: { username: string; email: string; friendlyName: string; restricted?: unknown; anonymous?: unknown; joinedAt?: unknown }
}

/** What the router answers for a pin it made (already checked: exists, not expired, same client). */
export interface PinView {
  clientIdentifier: string
  /** The legacy token of the account that linked it, or null. */
  authToken: string | null
  /** The full pin answer (§2) as the router would send it. */
  json: Record<string, unknown>
}

export interface JwtDeps {
  /** Simulator clock, epoch ms. */
  now(): number
  /** plex.tv's clock is the simulator's plus this (POST /__sim/config clockSkewSec). */
  skewSec(): number
  /** The account a legacy (non-JWT) token belongs to, Home users' tokens included; null when unknown. */
  accountOf(token: string): JwtAccount | null
  /** A pin this client may read (unknown, expired or another client's → null: the router answers 404). */
  pin(id: number, clientIdentifier: string): PinView | null
}

export interface Answer {
  status: number
  /** JSON value, or undefined for no body. */
  payload: unknown
  root?: string
}

export interface DeviceRecord {
  clientIdentifier: string
  kid: string
  accountKey: string | null
  /** The legacy token the key was registered with (POST /auth/jwk), refused after the first exchange. */
  registeredWithLegacyToken: boolean
  exchanged: boolean
  revoked: boolean
}

interface Device {
  clientIdentifier: string
  jwk: PublicJwk
  accountKey: string | null
  legacyToken: string | null
  exchanged: boolean
  revoked: boolean
}

interface Nonce {
  clientIdentifier: string
  expiresAt: number
  /** Consumed by an exchange (`token`), or bound to the pin whose poll handed out a Plex JWT. */
  usedFor: 'token' | { pin: number } | null
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')
const b64json = (value: unknown) => b64url(JSON.stringify(value))

function jwtError(status: number, code: number, message: string): Answer {
  return { status, payload: { errors: [{ code, message, status }] } }
}

// Error codes: plex.tv's numeric codes for these answers are not documented (UNCERTAIN); the statuses are [S15].
const BAD_REQUEST = (message: string) => jwtError(400, 1000, message)
const SIGNATURE_FAILED = (message: string) => jwtError(422, 1099, `Signature verification failed: ${message}`)
const THUMBPRINT_TAKEN = jwtError(422, 1098, 'Thumbprint already taken')
const TOKEN_EXPIRED = jwtError(498, 1097, 'Token expired')
const UNAUTHORIZED = jwtError(401, 1001, 'User could not be authenticated')

/** Decodes a compact JWS into its parts; null when it is not three base64url JSON parts. */
export function decodeCompactJwt(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signingInput: string; signature: Buffer } | null {
  const parts = jwt.split('.')
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return null
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null
    return { header: header as Record<string, unknown>, payload: payload as Record<string, unknown>, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') }
  } catch {
    return null
  }
}

/** The JWK a device sent, checked: an Ed25519 public key (32 bytes) with a `kid` [S15 body example]. */
export function parsePublicJwk(value: unknown): PublicJwk | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'jwk must be an object'
  const j = value as Record<string, unknown>
  if (j.kty !== 'OKP' || j.crv !== 'Ed25519') return 'jwk must be kty OKP, crv Ed25519'
  if (typeof j.x !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(j.x) || Buffer.from(j.x, 'base64url').length !== 32) return 'jwk.x must be a base64url 32-byte key'
  if (typeof j.kid !== 'string' || j.kid === '' || j.kid.length > 200) return 'jwk.kid is missing'
  if (j.alg !== undefined && j.alg !== 'EdDSA') return 'jwk.alg must be EdDSA'
  if ('d' in j) return 'jwk must not hold the private key'
  const jwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: j.x, kid: j.kid }
  if (typeof j.use === 'string') jwk.use = j.use
  if (typeof j.alg === 'string') jwk.alg = j.alg
  return jwk
}

function jsonBody(body: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body) as unknown
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

export interface JwtAuth {
  /**
   * Handles /api/v2/auth/*, JWK pins and Plex JWTs in X-Plex-Token. Returns an answer to send, or null to let
   * the router go on; a valid Plex JWT in X-Plex-Token is replaced in `req.headers` by the account's legacy
   * token (so the router's own token checks, and its log's `as`, work unchanged).
   */
  intercept(req: IncomingMessage, url: URL, method: string, apiPath: string, body: string): Answer | null
  /** After POST /api/v2/pins made pin `id`: remembers the JWK of a JSON body (validated by intercept). */
  pinCreated(id: number, body: string): void
  /**
   * The control API's JWT part, tried before the simulator's own: answers GET /__sim/jwt and
   * POST /__sim/jwt/revoke; takes `jwtLifetimeSec` from POST /__sim/config and resets on POST /__sim/reset,
   * then returns null so the simulator's own control answers those two as usual.
   */
  control(method: string, path: string, body: string): Answer | null
  /** Lifetime of Plex JWTs issued from now on (POST /__sim/config {"jwtLifetimeSec"}). */
  readonly lifetimeSec: number
  /** Public JWKS of the simulator, as /api/v2/auth/keys answers it. */
  keys(): { keys: PublicJwk[] }
  devices(): DeviceRecord[]
  reset(): void
}

export function createJwtAuth(deps: JwtDeps): JwtAuth {
  // The simulator's own signing key: new each start, published at /auth/keys (what python-plexapi verifies with).
  const { publicKey: simPublic, privateKey: simPrivate } = generateKeyPairSync('ed25519')
  const simX = (simPublic.export({ format: 'jwk' }) as { x: string }).x
  // RFC 7638 thumbprint as the simulator's kid (what the Go client uses for its own kid [S19]).
  const simKid = b64url(createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${simX}"}`).digest())
  const simJwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: simX, kid: simKid, use: 'sig', alg: 'EdDSA' }

  let devices = new Map<string, Device>()
  let nonces = new Map<string, Nonce>()
  let nonceTimes = new Map<string, number[]>()
  let pinJwks = new Map<number, PublicJwk>()
  /** A JWK pin's Plex JWT, once handed out: later polls get the same one. */
  let pinTokens = new Map<number, string>()
  /** "token\u0000clientIdentifier" of legacy tokens refused after their device's first exchange [S15]. */
  let refusedLegacy = new Set<string>()
  const state = { lifetimeSec: DEFAULT_JWT_LIFETIME_SEC }

  const serverSec = () => Math.floor((deps.now() + deps.skewSec() * 1000) / 1000)
  const byKid = (kid: string) => [...devices.values()].find((d) => d.jwk.kid === kid && !d.revoked)

  const issuePlexJwt = (device: Device, account: JwtAccount, scope: string): string => {
    const iat = serverSec()
    const wanted = new Set(scope.split(',').map((s) => s.trim()))
    const u = account.user
    const all: Record<string, unknown> = {
      username: u.username, email: u.email, friendly_name: u.friendlyName,
      restricted: u.restricted === true, anonymous: u.anonymous === true, joinedAt: u.joinedAt ?? null,
    }
    // the user object carries only what the scope asked for [S2 tests read user.username; S15 scopes]
    const user = Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k)))
    const header = { kid: simKid, alg: 'EdDSA', typ: 'JWT' }
    const payload = {
      iss: 'plex.tv',
      // python-plexapi verifies with audience ['plex.tv', clientIdentifier] and requires aud, iss, exp, iat, thumbprint [S2]
      aud: ['plex.tv', device.clientIdentifier],
      iat,
      exp: iat + state.lifetimeSec,
      thumbprint: device.jwk.kid,
      scope: [...wanted].filter((s) => (JWT_SCOPES as readonly string[]).includes(s)).join(','),
      user,
      jti: randomUUID(),
    }
    const input = `${b64json(header)}.${b64json(payload)}`
    return `${input}.${b64url(sign(null, Buffer.from(input), simPrivate))}`
  }

  /**
   * A device JWT [S15 step 2, S2 _encodeClientJWT]: header kid + alg EdDSA, signed by the device's key;
   * aud plex.tv, iss = the client identifier, a nonce this simulator issued to that client and not yet used,
   * exp in the future and at most 5 minutes ahead. `pin` names the pin being polled: python-plexapi signs one
   * device JWT and sends it with every poll [S2 run/_checkLogin], so a nonce bound to a pin stays good for it.
   */
  const checkDeviceJwt = (jwt: string, clientIdentifier: string, jwk: PublicJwk, pin: number | null): { nonce: string; scope: string } | string => {
    const parsed = decodeCompactJwt(jwt)
    if (!parsed) return 'not a compact JWT'
    const { header, payload } = parsed
    if (header.alg !== 'EdDSA') return 'alg must be EdDSA'
    if (typeof header.kid !== 'string') return 'kid is missing in the JWT header'
    if (header.kid !== jwk.kid) return 'kid does not match the registered key'
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' })
    if (!verify(null, Buffer.from(parsed.signingInput), key, parsed.signature)) return 'bad signature'
    const aud = payload.aud
    if (!(aud === 'plex.tv' || (Array.isArray(aud) && aud.includes('plex.tv')))) return 'aud must be plex.tv'
    if (payload.iss !== clientIdentifier) return 'iss must be the client identifier'
    const now = serverSec()
    const { exp, iat } = payload
    if (typeof exp !== 'number') return 'exp is missing'
    if (exp <= now - DEVICE_JWT_LEEWAY_SEC) return 'the device JWT has expired'
    if (exp > now + DEVICE_JWT_MAX_LIFETIME_SEC + DEVICE_JWT_LEEWAY_SEC) return 'exp is more than 5 minutes ahead'
    if (iat !== undefined && (typeof iat !== 'number' || iat > now + DEVICE_JWT_LEEWAY_SEC)) return 'iat is in the future'
    if (typeof payload.nonce !== 'string') return 'nonce is missing'
    const nonce = nonces.get(payload.nonce)
    if (!nonce || nonce.clientIdentifier !== clientIdentifier) return 'unknown nonce'
    if (nonce.expiresAt <= deps.now()) return 'the nonce has expired'
    const boundHere = pin !== null && typeof nonce.usedFor === 'object' && nonce.usedFor !== null && nonce.usedFor.pin === pin
    if (nonce.usedFor !== null && !boundHere) return 'the nonce was already used'
    const scope = typeof payload.scope === 'string' ? payload.scope : ''
    return { nonce: payload.nonce, scope }
  }

  /** X-Plex-Token holding a Plex JWT: the account behind it, or the answer refusing it. */
  const checkPlexJwt = (jwt: string): JwtAccount | Answer => {
    const parsed = decodeCompactJwt(jwt)
    if (!parsed || parsed.header.kid !== simKid) return UNAUTHORIZED
    if (!verify(null, Buffer.from(parsed.signingInput), simPublic, parsed.signature)) return UNAUTHORIZED
    const { exp, thumbprint } = parsed.payload
    if (typeof exp !== 'number' || typeof thumbprint !== 'string') return UNAUTHORIZED
    // 498 "Token Expired": refresh needed [S15]
    if (exp <= serverSec()) return TOKEN_EXPIRED
    const device = byKid(thumbprint)
    const account = device?.accountKey ? accountByKey(device.accountKey) : null
    return account ?? UNAUTHORIZED
  }

  const accountKeys = new Map<string, JwtAccount>()
  const rememberAccount = (a: JwtAccount) => void accountKeys.set(a.key, a)
  const accountByKey = (key: string) => accountKeys.get(key) ?? null

  const isJwtShaped = (token: string) => decodeCompactJwt(token) !== null

  const intercept: JwtAuth['intercept'] = (req, url, method, apiPath, body) => {
    const header = (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? url.searchParams.get(name) ?? null
    const clientId = header('X-Plex-Client-Identifier')

    // plex.tv's public keys need nothing (probed live: 200 [S16])
    if (method === 'GET' && apiPath === '/api/v2/auth/keys') return { status: 200, payload: { keys: [simJwk] }, root: 'keys' }

    if (method === 'GET' && apiPath === '/api/v2/auth/nonce') {
      // 422 without a client identifier (live probe [S16]), not the 400/1000 of other endpoints
      if (!clientId) return jwtError(422, 1000, 'X-Plex-Client-Identifier is missing')
      const minuteAgo = deps.now() - 60_000
      const recent = (nonceTimes.get(clientId) ?? []).filter((t) => t > minuteAgo)
      if (recent.length >= NONCE_RATE_PER_MINUTE) return jwtError(429, 1003, 'Too many requests')
      nonceTimes.set(clientId, [...recent, deps.now()])
      // a long-running simulator (the demo) keeps only nonces that can still be used
      for (const [value, n] of nonces) if (n.expiresAt <= deps.now()) nonces.delete(value)
      const nonce = randomUUID()
      nonces.set(nonce, { clientIdentifier: clientId, expiresAt: deps.now() + NONCE_LIFETIME_SEC * 1000, usedFor: null })
      return { status: 200, payload: { nonce }, root: 'nonce' }
    }

    if (!clientId) return null // the router answers 400/1000

    if (method === 'POST' && apiPath === '/api/v2/auth/token') {
      const jwt = jsonBody(body)?.jwt
      if (typeof jwt !== 'string' || jwt === '') return BAD_REQUEST('jwt is missing')
      const device = devices.get(clientId)
      if (!device || device.revoked) return SIGNATURE_FAILED('no key registered for this client identifier')
      const checked = checkDeviceJwt(jwt, clientId, device.jwk, null)
      if (typeof checked === 'string') return SIGNATURE_FAILED(checked)
      const account = device.accountKey ? accountByKey(device.accountKey) : null
      if (!account) return SIGNATURE_FAILED('the key is not linked to an account')
      nonces.get(checked.nonce)!.usedFor = 'token'
      // after the first exchange the legacy token that registered the key stops working [S15, §13.11]
      if (device.legacyToken !== null) refusedLegacy.add(`${device.legacyToken}\u0000${clientId}`)
      device.exchanged = true
      // snake_case, as plex.tv answers [S15, S19]
      return { status: 200, payload: { auth_token: issuePlexJwt(device, account, checked.scope) }, root: 'token' }
    }

    const pinMatch = method === 'GET' ? /^\/api\/v2\/pins\/(\d+)$/.exec(apiPath) : null
    if (pinMatch) {
      const id = Number(pinMatch[1])
      const jwk = pinJwks.get(id)
      const pin = jwk ? deps.pin(id, clientId) : null
      if (!jwk || !pin) return null // a legacy pin, or one the router answers 404 for
      const deviceJwt = url.searchParams.get('deviceJWT')
      // UNCERTAIN: what plex.tv shows for a JWK pin polled without deviceJWT; we never hand a token out without proof
      if (deviceJwt === null) return { status: 200, payload: { ...pin.json, authToken: null }, root: 'pin' }
      const checked = checkDeviceJwt(deviceJwt, clientId, jwk, id)
      if (typeof checked === 'string') return SIGNATURE_FAILED(checked)
      if (pin.authToken === null) return { status: 200, payload: { ...pin.json, authToken: null }, root: 'pin' }
      let token = pinTokens.get(id)
      if (token === undefined) {
        const account = deps.accountOf(pin.authToken)
        if (!account) return { status: 200, payload: { ...pin.json, authToken: null }, root: 'pin' }
        const taken = byKid(jwk.kid)
        if (taken && taken.clientIdentifier !== clientId) return THUMBPRINT_TAKEN
        rememberAccount(account)
        const device: Device = { clientIdentifier: clientId, jwk, accountKey: account.key, legacyToken: null, exchanged: true, revoked: false }
        devices.set(clientId, device)
        nonces.get(checked.nonce)!.usedFor = { pin: id }
        token = issuePlexJwt(device, account, checked.scope)
        pinTokens.set(id, token)
      }
      return { status: 200, payload: { ...pin.json, authToken: token }, root: 'pin' }
    }

    if (method === 'POST' && apiPath === '/api/v2/pins' && /json/.test(req.headers['content-type'] ?? '') && body.trim() !== '') {
      const input = jsonBody(body)
      if (!input) return BAD_REQUEST('body is not a JSON object')
      if (input.jwk === undefined) return null
      const jwk = parsePublicJwk(input.jwk)
      if (typeof jwk === 'string') return BAD_REQUEST(jwk)
      const taken = byKid(jwk.kid)
      if (taken && taken.clientIdentifier !== clientId) return THUMBPRINT_TAKEN
      return null // the router makes the pin, then calls pinCreated
    }

    // Every other call: a token that is a Plex JWT is checked here and handed on as the account's legacy token
    const tokenHeader = header('X-Plex-Token')
    if (tokenHeader === null) return null
    let account: JwtAccount | null = null
    if (isJwtShaped(tokenHeader)) {
      const checked = checkPlexJwt(tokenHeader)
      if ('status' in checked) return checked
      account = checked
      req.headers['x-plex-token'] = account.token
    } else if (refusedLegacy.has(`${tokenHeader}\u0000${clientId}`)) {
      return UNAUTHORIZED
    }

    if (method === 'POST' && apiPath === '/api/v2/auth/jwk') {
      // Option B [S15]: register a key with an existing token (legacy or JWT); 201 [S19]
      account ??= deps.accountOf(tokenHeader)
      if (!account) return UNAUTHORIZED
      const input = jsonBody(body)
      if (!input || input.jwk === undefined) return BAD_REQUEST('jwk is missing')
      const jwk = parsePublicJwk(input.jwk)
      if (typeof jwk === 'string') return BAD_REQUEST(jwk)
      const taken = byKid(jwk.kid)
      // "JWK already registered by another device" [S15]
      if (taken && taken.clientIdentifier !== clientId) return THUMBPRINT_TAKEN
      rememberAccount(account)
      const viaLegacy = !isJwtShaped(tokenHeader)
      devices.set(clientId, {
        clientIdentifier: clientId, jwk, accountKey: account.key,
        legacyToken: viaLegacy ? tokenHeader : null, exchanged: false, revoked: false,
      })
      return { status: 201, payload: undefined }
    }
    return null
  }

  const reset = () => {
    devices = new Map()
    nonces = new Map()
    nonceTimes = new Map()
    pinJwks = new Map()
    pinTokens = new Map()
    refusedLegacy = new Set()
    state.lifetimeSec = DEFAULT_JWT_LIFETIME_SEC
  }

  const deviceRecords = (): DeviceRecord[] =>
    [...devices.values()].map((d) => ({
      clientIdentifier: d.clientIdentifier, kid: d.jwk.kid, accountKey: d.accountKey,
      registeredWithLegacyToken: d.legacyToken !== null, exchanged: d.exchanged, revoked: d.revoked,
    }))

  return {
    intercept,
    pinCreated(id, body) {
      const input = body.trim() === '' ? null : jsonBody(body)
      const jwk = input ? parsePublicJwk(input.jwk) : null
      if (jwk !== null && typeof jwk !== 'string') pinJwks.set(id, jwk)
    },
    control(method, path, body) {
      const route = `${method} ${path.replace(/\/$/, '')}`
      let input: Record<string, unknown> = {}
      if (body.trim() !== '') {
        const parsed = jsonBody(body)
        if (!parsed) return null // the simulator's control refuses it with its own words
        input = parsed
      }
      switch (route) {
        case 'POST /__sim/reset':
          reset()
          return null
        case 'POST /__sim/config': {
          const v = input.jwtLifetimeSec
          if (v === undefined) return null
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return { status: 400, payload: { error: 'jwtLifetimeSec must be a number of seconds >= 0' } }
          state.lifetimeSec = v
          return null
        }
        case 'GET /__sim/jwt':
          return { status: 200, payload: { jwtLifetimeSec: state.lifetimeSec, devices: deviceRecords() } }
        case 'POST /__sim/jwt/revoke': {
          // what "revoke this device" in Authorized Devices would do: its JWTs and its key stop working
          const device = devices.get(String(input.clientIdentifier ?? ''))
          if (!device) return { status: 404, payload: { error: 'no device with that clientIdentifier' } }
          device.revoked = true
          return { status: 200, payload: { revoked: true } }
        }
        default:
          return null
      }
    },
    get lifetimeSec() {
      return state.lifetimeSec
    },
    keys: () => ({ keys: [simJwk] }),
    devices: deviceRecords,
    reset,
  }
}
