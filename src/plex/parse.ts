/**
 * JSON bodies → typed values. Strict on the fields the app relies on (a missing or wrong-typed one is a
 * `BadResponse` naming the field), lenient where Plex itself is inconsistent: booleans come as true/false
 * in v2 JSON and "1"/"0" in v1 XML (plex-api.md §0, Plezy's flexibleBool), optional fields default.
 * A `BadResponse` detail names a field path only, never a value: values can be tokens.
 */
import { BadResponse } from './errors.js'
import { cleanName, webScheme } from './inputs.js'
import type { Connection, Home, HomeUser, LibrarySection, Pin, PlexAccount, PmsIdentity, PmsRoot, Resource, SwitchedUser } from './types.js'

type Json = Record<string, unknown>

/** Parses a body as JSON; anything else (HTML error page, truncated text, empty body) is a BadResponse. */
export function parseJsonBody(body: string): unknown {
  if (body.trim() === '') throw new BadResponse('empty body')
  try {
    return JSON.parse(body) as unknown
  } catch {
    throw new BadResponse('body is not JSON')
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw new BadResponse(`${path} is not an object`)
  return value
}

function reqString(o: Json, key: string, path: string): string {
  const v = o[key]
  if (typeof v !== 'string') throw new BadResponse(`${path}.${key} is missing or not a string`)
  return v
}

function reqNonEmptyString(o: Json, key: string, path: string): string {
  const v = reqString(o, key, path)
  if (v === '') throw new BadResponse(`${path}.${key} is empty`)
  return v
}

/** string | null; absent → null. */
function optString(o: Json, key: string, path: string): string | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') throw new BadResponse(`${path}.${key} is not a string`)
  return v
}

/** A string that may be absent (→ fallback); numbers are accepted as text (PMS keys, v1 epoch dates). */
function textOr(o: Json, key: string, path: string, fallback: string): string {
  const v = o[key]
  if (v === undefined || v === null) return fallback
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  throw new BadResponse(`${path}.${key} is not a string`)
}

/** A name to draw (user, Home member, server, library): cleaned of bidi and control characters, capped. */
function reqName(o: Json, key: string, path: string): string {
  return cleanName(reqString(o, key, path))
}

function optName(o: Json, key: string, path: string): string | null {
  const v = optString(o, key, path)
  return v === null ? null : cleanName(v)
}

function reqInt(o: Json, key: string, path: string): number {
  const v = o[key]
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new BadResponse(`${path}.${key} is missing or not an integer`)
  return v
}

function optInt(o: Json, key: string, path: string): number | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new BadResponse(`${path}.${key} is not an integer`)
  return v
}

/**
 * true/false, 1/0, "1"/"0", "true"/"false" (any case); absent or null → `fallback`.
 * Anything else is a BadResponse: a flag we cannot read is not one we should guess.
 */
export function flexibleBool(value: unknown, path: string, fallback = false): boolean {
  if (value === undefined || value === null) return fallback
  if (typeof value === 'boolean') return value
  if (value === 1 || value === 0) return value === 1
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase()
    if (v === '1' || v === 'true') return true
    if (v === '0' || v === 'false' || v === '') return false
  }
  throw new BadResponse(`${path} is not a boolean`)
}

function bool(o: Json, key: string, path: string, fallback = false): boolean {
  return flexibleBool(o[key], `${path}.${key}`, fallback)
}

// ---------------------------------------------------------------- plex.tv

/** POST /api/v2/pins and GET /api/v2/pins/{id} (plex-api.md §2, §3). */
export function parsePin(json: unknown): Pin {
  const o = object(json, 'pin')
  return {
    id: reqInt(o, 'id', 'pin'),
    code: reqNonEmptyString(o, 'code', 'pin'),
    clientIdentifier: reqString(o, 'clientIdentifier', 'pin'),
    expiresIn: reqInt(o, 'expiresIn', 'pin'),
    createdAt: reqString(o, 'createdAt', 'pin'),
    expiresAt: reqString(o, 'expiresAt', 'pin'),
    // null until the user links the pin (§3); an empty string is no token either.
    authToken: optString(o, 'authToken', 'pin') || null,
    qr: optString(o, 'qr', 'pin'),
  }
}

/** GET /api/v2/user (plex-api.md §6). */
export function parseAccount(json: unknown): PlexAccount {
  const o = object(json, 'user')
  const title = reqName(o, 'title', 'user')
  return {
    id: reqInt(o, 'id', 'user'),
    uuid: reqNonEmptyString(o, 'uuid', 'user'),
    // a managed Home user (after a switch) has no username, as in the Home list (§8.1)
    username: optName(o, 'username', 'user') ?? '',
    title,
    friendlyName: optName(o, 'friendlyName', 'user') ?? '',
    email: optString(o, 'email', 'user') ?? '',
    thumb: optString(o, 'thumb', 'user') ?? '',
    homeAdmin: bool(o, 'homeAdmin', 'user'),
    homeSize: optInt(o, 'homeSize', 'user') ?? 0,
  }
}

function parseHomeUser(json: unknown, path: string): HomeUser {
  const o = object(json, path)
  return {
    id: reqInt(o, 'id', path),
    uuid: reqNonEmptyString(o, 'uuid', path),
    title: reqName(o, 'title', path),
    // managed users have username null (§8.1)
    username: optName(o, 'username', path),
    thumb: optString(o, 'thumb', path) ?? '',
    admin: bool(o, 'admin', path),
    guest: bool(o, 'guest', path),
    restricted: bool(o, 'restricted', path),
    restrictionProfile: optString(o, 'restrictionProfile', path),
    protected: bool(o, 'protected', path),
  }
}

/** GET /api/v2/home/users (plex-api.md §8.1). An account without a Home may answer without users. */
export function parseHome(json: unknown): Home {
  const o = object(json, 'home')
  const users = o['users']
  if (users !== undefined && users !== null && !Array.isArray(users)) throw new BadResponse('home.users is not an array')
  return {
    id: reqInt(o, 'id', 'home'),
    name: optName(o, 'name', 'home') ?? '',
    users: (users ?? []).map((u, i) => parseHomeUser(u, `home.users[${i}]`)),
  }
}

/** POST /api/v2/home/users/{uuid}/switch → the user object of §6 with the Home user's authToken (§8.2). */
export function parseSwitchedUser(json: unknown): SwitchedUser {
  const o = object(json, 'user')
  return {
    uuid: reqNonEmptyString(o, 'uuid', 'user'),
    title: reqName(o, 'title', 'user'),
    authToken: reqNonEmptyString(o, 'authToken', 'user'),
  }
}

/**
 * One connection, or null when it is not one we may use: its URI must be an http: or https: URL (a
 * `data:` or `javascript:` URI is dropped, and so is anything else), and its security is read from that
 * scheme — `protocol` is ignored, a connection saying "https" with an http:// URI is plain http. On a
 * server that requires https (`httpsRequired`), http connections are dropped too: its access token must
 * never travel over plain http, whatever code runs later.
 */
function parseConnection(json: Json, path: string, httpsRequired: boolean): Connection | 'not-web' | 'insecure' {
  reqString(json, 'protocol', path)
  const address = reqString(json, 'address', path)
  const port = reqInt(json, 'port', path)
  const uri = reqNonEmptyString(json, 'uri', path)
  const protocol = webScheme(uri)
  if (protocol === null) return 'not-web'
  if (httpsRequired && protocol !== 'https') return 'insecure'
  return {
    protocol,
    address,
    port,
    uri,
    local: bool(json, 'local', path),
    relay: bool(json, 'relay', path),
    IPv6: bool(json, 'IPv6', path),
  }
}

/** "server", "client,player,pubsub-player" → ["server"], ["client","player","pubsub-player"]. */
function parseProvides(o: Json, path: string): string[] {
  const v = o['provides']
  if (v === undefined || v === null) return []
  const parts = typeof v === 'string' ? v.split(',') : Array.isArray(v) && v.every((p) => typeof p === 'string') ? v : null
  if (parts === null) throw new BadResponse(`${path}.provides is not a string`)
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

function parseResource(o: Json, path: string, rejected: { uris: number }): Resource {
  const connections = o['connections']
  if (connections !== undefined && connections !== null && !Array.isArray(connections)) {
    throw new BadResponse(`${path}.connections is not an array`)
  }
  const httpsRequired = bool(o, 'httpsRequired', path)
  const parsedConnections: Connection[] = []
  ;(connections ?? []).forEach((c, i) => {
    if (!isObject(c)) return
    const parsed = parseConnection(c, `${path}.connections[${i}]`, httpsRequired)
    if (parsed === 'not-web') rejected.uris++
    else if (parsed !== 'insecure') parsedConnections.push(parsed)
  })
  return {
    name: reqName(o, 'name', path),
    product: optString(o, 'product', path) ?? '',
    productVersion: optString(o, 'productVersion', path) ?? '',
    platform: optString(o, 'platform', path),
    clientIdentifier: reqNonEmptyString(o, 'clientIdentifier', path),
    provides: parseProvides(o, path),
    owned: bool(o, 'owned', path),
    home: bool(o, 'home', path),
    presence: bool(o, 'presence', path),
    relay: bool(o, 'relay', path),
    httpsRequired,
    publicAddressMatches: bool(o, 'publicAddressMatches', path),
    sourceTitle: optName(o, 'sourceTitle', path),
    ownerId: optInt(o, 'ownerId', path),
    accessToken: optString(o, 'accessToken', path) || null,
    createdAt: textOr(o, 'createdAt', path, ''),
    lastSeenAt: textOr(o, 'lastSeenAt', path, ''),
    connections: parsedConnections,
  }
}

/**
 * GET /api/v2/resources → a JSON array of devices (§7.1); entries that are not objects are skipped.
 * `onRejected` hears how many connection URIs were dropped for not being http:/https: (Diagnostics counts them).
 */
export function parseResources(json: unknown, onRejected?: (count: number) => void): Resource[] {
  if (!Array.isArray(json)) throw new BadResponse('resources is not an array')
  const resources: Resource[] = []
  const rejected = { uris: 0 }
  json.forEach((entry, i) => {
    if (isObject(entry)) resources.push(parseResource(entry, `resources[${i}]`, rejected))
  })
  if (rejected.uris > 0) onRejected?.(rejected.uris)
  return resources
}

/** Servers are the devices whose provides include "server" (§7.1, python-plexapi and Plezy filter the same way). */
export function isServer(resource: Resource): boolean {
  return resource.provides.includes('server')
}

/** GET /api/claim/token.json → {"token":"claim-…"} (§10). */
export function parseClaimToken(json: unknown): string {
  const o = object(json, 'claim')
  const token = reqString(o, 'token', 'claim')
  if (!token.startsWith('claim-')) throw new BadResponse('claim.token is not a claim token')
  return token
}

// ---------------------------------------------------------------- Plex Media Server

/** PMS answers are wrapped: {"MediaContainer":{...}} (§11). */
function mediaContainer(json: unknown): Json {
  return object(object(json, 'body')['MediaContainer'], 'MediaContainer')
}

/** PMS GET /identity. */
export function parsePmsIdentity(json: unknown): PmsIdentity {
  const mc = mediaContainer(json)
  return {
    machineIdentifier: reqNonEmptyString(mc, 'machineIdentifier', 'MediaContainer'),
    claimed: bool(mc, 'claimed', 'MediaContainer'),
    version: textOr(mc, 'version', 'MediaContainer', ''),
  }
}

/** PMS GET / (server root, with the server's token). */
export function parsePmsRoot(json: unknown): PmsRoot {
  const mc = mediaContainer(json)
  return {
    machineIdentifier: reqNonEmptyString(mc, 'machineIdentifier', 'MediaContainer'),
    friendlyName: reqName(mc, 'friendlyName', 'MediaContainer'),
    version: textOr(mc, 'version', 'MediaContainer', ''),
    // an unclaimed server has no myPlex account; some versions send "" instead of leaving it out
    myPlexUsername: optName(mc, 'myPlexUsername', 'MediaContainer') || null,
  }
}

/** PMS GET /library/sections. A server with no libraries leaves `Directory` out. */
export function parseLibrarySections(json: unknown): LibrarySection[] {
  const mc = mediaContainer(json)
  const dirs = mc['Directory']
  if (dirs === undefined || dirs === null) return []
  if (!Array.isArray(dirs)) throw new BadResponse('MediaContainer.Directory is not an array')
  return dirs.map((d, i) => {
    const path = `MediaContainer.Directory[${i}]`
    const o = object(d, path)
    const key = textOr(o, 'key', path, '')
    if (key === '') throw new BadResponse(`${path}.key is missing`)
    return { key, type: reqString(o, 'type', path), title: reqName(o, 'title', path) }
  })
}
