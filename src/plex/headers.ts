/**
 * The X-Plex-* header set every plex.tv and Plex Media Server call carries (plex-api.md §1).
 * The token travels only as the X-Plex-Token header, never in a URL: plex.tv would accept it as a query
 * parameter (§0), but URLs end up in logs, proxies and browser history.
 */
import type { DeviceIdentity } from './types.js'

export type HeaderSet = Record<string, string>

/**
 * Header values must be plain bytes: XHR's setRequestHeader throws on characters outside Latin-1 and
 * Node rejects control characters. A user-chosen device name ("Télé du salon", "客厅") must not make every
 * request fail, so accents are folded to ASCII and anything else unsendable becomes "?".
 */
export function headerSafe(value: string): string {
  let text = value
  if (typeof text.normalize === 'function') {
    text = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  }
  return text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[^\u0020-\u007e]/g, '?')
    .trim()
}

/**
 * The identity headers, plus `Accept: application/json` (v2 answers XML without it, §0) and
 * `X-Plex-Provides: controller` (what python-plexapi sends for a client that controls, not plays).
 * Empty optional values are left out rather than sent blank.
 */
export function plexHeaders(identity: DeviceIdentity): HeaderSet {
  const headers: HeaderSet = {
    Accept: 'application/json',
    'X-Plex-Product': headerSafe(identity.product),
    'X-Plex-Version': headerSafe(identity.version),
    'X-Plex-Client-Identifier': headerSafe(identity.clientIdentifier),
    'X-Plex-Platform': headerSafe(identity.platform),
    'X-Plex-Platform-Version': headerSafe(identity.platformVersion),
    'X-Plex-Device': headerSafe(identity.device),
    'X-Plex-Device-Name': headerSafe(identity.deviceName),
    'X-Plex-Provides': 'controller',
  }
  if (identity.model) headers['X-Plex-Model'] = headerSafe(identity.model)
  for (const name of Object.keys(headers)) {
    // The client identifier is required on every plex.tv call (400/1000 without it), so it is always kept.
    if (headers[name] === '' && name !== 'X-Plex-Client-Identifier') delete headers[name]
  }
  return headers
}

/** The header that carries an account, Home-user or server access token. */
export function tokenHeader(token: string): HeaderSet {
  return { 'X-Plex-Token': token }
}
