/**
 * Compact JWS/JWT encoding for plex.tv's device authentication (plex-api.md §9): base64url without padding
 * (RFC 7515 §2, python-plexapi utils.base64urlEncode), UTF-8 JSON parts, and a reader for the claims of a
 * Plex JWT. No Node module and no Buffer: this runs on TV engines; TextEncoder is used where it exists.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export function base64UrlEncode(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!
  }
  return out
}

/** base64url (no padding) → bytes; null for anything that is not base64url. */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const out = new Uint8Array(Math.floor((text.length * 3) / 4))
  let bits = 0
  let value = 0
  let o = 0
  for (let i = 0; i < text.length; i++) {
    value = (value << 6) | ALPHABET.indexOf(text[i]!)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 0xff
    }
  }
  return out
}

export function utf8Encode(text: string): Uint8Array {
  if (typeof TextEncoder !== 'undefined') return new TextEncoder().encode(text)
  const bytes: number[] = []
  const escaped = unescape(encodeURIComponent(text))
  for (let i = 0; i < escaped.length; i++) bytes.push(escaped.charCodeAt(i))
  return new Uint8Array(bytes)
}

export function utf8Decode(bytes: Uint8Array): string {
  if (typeof TextDecoder !== 'undefined') return new TextDecoder().decode(bytes)
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return decodeURIComponent(escape(binary))
}

/** The input a JWS signature covers: base64url(header) "." base64url(payload). */
export function signingInput(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${base64UrlEncode(utf8Encode(JSON.stringify(header)))}.${base64UrlEncode(utf8Encode(JSON.stringify(payload)))}`
}

/** The JSON object in one part of a compact JWT, or null. */
function part(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null
  const bytes = base64UrlDecode(text)
  if (!bytes) return null
  try {
    const value = JSON.parse(utf8Decode(bytes)) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/**
 * What the app reads from a Plex JWT, checked the way python-plexapi's decodePlexJWT does without the
 * signature (iss plex.tv, aud holding plex.tv or this client, exp/iat numbers, a thumbprint) [plex-api.md §9].
 * The signature is not checked here: the token came over TLS from plex.tv, and only plex.tv relies on it.
 */
export interface PlexJwtClaims {
  /** Epoch seconds on plex.tv's clock. */
  iat: number
  exp: number
  /** The kid of the device key the token is bound to. */
  thumbprint: string
  /** `user.username` when the scope asked for it. */
  username: string | null
}

export function readPlexJwt(token: string, clientIdentifier: string): PlexJwtClaims | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const header = part(parts[0])
  const claims = part(parts[1])
  if (!header || !claims || header.alg !== 'EdDSA') return null
  if (claims.iss !== 'plex.tv') return null
  const aud = Array.isArray(claims.aud) ? (claims.aud as unknown[]) : [claims.aud]
  if (!aud.some((a) => a === 'plex.tv' || a === clientIdentifier)) return null
  const { iat, exp, thumbprint } = claims
  if (typeof iat !== 'number' || typeof exp !== 'number' || typeof thumbprint !== 'string' || exp < iat) return null
  const user = claims.user
  const username = typeof user === 'object' && user !== null && typeof (user as { username?: unknown }).username === 'string' ? (user as { username: string }).username : null
  return { iat, exp, thumbprint, username }
}

/** Anything shaped like a compact JWT (three base64url parts): a Plex JWT rather than a legacy token. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)
}
