/**
 * A plain node client of plex.tv's JWT device authentication, written from the sources of plex-api.md §9
 * and nothing in this repository's app code: python-plexapi's MyPlexJWTLogin (pushingkarmaorg/python-plexapi
 * plexapi/myplex.py) step by step — generateKeypair, _keyID = sha256(private ‖ public) hex, _publicJWK,
 * _getCode (POST /pins with {"jwk"}), _encodeClientJWT (nonce, scope, aud, iss, iat, exp = iat + 5 min; header
 * kid), _checkLogin (GET /pins/{id}?deviceJWT=…), registerDevice (POST /auth/jwk with X-Plex-Token),
 * refreshJWT (nonce → device JWT → POST /auth/token → auth_token) and decodePlexJWT (verify against
 * /auth/keys, audience ['plex.tv', clientIdentifier], issuer plex.tv, required aud/iss/exp/iat/thumbprint).
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

export class PlexJwtTestClient {
  readonly privateKey: KeyObject
  readonly publicRaw: Buffer
  readonly kid: string
  pinId: number | null = null
  code: string | null = null
  deviceJwt: string | null = null
  jwtToken: string | null = null

  constructor(
    readonly base: string,
    readonly clientIdentifier: string,
    /** Epoch seconds as the device believes them (the simulator's fake clock, or a skewed one). */
    readonly clockSec: () => number,
    readonly scopes = ['username', 'email', 'friendly_name'],
    key?: { privateKey: KeyObject },
  ) {
    this.privateKey = key?.privateKey ?? generateKeyPairSync('ed25519').privateKey
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' }) as { x: string }
    this.publicRaw = Buffer.from(jwk.x, 'base64url')
    const privRaw = Buffer.from((this.privateKey.export({ format: 'jwk' }) as { d: string }).d, 'base64url')
    this.kid = createHash('sha256').update(Buffer.concat([privRaw, this.publicRaw])).digest('hex')
  }

  get publicJwk() {
    return { kty: 'OKP', crv: 'Ed25519', x: this.publicRaw.toString('base64url'), use: 'sig', alg: 'EdDSA', kid: this.kid }
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Accept: 'application/json', 'X-Plex-Client-Identifier': this.clientIdentifier, 'X-Plex-Product': 'JWT Test Client', ...extra }
  }

  async request(method: string, path: string, opts: { json?: unknown; token?: string } = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: this.headers({ ...(opts.json !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(opts.token ? { 'X-Plex-Token': opts.token } : {}) }),
      ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
    })
    const text = await res.text()
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) }
  }

  async nonce(): Promise<string> {
    const res = await this.request('GET', '/api/v2/auth/nonce')
    if (res.status !== 200) throw new Error(`nonce ${res.status}`)
    return String(res.body!.nonce)
  }

  /** _encodeClientJWT; `claims` overrides fields for tests of the refusals. */
  signDeviceJwt(nonce: string, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key: KeyObject = this.privateKey): string {
    const iat = this.clockSec()
    const payload = { nonce, scope: this.scopes.join(','), aud: 'plex.tv', iss: this.clientIdentifier, iat, exp: iat + 300, ...claims }
    const input = `${b64({ alg: 'EdDSA', typ: 'JWT', kid: this.kid, ...header })}.${b64(payload)}`
    return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`
  }

  /** _getCode then the device JWT that every poll carries (MyPlexJWTLogin.run). */
  async createPin(): Promise<void> {
    const res = await this.request('POST', '/api/v2/pins', { json: { jwk: this.publicJwk } })
    if (res.status !== 201) throw new Error(`pin ${res.status} ${JSON.stringify(res.body)}`)
    this.pinId = Number(res.body!.id)
    this.code = String(res.body!.code)
    this.deviceJwt = this.signDeviceJwt(await this.nonce())
  }

  /** _checkLogin: true once authToken holds the Plex JWT. */
  async checkLogin(): Promise<{ status: number; linked: boolean }> {
    const res = await this.request('GET', `/api/v2/pins/${this.pinId}?deviceJWT=${encodeURIComponent(this.deviceJwt!)}`)
    const token = res.body?.authToken
    if (res.status === 200 && typeof token === 'string' && token !== '') this.jwtToken = token
    return { status: res.status, linked: this.jwtToken !== null }
  }

  /** registerDevice (Option B): POST /auth/jwk with an existing token. */
  registerDevice(token: string) {
    return this.request('POST', '/api/v2/auth/jwk', { json: { jwk: this.publicJwk }, token })
  }

  /** refreshJWT: nonce → device JWT → POST /auth/token → auth_token. */
  async refreshJWT(): Promise<{ status: number; body: Record<string, unknown> | null }> {
    const res = await this.request('POST', '/api/v2/auth/token', { json: { jwt: this.signDeviceJwt(await this.nonce()) } })
    if (res.status === 200) this.jwtToken = String(res.body!.auth_token)
    return res
  }

  /** decodePlexJWT(verify_signature=True): tries each published key, newest last (reversed order). */
  async decodePlexJWT(): Promise<Record<string, unknown>> {
    const [h, p, s] = this.jwtToken!.split('.') as [string, string, string]
    const keys = (await this.request('GET', '/api/v2/auth/keys')).body!.keys as Record<string, string>[]
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>
    if (header.alg !== 'EdDSA') throw new Error('alg')
    const ok = [...keys].reverse().some((k) => verify(null, Buffer.from(`${h}.${p}`), createPublicKey({ key: { kty: k.kty!, crv: k.crv!, x: k.x! }, format: 'jwk' }), Buffer.from(s, 'base64url')))
    if (!ok) throw new Error('InvalidSignatureError')
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>
    for (const required of ['aud', 'iss', 'exp', 'iat', 'thumbprint']) if (!(required in claims)) throw new Error(`missing ${required}`)
    if (claims.iss !== 'plex.tv') throw new Error('issuer')
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
    if (!aud.some((a) => a === 'plex.tv' || a === this.clientIdentifier)) throw new Error('audience')
    if ((claims.exp as number) <= this.clockSec()) throw new Error('ExpiredSignatureError')
    return claims
  }
}
