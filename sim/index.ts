/**
 * The plex.tv simulator: a real HTTP server on loopback that answers like plex.tv as described in
 * shared/plex-api.md (paths, headers, status codes, error envelopes, expiry, CORS), plus the phone's
 * /link page and a control API under /__sim/ for tests, benchmarks and the demo.
 * The app never imports this; it only sees a base URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { readFileSync } from 'node:fs'
import QRCode from 'qrcode'
import { PNG } from 'pngjs'
import { linkPageHtml } from './linkPage.js'
import { toXml } from './xml.js'
import { crowdServers, crowdUsers } from './crowd.js'
import { FakePmsEndpoint, type EndpointConfig, type EndpointMode, type PmsServerState } from './pms.js'

export type AccountKey = string

export interface FaultSpec {
  /** Exact method, or any when absent. */
  method?: string
  /** Path the fault applies to, e.g. "/api/v2/pins/" (query ignored): a prefix unless `exact` is true. */
  path: string
  /** Match the path exactly instead of as a prefix. */
  exact?: boolean
  kind: 'status' | 'rateLimit' | 'delay' | 'hang' | 'malformed' | 'reset'
  /** For kind 'status': 500, 502, 503… */
  status?: number
  /** For kind 'rateLimit' (or 'status' 429): the Retry-After header in seconds; absent = no header. */
  retryAfterSec?: number
  /** For kind 'delay'. */
  delayMs?: number
  /** Applies to the next N matching requests… */
  count?: number
  /** …or for this long from now (simulator clock). */
  durationMs?: number
}

export interface LogEntry {
  method: string
  /** Path without the query string: the query may carry X-Plex-Token, which is never logged. */
  path: string
  /** Simulator clock, epoch ms, when the request arrived. */
  time: number
  status: number
  /**
   * Whose token the request carried, by name (a Home user's title, or the account key), never the token
   * itself: lets a test see that a call was made as the chosen Home user. Absent without a known token.
   */
  as?: string
}

interface SimPin {
  id: number
  code: string
  strong: boolean
  clientIdentifier: string
  product: string
  createdAt: number
  expiresAt: number
  authToken: string | null
}

interface ActiveFault extends FaultSpec {
  remaining: number | null
  until: number | null
}

export interface SimulatorOptions {
  port?: number
  host?: string
  /** Epoch ms; tests pass a fake clock to drive expiry without waiting. */
  now?: () => number
  pinLifetimeSec?: number
  strongPinLifetimeSec?: number
  /** Seed for codes and ids, so runs are repeatable. */
  seed?: number
}

export interface RunningSimulator {
  url: string
  linkPageUrl: string
  controlUrl: string
  /** The seeded world (the JSON in sim/fixtures/), PINs and tokens included: tests read them from here. */
  fixtures: SimFixtures
  reset(): Promise<void>
  /** Lifetime of pins created from now on: both kinds (default), or only 4-char ('pin') or 'strong' ones. */
  setPinLifetime(seconds: number, kind?: 'both' | 'pin' | 'strong'): Promise<void>
  expirePin(idOrCode: number | string): Promise<boolean>
  link(code: string, account: AccountKey): Promise<number>
  addFault(fault: FaultSpec): Promise<void>
  clearFaults(): Promise<void>
  log(): Promise<LogEntry[]>
  clearLog(): Promise<void>
  setClockSkew(seconds: number): Promise<void>
  /** Changes how one fake PMS connection endpoint behaves (see servers.json for the names). */
  configureConnection(endpoint: string, change: Partial<EndpointConfig>): Promise<void>
  /** Every fake PMS endpoint: name, URI, mode. */
  pms(): { name: string; uri: string; mode: EndpointMode; server: string }[]
  /**
   * Grows or cuts the owner's Plex Home and server list to a size (seeded ones first, then generated ones
   * with long and non-Latin names); null keeps the seeded world. Reset goes back to the seeded world.
   */
  setWorld(size: { homeUsers?: number | null; servers?: number | null }): Promise<void>
  /** URI of the unclaimed local server (what a Pi's own Plex Media Server would be). */
  unclaimedServerUrl: string
  close(): Promise<void>
}

export interface AccountFixture {
  key: string
  token: string
  user: { id: number; uuid: string; title: string; email: string; username: string; friendlyName: string } & Record<string, unknown>
}

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T

export interface HomeUserFixture {
  id: number
  uuid: string
  title: string
  username: string | null
  email: string | null
  friendlyName: string
  thumb: string
  hasPassword: boolean
  restricted: boolean
  updatedAt: number
  restrictionProfile: string | null
  admin: boolean
  guest: boolean
  protected: boolean
  /** The Home PIN; it exists only here, in the simulator. */
  pin: string | null
  /** The token plex.tv hands out when switching to this user. */
  token: string
}

export interface ConnectionFixture {
  endpoint: string
  /** What plex.tv reports; the fake PMS itself always speaks plain http on loopback. */
  protocol: 'http' | 'https'
  IPv6: boolean
  local: boolean
  relay: boolean
  latencyMs: number
  mode: EndpointMode
}

export interface ServerFixture {
  name: string
  clientIdentifier: string
  owned: boolean
  presence: boolean
  relay: boolean
  accessToken: string
  sourceTitle: string | null
  ownerId: number | null
  productVersion: string
  platform: string
  platformVersion: string
  device: string
  lastSeenDaysAgo: number
  httpsRequired: boolean
  publicAddressMatches: boolean
  connections: ConnectionFixture[]
}

export interface ServersFixture {
  servers: ServerFixture[]
  singleAccountServers: ServerFixture[]
  unclaimed: { name: string; clientIdentifier: string; productVersion: string; platform: string; platformVersion: string; device: string; endpoint: string }
  libraries: PmsServerState['libraries']
}

/** The seeded world, shared with unit tests (sim/fixtures/*.json, shaped like real answers). */
export const accountsFixture = fixture<{ accounts: AccountFixture[] }>('accounts.json')
export const homeFixture = fixture<{ home: Record<string, unknown>; users: HomeUserFixture[] }>('home.json')
export const serversFixture = fixture<ServersFixture>('servers.json')

export interface SimFixtures {
  /** `owner` (with the Plex Home) and `single` (no Home): key, token, and the §6 user object. */
  accounts: AccountFixture[]
  /** The owner's Plex Home: home fields, and users with their PIN and switch token. */
  home: typeof homeFixture
  servers: ServersFixture
}

const FAULT_KINDS: FaultSpec['kind'][] = ['status', 'rateLimit', 'delay', 'hang', 'malformed', 'reset']

/** What GET /__sim answers: the control routes, for a person poking at the demo with curl. */
const CONTROL_ROUTES = [
  'POST /__sim/reset',
  'GET|POST /__sim/config {lifetimeSec?, pinLifetimeSec?, strongPinLifetimeSec?, clockSkewSec?}',
  'POST /__sim/expire {id} | {code}',
  'POST /__sim/link {code, account}',
  'GET|POST|DELETE /__sim/faults {method?, path, exact?, kind, status?, retryAfterSec?, delayMs?, count?, durationMs?}',
  'GET|DELETE /__sim/log',
  'POST /__sim/world {homeUsers?: 0..60 | null, servers?: 0..60 | null}',
  'GET /__sim/pins',
  'GET /__sim/pms',
  'POST /__sim/pms/{endpoint} {mode?, latencyMs?, wrongIdentity?}',
]

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const STRONG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A small deterministic PRNG (mulberry32), so codes and ids repeat for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function errorBody(code: number, message: string, status?: number) {
  return { errors: [{ code, message, ...(status !== undefined ? { status } : {}) }] }
}

/**
 * The loopback address of the n-th fake PMS connection: 127.0.0.10 onwards (127.0.0.1 is plex.tv's), 240
 * a block, then 127.0.1.10 and so on.
 */
export function loopbackAddress(n: number): string {
  return `127.0.${Math.floor(n / 240)}.${10 + (n % 240)}`
}

/** Only loopback: the simulator hands out tokens to anyone who asks and must never face a network. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost'])

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  if (opts.host !== undefined && !LOOPBACK.has(opts.host)) {
    throw new Error(`The plex.tv simulator binds to loopback only (127.0.0.1); refusing host ${opts.host}`)
  }
  const now = opts.now ?? (() => Date.now())
  const seed = opts.seed ?? 20261122
  let random = prng(seed)
  const defaults = { pin: opts.pinLifetimeSec ?? 900, strong: opts.strongPinLifetimeSec ?? 1800 }
  let lifetime = { ...defaults }
  let pins = new Map<number, SimPin>()
  let faults: ActiveFault[] = []
  let requestLog: LogEntry[] = []
  let clockSkewSec = 0
  let nextId = 308667304
  const accounts = accountsFixture.accounts
  const tokens = new Map(accounts.map((a) => [a.token, a]))
  const owner = accounts.find((a) => a.key === 'owner')!
  /** The owner's Home and servers: as seeded, or a chosen size (POST /__sim/world, sim/crowd.ts). */
  const extraUsers = crowdUsers(60)
  const extraServers = crowdServers(60)
  let world: { homeUsers: number | null; servers: number | null } = { homeUsers: null, servers: null }
  const currentHome = (): HomeUserFixture[] =>
    world.homeUsers === null ? homeFixture.users : [...homeFixture.users, ...extraUsers].slice(0, world.homeUsers)
  const ownerServers = (): ServerFixture[] =>
    world.servers === null ? serversFixture.servers : [...serversFixture.servers, ...extraServers].slice(0, world.servers)
  /** Every user a token could belong to (a cut Home keeps the owner's own token working). */
  const homeUsers = [...homeFixture.users, ...extraUsers]
  /** Who a token belongs to: an account, or a Home user reached by switching. */
  const principalOf = (token: string | null) => {
    if (!token) return null
    const account = tokens.get(token)
    if (account) return { account, homeUser: homeUsers.find((u) => u.token === token) ?? null }
    const homeUser = homeUsers.find((u) => u.token === token)
    return homeUser ? { account: owner, homeUser } : null
  }

  // ── fake Plex Media Servers ──
  const host = '127.0.0.1' // 'localhost' is accepted above but never resolved (it may mean ::1)
  /**
   * Each fake PMS connection listens on its own loopback address (Linux answers on all of 127.0.0.0/8), as
   * the LAN, public and relay addresses of real servers are distinct hosts: a browser's per-host connection
   * limit then applies per server address as it does at home, not to every fake server at once.
   */
  let endpointCount = 0
  const nextEndpointHost = () => loopbackAddress(endpointCount++)
  const claimTokens = new Map<string, { account: AccountFixture; expiresAt: number }>()
  const serverStates = new Map<string, PmsServerState>()
  const endpoints = new Map<string, FakePmsEndpoint>()
  const claimed: { account: AccountFixture; server: ServerFixture }[] = []
  const claims = {
    redeem: (claimToken: string) => {
      const c = claimTokens.get(claimToken)
      if (!c || c.expiresAt <= now()) return null
      claimTokens.delete(claimToken)
      const u = serversFixture.unclaimed
      claimed.push({
        account: c.account,
        server: {
          name: u.name, clientIdentifier: u.clientIdentifier, owned: true, presence: true, relay: false,
          accessToken: 'pms-token-claimed-pi-777', sourceTitle: null, ownerId: null, productVersion: u.productVersion,
          platform: u.platform, platformVersion: u.platformVersion, device: u.device, lastSeenDaysAgo: 0,
          httpsRequired: false, publicAddressMatches: true,
          connections: [{ endpoint: u.endpoint, protocol: 'http', IPv6: false, local: true, relay: false, latencyMs: 3, mode: 'ok' }],
        },
      })
      serverStates.get(u.clientIdentifier)!.accessToken = 'pms-token-claimed-pi-777'
      return c.account.user.username
    },
  }
  const initialConfig = new Map<string, EndpointConfig>()
  /** Back to the seeded world without new ports: the demo's settings keep pointing at the same servers. */
  const resetPms = async () => {
    claimed.length = 0
    for (const [name, config] of initialConfig) await endpoints.get(name)!.configure(config)
    const unclaimed = serverStates.get(serversFixture.unclaimed.clientIdentifier)!
    Object.assign(unclaimed, { accessToken: null, claimed: false, ownerUsername: null })
  }
  const seedPms = async () => {
    const all = [...serversFixture.servers, ...serversFixture.singleAccountServers, ...extraServers]
    for (const srv of all) {
      const state: PmsServerState = {
        machineIdentifier: srv.clientIdentifier, friendlyName: srv.name, version: srv.productVersion, platform: srv.platform,
        platformVersion: srv.platformVersion, accessToken: srv.accessToken, claimed: true,
        ownerUsername: srv.sourceTitle ?? owner.user.username, libraries: serversFixture.libraries,
      }
      serverStates.set(srv.clientIdentifier, state)
      for (const c of srv.connections) {
        const e = new FakePmsEndpoint(c.endpoint, state, { mode: c.mode, latencyMs: c.latencyMs, wrongIdentity: false }, nextEndpointHost(), claims)
        endpoints.set(c.endpoint, e)
      }
    }
    const u = serversFixture.unclaimed
    const unclaimedState: PmsServerState = {
      machineIdentifier: u.clientIdentifier, friendlyName: u.name, version: u.productVersion, platform: u.platform,
      platformVersion: u.platformVersion, accessToken: null, claimed: false, ownerUsername: null, libraries: [],
    }
    serverStates.set(u.clientIdentifier, unclaimedState)
    endpoints.set(u.endpoint, new FakePmsEndpoint(u.endpoint, unclaimedState, { mode: 'ok', latencyMs: 2, wrongIdentity: false }, nextEndpointHost(), claims))
    for (const e of endpoints.values()) initialConfig.set(e.name, { ...e.config })
    await Promise.all([...endpoints.values()].map((e) => e.start()))
  }
  await seedPms()

  const serversFor = (account: AccountFixture): ServerFixture[] => [
    ...(account.key === 'owner' ? ownerServers() : account.key === 'single' ? serversFixture.singleAccountServers : []),
    ...claimed.filter((c) => c.account.key === account.key).map((c) => c.server),
  ]

  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
  /** Each includeX flag defaults to 0 (plex-api.md §7.1): https, relay and IPv6 links only when asked. */
  interface Include { https: boolean; relay: boolean; IPv6: boolean }
  const resourceJson = (srv: ServerFixture, include: Include) => ({
    name: srv.name,
    product: 'Plex Media Server',
    productVersion: srv.productVersion,
    platform: srv.platform,
    platformVersion: srv.platformVersion,
    device: srv.device,
    clientIdentifier: srv.clientIdentifier,
    createdAt: '2023-03-14T09:26:53Z',
    lastSeenAt: iso(now() - srv.lastSeenDaysAgo * 86_400_000 - 60_000),
    provides: 'server',
    ownerId: srv.ownerId,
    sourceTitle: srv.sourceTitle,
    publicAddress: '203.0.113.7',
    accessToken: srv.accessToken,
    owned: srv.owned,
    home: false,
    synced: false,
    relay: srv.relay,
    presence: srv.presence,
    httpsRequired: srv.httpsRequired,
    publicAddressMatches: srv.publicAddressMatches,
    dnsRebindingProtection: false,
    natLoopbackSupported: false,
    // Loopback stands in for LAN, WAN, IPv6 and relay addresses: plex.direct names, TLS and IPv6 cannot
    // be simulated there, so every URI is http://127.0.0.N:PORT, one address per connection; the
    // protocol/local/relay/IPv6 flags keep the meaning the fixture gives them (a client ranks by them,
    // then talks plain http).
    connections: srv.connections
      .filter((c) => (include.https || c.protocol !== 'https') && (include.relay || !c.relay) && (include.IPv6 || !c.IPv6))
      .map((c) => {
        const e = endpoints.get(c.endpoint)!
        return { protocol: c.protocol, address: e.host, port: e.port, uri: e.uri, local: c.local, relay: c.relay, IPv6: c.IPv6 }
      }),
  })
  const playerDevice = {
    name: "Alex's iPhone", product: 'Plex for iOS', productVersion: '8.30', platform: 'iOS', platformVersion: '18.1',
    device: 'iPhone', clientIdentifier: 'b7c1d2e3-iphone', createdAt: '2024-01-02T10:00:00Z', lastSeenAt: '2026-11-20T08:00:00Z',
    provides: 'client,player,pubsub-player', ownerId: null, sourceTitle: null, publicAddress: '203.0.113.7', accessToken: 'device-token-iphone-888',
    owned: true, home: false, synced: false, relay: false, presence: true, httpsRequired: false, publicAddressMatches: true,
    dnsRebindingProtection: false, natLoopbackSupported: false, connections: [],
  }
  const homeUserJson = (u: HomeUserFixture) => {
    const { pin: _pin, token: _token, ...visible } = u
    return visible
  }

  const resetState = () => {
    random = prng(seed)
    lifetime = { ...defaults }
    pins = new Map()
    faults = []
    requestLog = []
    clockSkewSec = 0
    nextId = 308667304
  }

  const newCode = (strong: boolean) => {
    const alphabet = strong ? STRONG_ALPHABET : CODE_ALPHABET
    for (;;) {
      let code = ''
      for (let i = 0; i < (strong ? 25 : 4); i++) code += alphabet[Math.floor(random() * alphabet.length)]
      if (![...pins.values()].some((p) => p.code === code && p.expiresAt > now())) return code
    }
  }

  const pinJson = (p: SimPin, base: string) => ({
    id: p.id,
    code: p.code,
    product: p.product,
    trusted: false,
    qr: `${base}/api/v2/pins/qr/${p.code}`,
    clientIdentifier: p.clientIdentifier,
    location: {
      code: 'US', european_union_member: false, continent_code: 'NA', country: 'United States', city: 'Austin',
      time_zone: 'America/Chicago', postal_code: '78732', in_privacy_restricted_country: false,
      in_privacy_restricted_region: false, subdivisions: 'Texas', coordinates: '30.3768, -97.8935',
    },
    // seconds REMAINING at response time (plex-api.md §2: the spec example shows 876 for a 900 s pin)
    expiresIn: Math.max(0, Math.round((p.expiresAt - now()) / 1000)),
    // plex.tv's own clock: the configured skew moves these with the Date header (expiresIn does not move)
    createdAt: new Date(p.createdAt + clockSkewSec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    expiresAt: new Date(p.expiresAt + clockSkewSec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    authToken: p.authToken,
    newRegistration: null,
  })

  const findLinkablePin = (code: string) => {
    const wanted = code.replace(/\s+/g, '').toUpperCase()
    if (wanted.length !== 4) return null // plex.tv/link refuses 25-char strong codes (plex-api.md §4, §13.1)
    for (const p of pins.values()) if (!p.strong && p.code === wanted && p.expiresAt > now() && !p.authToken) return p
    return null
  }

  /** What plex.tv/link does for a signed-in person: 204, or 404/1020 (plex-api.md §4). */
  const linkCode = (code: string, token: string): number => {
    if (!principalOf(token)) return 401
    const pin = findLinkablePin(code)
    if (!pin) return 404
    pin.authToken = token
    return 204
  }

  const matchFault = (method: string, path: string): ActiveFault | null => {
    const t = now()
    faults = faults.filter((f) => (f.remaining === null || f.remaining > 0) && (f.until === null || f.until > t))
    const f = faults.find((x) => (!x.method || x.method.toUpperCase() === method) && (x.exact ? path === x.path : path.startsWith(x.path)))
    if (!f) return null
    if (f.remaining !== null) f.remaining--
    return f
  }

  /** GET /api/v2/user and the switch answer: the account, or the Home user switched to, with its token. */
  const userJson = (p: { account: AccountFixture; homeUser: HomeUserFixture | null }) => {
    const u = p.homeUser
    if (!u || u.token === p.account.token) return { ...p.account.user, authToken: p.account.token }
    return {
      ...p.account.user,
      id: u.id, uuid: u.uuid, username: u.username ?? '', title: u.title, friendlyName: u.friendlyName, email: u.email ?? '',
      thumb: u.thumb, protected: u.protected, restricted: u.restricted, homeAdmin: u.admin, hasPassword: u.hasPassword,
      authToken: u.token,
    }
  }

  /** Every plex.tv answer carries a Date header, from the simulator clock plus the configured skew. */
  const dateHeader = () => new Date(now() + clockSkewSec * 1000).toUTCString()
  /** Ends every request held by a 'hang' fault: its socket is destroyed, the client sees a network error. */
  const closeHanging = () => {
    for (const r of hanging) r.socket?.destroy()
    hanging.clear()
  }
  const sockets = new Set<Socket>()
  const hanging = new Set<ServerResponse>()
  let baseUrl = ''

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim')
    const method = (req.method ?? 'GET').toUpperCase()
    const path = url.pathname
    const arrived = now()
    const body = await readBody(req)
    const isControl = path === '/__sim' || path.startsWith('/__sim/')
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}, root = 'response') => {
      const wantsJson = isControl || /application\/json/.test(req.headers.accept ?? '') || /\.json$/.test(path) || typeof payload === 'string'
      let text = ''
      let type = 'application/json; charset=utf-8'
      if (typeof payload === 'string') {
        text = payload
        type = headers['Content-Type'] ?? 'text/html; charset=utf-8'
      } else if (payload !== undefined) {
        // the v2 error envelope in XML: <errors><error code=".." message=".." status=".."/></errors>
        const isError = typeof payload === 'object' && payload !== null && 'errors' in payload
        text = wantsJson ? JSON.stringify(payload) : toXml(isError ? 'errors' : root, payload)
        // the fixtures' pictures live on plex.tv (https://plex.tv/users/{id}/avatar); this plex.tv serves them
        text = text.replaceAll(PLEX_AVATARS, `${baseUrl}/users/`)
        if (!wantsJson) type = 'application/xml; charset=utf-8'
      }
      if (!isControl) {
        const who = principalOf((req.headers['x-plex-token'] as string | undefined) ?? url.searchParams.get('X-Plex-Token'))
        requestLog.push({ method, path, time: arrived, status, ...(who ? { as: who.homeUser?.title ?? who.account.key } : {}) })
      }
      res.writeHead(status, {
        ...corsHeaders(req),
        Date: dateHeader(),
        ...(payload !== undefined && status !== 204 ? { 'Content-Type': type } : {}),
        ...headers,
      })
      res.end(status === 204 ? undefined : text)
    }

    if (method === 'OPTIONS') {
      res.writeHead(204, { ...corsHeaders(req), Date: dateHeader() }).end()
      return
    }

    if (isControl) return control(method, path, body, send)

    // faults apply to plex.tv paths only, never to the control API
    const fault = matchFault(method, path)
    if (fault) {
      if (fault.kind === 'reset') {
        requestLog.push({ method, path, time: arrived, status: 0 })
        req.socket.destroy()
        return
      }
      if (fault.kind === 'hang') {
        requestLog.push({ method, path, time: arrived, status: 0 })
        hanging.add(res)
        res.on('close', () => hanging.delete(res))
        return
      }
      if (fault.kind === 'status') {
        const status = fault.status ?? 503
        if (status === 429) return send(429, errorBody(1003, 'Too many requests', 429), fault.retryAfterSec !== undefined ? { 'Retry-After': String(fault.retryAfterSec) } : {})
        return send(status, errorBody(1999, 'Service temporarily unavailable', status))
      }
      if (fault.kind === 'rateLimit') {
        return send(429, errorBody(1003, 'Too many requests', 429), fault.retryAfterSec !== undefined ? { 'Retry-After': String(fault.retryAfterSec) } : {})
      }
      if (fault.kind === 'malformed') {
        requestLog.push({ method, path, time: arrived, status: 200 })
        res.writeHead(200, { ...corsHeaders(req), 'Content-Type': 'application/json; charset=utf-8', Date: dateHeader() })
        res.end('{"id": 308667304, "code": "7R') // cut off mid-body
        return
      }
      if (fault.kind === 'delay') await new Promise((ok) => setTimeout(ok, fault.delayMs ?? 1000))
    }

    if (path === '/link' || path === '/link/') {
      if (method === 'POST') {
        const form = new URLSearchParams(body)
        const account = accounts.find((a) => a.key === form.get('account')) ?? accounts[0]!
        const status = linkCode(form.get('code') ?? '', account.token)
        return send(200, linkPageHtml({ accounts, selected: account.key, code: form.get('code') ?? '', result: status === 204 ? 'linked' : 'not-found' }))
      }
      return send(200, linkPageHtml({ accounts, selected: url.searchParams.get('account') ?? 'owner', code: url.searchParams.get('pin') ?? '', result: null }))
    }

    // A Home user's or account's picture (`thumb`): a PNG that needs no token. Whether plex.tv lets a
    // page on another origin draw it into WebGL (CORS on the image) is not documented; answered with
    // the API's own CORS here, and the app falls back to initials when a picture does not load.
    const avatarMatch = /^\/users\/([0-9a-f]+)\/avatar$/.exec(path)
    if (method === 'GET' && avatarMatch) {
      requestLog.push({ method, path, time: arrived, status: 200 })
      res.writeHead(200, { ...corsHeaders(req), 'Content-Type': 'image/png', Date: dateHeader() })
      res.end(avatarPng(avatarMatch[1]!))
      return
    }

    // The pin's `qr` field points here: a PNG that needs no token and encodes the prefilled link page
    // (plex-api.md §5; the encoded URL is UNCERTAIN there, the likeliest value is used).
    const qrMatch = /^\/api\/v2\/pins\/qr\/([A-Za-z0-9]+)$/.exec(path)
    if (method === 'GET' && qrMatch) {
      const png = await QRCode.toBuffer(`${baseUrl}/link/?pin=${qrMatch[1]}`, { margin: 2, scale: 8 })
      requestLog.push({ method, path, time: arrived, status: 200 })
      res.writeHead(200, { ...corsHeaders(req), 'Content-Type': 'image/png', Date: dateHeader() })
      res.end(png)
      return
    }

    // X-Plex-* values may come as headers or as query parameters (plex-api.md §0)
    const plex = (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? url.searchParams.get(name) ?? null
    const clientId = plex('X-Plex-Client-Identifier')
    const token = plex('X-Plex-Token')
    const apiPath = path.replace(/\.json$/, '')

    if (!apiPath.startsWith('/api/')) return send(404, errorBody(1002, 'Not found', 404))
    if (!clientId) return send(400, errorBody(1000, 'X-Plex-Client-Identifier is missing', 400))

    if (method === 'POST' && apiPath === '/api/v2/pins') {
      const strong = (url.searchParams.get('strong') ?? bodyField(req, body, 'strong')) === 'true'
      const pin: SimPin = {
        id: nextId,
        code: newCode(strong),
        strong,
        clientIdentifier: clientId,
        product: plex('X-Plex-Product') ?? '',
        createdAt: now(),
        expiresAt: now() + (strong ? lifetime.strong : lifetime.pin) * 1000,
        authToken: null,
      }
      nextId += 1 + Math.floor(random() * 997)
      pins.set(pin.id, pin)
      return send(201, pinJson(pin, baseUrl), {}, 'pin')
    }

    const pinMatch = /^\/api\/v2\/pins\/(\d+)$/.exec(apiPath)
    if (method === 'GET' && pinMatch) {
      const pin = pins.get(Number(pinMatch[1]))
      // expired, unknown, or asked for by another client identifier: 404/1020 (plex-api.md §3)
      if (!pin || pin.expiresAt <= now() || pin.clientIdentifier !== clientId) return send(404, errorBody(1020, 'Code not found or expired'))
      return send(200, pinJson(pin, baseUrl), {}, 'pin')
    }

    if (method === 'PUT' && apiPath === '/api/v2/pins/link') {
      if (!token || !principalOf(token)) return send(401, errorBody(1001, 'User could not be authenticated', 401))
      const status = linkCode(bodyField(req, body, 'code') ?? '', token)
      return status === 204 ? send(204, undefined) : send(404, errorBody(1020, 'Code not found or expired'))
    }

    const principal = principalOf(token)
    const unauthorized = () => send(401, errorBody(1001, 'User could not be authenticated', 401))

    if (method === 'GET' && apiPath === '/api/v2/user') {
      if (!principal) return unauthorized()
      return send(200, userJson(principal), {}, 'user')
    }

    if (method === 'GET' && apiPath === '/api/v2/resources') {
      if (!principal) return unauthorized()
      const flag = (name: string) => ['1', 'true'].includes(url.searchParams.get(name) ?? '')
      const include = { https: flag('includeHttps'), relay: flag('includeRelay'), IPv6: flag('includeIPv6') }
      return send(200, [...serversFor(principal.account).map((srv) => resourceJson(srv, include)), ...(principal.account === owner ? [playerDevice] : [])], {}, 'MediaContainer')
    }

    if (method === 'GET' && apiPath === '/api/v2/home/users') {
      if (!principal) return unauthorized()
      if (principal.account === owner) return send(200, { ...homeFixture.home, users: currentHome().map(homeUserJson) }, {}, 'home')
      // An account without a Plex Home: a home of one (plex-api.md §12 leaves 404 vs one user open; we answer one user).
      const u = principal.account.user
      return send(200, {
        id: u.id, name: `${u.title}'s Home`, guestUserID: u.id + 1, guestUserUUID: 'a1b2c3d4e5f60719', guestEnabled: false, subscription: false,
        users: [{ id: u.id, uuid: u.uuid, title: u.title, username: u.username, email: u.email, friendlyName: u.friendlyName, thumb: u.thumb,
          hasPassword: true, restricted: false, updatedAt: 1600000000, restrictionProfile: null, admin: true, guest: false, protected: false }],
      }, {}, 'home')
    }

    const switchMatch = /^\/api\/v2\/home\/users\/([^/]+)\/switch$/.exec(apiPath)
    if (method === 'POST' && switchMatch) {
      if (!principal) return unauthorized()
      const wanted = switchMatch[1]!
      const pin = url.searchParams.get('pin') ?? bodyField(req, body, 'pin')
      if (principal.account !== owner) {
        // an account without a Home has a Home of one (see home/users): switching to itself works, as to an
        // unprotected user; any PIN sent is wrong, there is none
        const self = principal.account.user
        if (wanted !== self.uuid && wanted !== String(self.id)) return send(404, errorBody(1002, 'Not found', 404))
        if (pin !== null) return send(403, errorBody(1041, 'Invalid PIN', 403))
        return send(201, userJson({ account: principal.account, homeUser: null }), {}, 'user')
      }
      const target = currentHome().find((u) => u.uuid === wanted || String(u.id) === wanted)
      if (!target) return send(404, errorBody(1002, 'Not found', 404))
      // plex.tv demands a PIN for a protected user and checks any PIN that is sent, even for an unprotected
      // user (plex-api.md §8.2, §13.9: a 1041 can come when protected is false); a user without a PIN has
      // no right PIN, so any PIN sent for them is wrong
      const pinOk = pin === null ? !target.protected : pin === target.pin
      if (!pinOk) return send(403, errorBody(1041, 'Invalid PIN', 403))
      return send(201, userJson({ account: owner, homeUser: target }), {}, 'user')
    }

    if (method === 'GET' && apiPath === '/api/claim/token') {
      if (!principal) return unauthorized()
      let claimToken = 'claim-'
      for (let i = 0; i < 20; i++) claimToken += STRONG_ALPHABET[Math.floor(random() * STRONG_ALPHABET.length)]
      // about 4 minutes, as the claim page says (plex-api.md §10)
      claimTokens.set(claimToken, { account: principal.account, expiresAt: now() + 4 * 60_000 })
      return send(200, { token: claimToken }, {}, 'MediaContainer')
    }

    return send(404, errorBody(1002, 'Not found', 404))
  }

  const control = (method: string, path: string, body: string, send: (s: number, p: unknown) => void) => {
    let input: Record<string, unknown> = {}
    try {
      const parsed: unknown = body ? JSON.parse(body) : {}
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
      input = parsed as Record<string, unknown>
    } catch {
      return send(400, { error: 'the control API takes a JSON object body' })
    }
    const route = `${method} ${path.replace(/\/$/, '')}`
    const seconds = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0
    switch (route) {
      case 'GET /__sim':
        return send(200, { routes: CONTROL_ROUTES })
      case 'POST /__sim/reset':
        resetState()
        world = { homeUsers: null, servers: null }
        closeHanging()
        claimTokens.clear()
        return void resetPms().then(() => send(200, { ok: true }))
      case 'GET /__sim/pms':
        return send(200, pmsList())
      case 'GET /__sim/config':
        return send(200, { pinLifetimeSec: lifetime.pin, strongPinLifetimeSec: lifetime.strong, clockSkewSec })
      case 'POST /__sim/config': {
        // lifetimeSec sets both kinds; pinLifetimeSec / strongPinLifetimeSec one kind (new pins only)
        for (const k of ['lifetimeSec', 'pinLifetimeSec', 'strongPinLifetimeSec'] as const) {
          if (input[k] !== undefined && !seconds(input[k])) return send(400, { error: `${k} must be a number of seconds >= 0` })
        }
        if (input.clockSkewSec !== undefined && typeof input.clockSkewSec !== 'number') return send(400, { error: 'clockSkewSec must be a number' })
        if (typeof input.lifetimeSec === 'number') lifetime = { pin: input.lifetimeSec, strong: input.lifetimeSec }
        if (typeof input.pinLifetimeSec === 'number') lifetime.pin = input.pinLifetimeSec
        if (typeof input.strongPinLifetimeSec === 'number') lifetime.strong = input.strongPinLifetimeSec
        if (typeof input.clockSkewSec === 'number') clockSkewSec = input.clockSkewSec
        return send(200, { pinLifetimeSec: lifetime.pin, strongPinLifetimeSec: lifetime.strong, clockSkewSec })
      }
      case 'POST /__sim/expire': {
        const code = String(input.code ?? '').replace(/\s+/g, '').toLowerCase()
        const pin = [...pins.values()].find((p) => p.id === input.id || (code !== '' && p.code.toLowerCase() === code))
        if (!pin) return send(404, { expired: false })
        pin.expiresAt = now()
        return send(200, { expired: true, id: pin.id })
      }
      case 'POST /__sim/link': {
        const account = accounts.find((a) => a.key === (input.account ?? 'owner'))
        if (!account) return send(400, { error: `unknown account; one of ${accounts.map((a) => a.key).join(', ')}` })
        return send(200, { status: linkCode(String(input.code ?? ''), account.token) })
      }
      case 'POST /__sim/faults': {
        const f = input as unknown as FaultSpec
        if (typeof f.path !== 'string' || !f.path.startsWith('/')) return send(400, { error: 'path must start with /' })
        if (!FAULT_KINDS.includes(f.kind)) return send(400, { error: `kind must be one of ${FAULT_KINDS.join(', ')}` })
        for (const k of ['count', 'durationMs', 'delayMs', 'retryAfterSec', 'status'] as const) {
          if (f[k] !== undefined && !seconds(f[k])) return send(400, { error: `${k} must be a number >= 0` })
        }
        faults.push({
          ...f,
          remaining: f.count ?? (f.durationMs === undefined ? 1 : null),
          until: f.durationMs !== undefined ? now() + f.durationMs : null,
        })
        return send(200, { faults: faults.length })
      }
      case 'POST /__sim/world': {
        const size = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 60)
        if (input.homeUsers !== undefined && !size(input.homeUsers)) return send(400, { error: 'homeUsers must be null or 0..60' })
        if (input.servers !== undefined && !size(input.servers)) return send(400, { error: 'servers must be null or 0..60' })
        if (input.homeUsers !== undefined) world.homeUsers = input.homeUsers as number | null
        if (input.servers !== undefined) world.servers = input.servers as number | null
        return send(200, { homeUsers: currentHome().length, servers: ownerServers().length })
      }
      case 'GET /__sim/faults':
        return send(200, faults.map(({ remaining, until, ...spec }) => ({ ...spec, remaining, until })))
      case 'DELETE /__sim/faults':
        faults = []
        closeHanging()
        return send(200, { ok: true })
      case 'GET /__sim/log':
        return send(200, requestLog)
      case 'DELETE /__sim/log':
        requestLog = []
        return send(200, { ok: true })
      case 'GET /__sim/pins':
        return send(200, [...pins.values()].map((p) => ({ id: p.id, code: p.code, strong: p.strong, expiresAt: p.expiresAt, linked: p.authToken !== null })))
      default: {
        const pmsMatch = /^POST \/__sim\/pms\/([^/]+)$/.exec(route)
        const endpoint = pmsMatch ? endpoints.get(decodeURIComponent(pmsMatch[1]!)) : undefined
        if (pmsMatch && !endpoint) return send(404, { error: `no fake PMS endpoint ${pmsMatch[1]}; GET /__sim/pms lists them` })
        if (endpoint) {
          const change: Partial<EndpointConfig> = {}
          if (input.mode !== undefined) {
            if (input.mode !== 'ok' && input.mode !== 'refuse' && input.mode !== 'hang') return send(400, { error: 'mode must be ok, refuse or hang' })
            change.mode = input.mode
          }
          if (input.latencyMs !== undefined) {
            if (!seconds(input.latencyMs)) return send(400, { error: 'latencyMs must be a number >= 0' })
            change.latencyMs = input.latencyMs as number
          }
          if (input.wrongIdentity !== undefined) change.wrongIdentity = input.wrongIdentity === true
          return void endpoint.configure(change).then(() => send(200, { name: endpoint.name, uri: endpoint.uri, ...endpoint.config }))
        }
        return send(404, { error: `no control route ${route}` })
      }
    }
  }

  const pmsList = () =>
    [...endpoints.values()].map((e) => ({ name: e.name, uri: e.uri, mode: e.config.mode, server: e.target.friendlyName }))

  const server: Server = createServer((req, res) => {
    handler(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { ...corsHeaders(req), Date: dateHeader() }).end(String(e))
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail)
      server.listen(opts.port ?? 0, host, ok)
    })
  } catch (e) {
    for (const ep of endpoints.values()) await ep.close() // e.g. the port is taken: leave nothing listening
    throw e
  }
  const { port } = server.address() as AddressInfo
  baseUrl = `http://${host}:${port}`

  /** The module methods go through the control API, so both stay the same thing. A refusal throws. */
  const call = async (method: string, path: string, payload?: unknown, acceptNotFound = false) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    })
    const answer = (await res.json()) as Record<string, unknown> & unknown[]
    if (!res.ok && !(acceptNotFound && res.status === 404)) throw new Error(`${method} ${path}: ${res.status} ${String(answer.error)}`)
    return answer
  }

  return {
    url: baseUrl,
    linkPageUrl: `${baseUrl}/link`,
    controlUrl: `${baseUrl}/__sim`,
    fixtures: { accounts: accountsFixture.accounts, home: homeFixture, servers: serversFixture },
    reset: async () => void (await call('POST', '/__sim/reset')),
    setWorld: async (size) => void (await call('POST', '/__sim/world', size)),
    setPinLifetime: async (seconds, kind = 'both') =>
      void (await call('POST', '/__sim/config', { [kind === 'both' ? 'lifetimeSec' : kind === 'pin' ? 'pinLifetimeSec' : 'strongPinLifetimeSec']: seconds })),
    expirePin: async (idOrCode) => (await call('POST', '/__sim/expire', typeof idOrCode === 'number' ? { id: idOrCode } : { code: idOrCode }, true)).expired === true,
    link: async (code, account) => Number((await call('POST', '/__sim/link', { code, account })).status),
    addFault: async (fault) => void (await call('POST', '/__sim/faults', fault)),
    clearFaults: async () => void (await call('DELETE', '/__sim/faults')),
    log: async () => (await call('GET', '/__sim/log')) as unknown as LogEntry[],
    clearLog: async () => void (await call('DELETE', '/__sim/log')),
    setClockSkew: async (seconds) => void (await call('POST', '/__sim/config', { clockSkewSec: seconds })),
    configureConnection: async (endpoint, change) => void (await call('POST', `/__sim/pms/${encodeURIComponent(endpoint)}`, change)),
    pms: pmsList,
    get unclaimedServerUrl() {
      return endpoints.get(serversFixture.unclaimed.endpoint)!.uri
    },
    close: async () => {
      for (const e of endpoints.values()) await e.close()
      await new Promise<void>((ok) => {
        for (const s of sockets) s.destroy()
        server.close(() => ok())
      })
    },
  }
}

const PLEX_AVATARS = 'https://plex.tv/users/'

/** A 160×160 picture for a user id: two colours from the id, diagonal bands (recognisably not initials). */
function avatarPng(id: string): Buffer {
  const size = 160
  const png = new PNG({ width: size, height: size })
  const hue = parseInt(id.slice(0, 6), 16)
  const a = [(hue >> 16) & 0xff, (hue >> 8) & 0xff, hue & 0xff]
  const b = a.map((c) => 255 - c)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = Math.floor((x + y) / 20) % 2 === 0 ? a : b
      const i = (y * size + x) * 4
      png.data[i] = c[0]!
      png.data[i + 1] = c[1]!
      png.data[i + 2] = c[2]!
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

/** CORS as plex.tv answers it (plex-api.md §0, captured 2020), with the requested headers allowed. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': (req.headers['access-control-request-headers'] as string | undefined) ?? '*',
    // plex.tv exposes Location only (§0): a browser app can read neither Date nor Retry-After (its 429s
    // are waited out with the client's own minimum), and must not need to.
    'Access-Control-Expose-Headers': 'Location',
    'Access-Control-Max-Age': '86400',
    Vary: 'Origin',
  }
}

/** A field of a form body (application/x-www-form-urlencoded) or a JSON body, as a string; null when absent. */
function bodyField(req: IncomingMessage, body: string, name: string): string | null {
  if (!body) return null
  if (/json/.test(req.headers['content-type'] ?? '')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>
      const v = parsed[name]
      return v === undefined || v === null ? null : String(v)
    } catch {
      return null
    }
  }
  return new URLSearchParams(body).get(name)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}
