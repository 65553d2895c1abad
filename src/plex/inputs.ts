/**
 * What plex.tv and servers send is input (README, "plex.tv and servers are input"): the checks that keep a
 * hostile or broken answer from reaching the screen, the network or a host app.
 *  - `webUri`: only http: and https: URIs are ever raced, remembered or handed over; a `data:` or
 *    `javascript:` URI is not a connection. Security is the URI's scheme, never the `protocol` field.
 *  - `cleanName`: a name is drawn as text, but a right-to-left override would reverse it, control
 *    characters draw as boxes and a newline breaks "Linked as NAME".
 *  - `pictureAllowed`: a picture (`thumb`) is fetched only from plex.tv's own hosts or a configured base;
 *    any other host would learn who is looking at this TV, and when. A picture URL carrying credentials
 *    (a `…token…` query parameter, user:password@) is refused: it is stored and drawn, and a token belongs
 *    in the X-Plex-Token header only.
 */

/** The URI's scheme when it is a well-formed http: or https: URL with a host; null for anything else. */
export function webScheme(uri: string): 'http' | 'https' | null {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return null
  }
  if (url.hostname === '') return null
  if (url.protocol === 'https:') return 'https'
  if (url.protocol === 'http:') return 'http'
  return null
}

export function isWebUri(uri: string): boolean {
  return webScheme(uri) !== null
}

/** Longest name drawn, in characters (code points): "Großmutter Hildegard von Hohenzollern-Sigmaringen" fits. */
export const MAX_NAME_LENGTH = 64

/**
 * Bidi controls (embeddings, overrides, isolates, marks: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
 * U+061C) are removed: the text direction of a name is then decided by its own letters (the UI lays out
 * Arabic and Hebrew names right to left by itself).
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** C0/C1 control characters (newlines and tabs included) and the line/paragraph separators become spaces. */
const LINE_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

/** A name from plex.tv or a server, safe to draw on one line: unsafe characters out, spaces collapsed, capped. */
export function cleanName(name: string, max = MAX_NAME_LENGTH): string {
  const text = name.replace(BIDI_CONTROLS, '').replace(LINE_BREAKERS, ' ').replace(/\s+/g, ' ').trim()
  const chars = Array.from(text)
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
}

/** plex.tv's own picture hosts: plex.tv and its subdomains, over https only. */
function isPlexTvHost(url: URL): boolean {
  return url.protocol === 'https:' && (url.hostname === 'plex.tv' || url.hostname.endsWith('.plex.tv'))
}

/**
 * May a picture at `thumb` be fetched? Yes for https://plex.tv/… and https://*.plex.tv/…, and for a URL on
 * one of the configured bases' origins (the simulator, a proxy); no for any other host or scheme.
 */
export function pictureAllowed(thumb: string, bases: readonly string[]): boolean {
  if (!isWebUri(thumb)) return false
  const url = new URL(thumb)
  if (carriesCredentials(url)) return false
  if (isPlexTvHost(url)) return true
  return bases.some((base) => isWebUri(base) && new URL(base).origin === url.origin)
}

/** A user:password@ part, or a query parameter named like a token (X-Plex-Token, token, access_token…). */
function carriesCredentials(url: URL): boolean {
  if (url.username !== '' || url.password !== '') return true
  return Array.from(url.searchParams.keys()).some((name) => /token/i.test(name))
}

/** The picture URL if it may be fetched, else '' (the UI then draws initials). */
export function safePicture(thumb: string, bases: readonly string[]): string {
  return thumb !== '' && pictureAllowed(thumb, bases) ? thumb : ''
}
