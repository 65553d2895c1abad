/**
 * plex.tv v2 account API (plex-api.md §2–§8, §10) over one axios instance. Every method resolves with a
 * typed value or rejects with a `PlexError`; tokens travel only in the X-Plex-Token header.
 */
import type { PlexTvApi, RequestOptions } from './api.js'
import { BadResponse, InvalidHomePin, PinExpired, ServerError, Unauthorized, type PlexError } from './errors.js'
import { plexHeaders } from './headers.js'
import { parseAccount, parseClaimToken, parseHome, parseJsonBody, parsePin, parseResources, parseSwitchedUser } from './parse.js'
import { createTransport, plexTvErrorOf, rateLimited, type TransportAdapter, type WireRequest, type WireResponse } from './transport.js'
import { safePicture } from './inputs.js'
import type { DeviceIdentity, Home, PlexAccount } from './types.js'

export interface PlexTvClientOptions {
  /** e.g. "https://plex.tv" or "https://clients.plex.tv" (§0), or the simulator's URL. */
  baseUrl: string
  identity: DeviceIdentity
  /** Per-request timeout; RequestOptions.timeoutMs overrides it per call. */
  timeoutMs?: number
  /** axios adapter override (tests); the default picks XHR in a browser and http in Node. */
  adapter?: TransportAdapter
  /**
   * Origins besides plex.tv's own hosts that pictures (`thumb`) may come from: the configured bases (the
   * simulator, a proxy). `baseUrl` is always one. Any other picture URL is dropped (src/plex/inputs.ts).
   */
  pictureBases?: readonly string[]
  /** Query parameters appended to every call (settings' plexTvQuery; never a token: see platform/config.ts). */
  extraQuery?: Record<string, string>
  /** Told how many connection URIs of a resources answer were dropped for not being http:/https:. */
  onRejectedUris?: (count: number) => void
}

/** Which endpoint answered, for the statuses whose meaning depends on it. */
type Endpoint = 'pin' | 'switch' | 'other'

/** plex.tv code 1020 "Code not found or expired" (§3). */
const CODE_PIN_NOT_FOUND = 1020
/** plex.tv code 1041 "Invalid PIN" on a Home switch (§8.2). */
const CODE_INVALID_HOME_PIN = 1041

/** A non-2xx plex.tv answer → the typed error the linking code branches on. */
export function plexTvStatusError(res: WireResponse, endpoint: Endpoint): PlexError {
  const { status } = res
  const envelope = plexTvErrorOf(res.body)
  if (status === 401) return new Unauthorized()
  // python-plexapi maps 422 "Invalid token" to unauthorized as well (§6).
  if (status === 422 && /invalid token/i.test(envelope.message)) return new Unauthorized()
  if (status === 429) return rateLimited(res)
  // 404/1020 is an expired or unknown pin; Plex's Roku client treats every pin error as expired and
  // Plezy also reads 410 that way (§3), so any 404/410 on a pin endpoint means "get a new code".
  if (envelope.code === CODE_PIN_NOT_FOUND && status === 404) return new PinExpired()
  if (endpoint === 'pin' && (status === 404 || status === 410)) return new PinExpired()
  if (status === 403) {
    if (envelope.code === CODE_INVALID_HOME_PIN) return new InvalidHomePin()
    // The 2020 Plex Web capture answers "A valid PIN is required to perform this action" without the
    // code we rely on elsewhere (§8.2); on a switch, a PIN-worded 403 means the same thing.
    if (endpoint === 'switch' && /\bpin\b/i.test(envelope.message)) return new InvalidHomePin()
  }
  return new ServerError(status)
}

function ok(status: number): boolean {
  return status >= 200 && status < 300
}

/**
 * plex.tv's clock from a pin it just created: `createdAt` is its time of the request (§2). This is what a
 * browser can read: plex.tv exposes only `Location` through CORS (§0), so its `Date` header is hidden.
 */
function createdAt(body: string): number | null {
  try {
    const at = Date.parse(parsePin(parseJsonBody(body)).createdAt)
    return Number.isFinite(at) ? at : null
  } catch {
    return null
  }
}

/** The `Date` header where it can be read (not cross-origin from plex.tv, see `createdAt`); else null. */
function dateHeader(res: WireResponse): number | null {
  const date = res.header('date')
  const at = date === null ? Number.NaN : Date.parse(date)
  return Number.isFinite(at) ? at : null
}

/** Tokens travel only in the X-Plex-Token header: a token among the extra query parameters is dropped. */
export function withoutToken(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([name]) => name.toLowerCase() !== 'x-plex-token'))
}

export function createPlexTvClient(options: PlexTvClientOptions): PlexTvApi {
  const { identity } = options
  const transport = createTransport({
    baseURL: options.baseUrl,
    headers: () => plexHeaders(identity),
    timeoutMs: options.timeoutMs ?? 10000,
    ...(options.adapter !== undefined ? { adapter: options.adapter } : {}),
    ...(options.extraQuery !== undefined ? { query: withoutToken(options.extraQuery) } : {}),
  })

  async function call<T>(request: WireRequest, endpoint: Endpoint, parse: ((json: unknown) => T) | null): Promise<T | undefined> {
    const res = await transport.send(request)
    if (!ok(res.status)) throw plexTvStatusError(res, endpoint)
    return parse ? parse(parseJsonBody(res.body)) : undefined
  }

  const pictureBases = [options.baseUrl, ...(options.pictureBases ?? [])]
  const account = (a: PlexAccount): PlexAccount => ({ ...a, thumb: safePicture(a.thumb, pictureBases) })
  const home = (h: Home): Home => ({ ...h, users: h.users.map((u) => ({ ...u, thumb: safePicture(u.thumb, pictureBases) })) })

  async function json<T>(request: WireRequest, endpoint: Endpoint, parse: (json: unknown) => T): Promise<T> {
    return (await call(request, endpoint, parse)) as T
  }

  return {
    identity,

    // Never strong: plex.tv/link takes only 4-character codes (§4, §13.1). No token on pins (§2).
    createPin(opts?: RequestOptions) {
      return json({ method: 'POST', url: '/api/v2/pins', opts }, 'pin', parsePin)
    },

    getPin(id: number, opts?: RequestOptions) {
      return json({ method: 'GET', url: `/api/v2/pins/${id}`, opts }, 'pin', parsePin)
    },

    // What plex.tv/link does for a signed-in person: PUT with form body code=…, 204 on success (§4).
    async linkPin(code: string, token: string, opts?: RequestOptions) {
      await call({ method: 'PUT', url: '/api/v2/pins/link', token, form: { code }, opts }, 'pin', null)
    },

    getUser(token: string, opts?: RequestOptions) {
      return json({ method: 'GET', url: '/api/v2/user', token, opts }, 'other', (j) => account(parseAccount(j)))
    },

    getResources(token: string, opts?: RequestOptions) {
      return json(
        {
          method: 'GET',
          url: '/api/v2/resources',
          token,
          // each includeX defaults to 0 (§7.1): without them https, relay and IPv6 links are missing
          params: { includeHttps: '1', includeRelay: '1', includeIPv6: '1' },
          opts,
        },
        'other',
        (j) => parseResources(j, options.onRejectedUris),
      )
    },

    getHomeUsers(token: string, opts?: RequestOptions) {
      return json({ method: 'GET', url: '/api/v2/home/users', token, opts }, 'other', (j) => home(parseHome(j)))
    },

    async switchHomeUser(token: string, uuid: string, pin: string | null, opts?: RequestOptions) {
      // The Home PIN goes in the query string: that is the documented v2 contract (PKC, Plex Web, §8.2).
      // It is a 4-digit profile PIN, not a token; the account token still travels only as a header.
      const res = await transport.send({
        method: 'POST',
        url: `/api/v2/home/users/${encodeURIComponent(uuid)}/switch`,
        token,
        ...(pin !== null && pin !== '' ? { params: { pin } } : {}),
        opts,
      })
      // 201 per Plezy's fixture, 200 per other clients (§8.2).
      if (res.status !== 200 && res.status !== 201) {
        if (ok(res.status)) throw new BadResponse(`switch answered ${res.status}`)
        throw plexTvStatusError(res, 'switch')
      }
      return parseSwitchedUser(parseJsonBody(res.body))
    },

    getClaimToken(token: string, opts?: RequestOptions) {
      return json({ method: 'GET', url: '/api/claim/token.json', token, opts }, 'other', parseClaimToken)
    },

    async ping(opts?: RequestOptions) {
      // The call a code needs (no token): "reachable" means "this TV can get a code".
      const res = await transport.send({ method: 'POST', url: '/api/v2/pins', opts })
      return { status: res.status, serverDate: (ok(res.status) ? createdAt(res.body) : null) ?? dateHeader(res) }
    },
  }
}
