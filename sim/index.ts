/**
 * The plex.tv simulator: a real HTTP server on loopback that answers like plex.tv as described in
 * shared/plex-api.md (paths, headers, status codes, error envelopes, expiry, CORS), plus the phone's
 * /link page and a control API under /__sim/ for tests, benchmarks and the demo.
 * The app never imports this; it only sees a base URL.
 *
 * Layout: world.ts (state: accounts, pins, Home, servers, claims, log, fake PMS), plexTv.ts (plex.tv
 * routes, a table), plexTvAnswers.ts (answer bodies), control.ts (/__sim/), faults.ts (injected faults),
 * http.ts (CORS, bodies, JSON/XML answers), pms.ts (fake Plex Media Servers), fixtures.ts (seeded world).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { control, isControlPath } from './control.js'
import { Faults, type FaultSpec } from './faults.js'
import { accountsFixture, homeFixture, serversFixture, type AccountKey, type SimFixtures } from './fixtures.js'
import { answerer, corsHeaders, readBody, type Exchange } from './http.js'
import type { EndpointConfig, EndpointMode } from './pms.js'
import { handlePlexTv, type PlexTv } from './plexTv.js'
import { pinJson } from './plexTvAnswers.js'
import { createJwtAuth } from './jwt.js'
import { SimWorld, type LogEntry, type PlexTvHost } from './world.js'

export type { FaultSpec } from './faults.js'
export type { LogEntry } from './world.js'
export { loopbackAddress } from './world.js'
export {
  accountsFixture, homeFixture, serversFixture,
  type AccountFixture, type AccountKey, type ConnectionFixture, type HomeUserFixture, type ServerFixture, type ServersFixture, type SimFixtures,
} from './fixtures.js'

export interface SimulatorOptions {
  /** plex.tv's port (0 or absent: any free one). */
  port?: number
  /** clients.plex.tv's port; default the one after `port` when that is set, else any free one. */
  clientsPort?: number
  host?: string
  /** Epoch ms; tests pass a fake clock to drive expiry without waiting. */
  now?: () => number
  pinLifetimeSec?: number
  strongPinLifetimeSec?: number
  /** Seed for codes and ids, so runs are repeatable. */
  seed?: number
  /**
   * Serve the connections the fixtures call https over TLS, as `https://127-0-0-N.<hash>.plex.direct:PORT`
   * with a certificate from a CA made at start (sim/tls.ts). Off by default: only a client told to resolve
   * plex.direct names to loopback and to trust that CA can reach them (the e2e suite's Chromium can).
   */
  tls?: boolean
  /** Generated servers the world can grow to (each a fake PMS listener, started at once); default 60, the bench's 500-server figure asks for 500. */
  crowdServers?: number
}

export interface RunningSimulator {
  /** plex.tv: the account API, the link page, pictures and QR images. */
  url: string
  /**
   * clients.plex.tv: the same API on its own origin (plex-api.md §0; the app sends Plex Home calls there),
   * so a client that mixes the two up is caught. The request log says which host each call reached.
   */
  clientsUrl: string
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
  /**
   * With `tls`: the CA that signed the fake servers' certificate (PEM and Chromium's SPKI hash) and the
   * plex.direct name → loopback address of every https endpoint (for `--host-resolver-rules`); else null.
   */
  tls: { caCert: string; caSpkiHash: string; hosts: { hostname: string; address: string }[] } | null
  close(): Promise<void>
}

/** Only loopback: the simulator hands out tokens to anyone who asks and must never face a network. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost'])

const PLEX_AVATARS = 'https://plex.tv/users/'

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  if (opts.host !== undefined && !LOOPBACK.has(opts.host)) {
    throw new Error(`The plex.tv simulator binds to loopback only (127.0.0.1); refusing host ${opts.host}`)
  }
  const now = opts.now ?? (() => Date.now())
  const host = '127.0.0.1' // 'localhost' is accepted above but never resolved (it may mean ::1)
  const world = new SimWorld({
    now, seed: opts.seed ?? 20261122, pinLifetimeSec: opts.pinLifetimeSec ?? 900, strongPinLifetimeSec: opts.strongPinLifetimeSec ?? 1800,
    tls: opts.tls ?? false, crowdServers: opts.crowdServers ?? 60,
  })
  const faults = new Faults(now)
  await world.startPms()

  const headers = (req: IncomingMessage) => ({ ...corsHeaders(req), Date: world.dateHeader() })
  const tv: PlexTv = { world, baseUrl: '', headers }
  // JWT device authentication (plex-api.md §9, sim/jwt.ts): auth endpoints, JWK pins, Plex JWTs as tokens
  const jwt = createJwtAuth({ now, skewSec: () => world.clockSkewSec, accountOf: (t) => world.principalOf(t)?.account ?? null,
    pin: (id, client) => { const p = world.pins.get(id); return p && p.expiresAt > now() && p.clientIdentifier === client ? { clientIdentifier: client, authToken: p.authToken, json: pinJson(world, p, tv.baseUrl) } : null } })
  const sockets = new Set<Socket>()

  const handler = async (req: IncomingMessage, res: ServerResponse, site: PlexTvHost) => {
    const url = new URL(req.url ?? '/', 'http://sim')
    const method = (req.method ?? 'GET').toUpperCase()
    const path = url.pathname
    const arrived = now()
    const body = await readBody(req)
    const isControl = isControlPath(path)
    const log = (status: number) => world.requestLog.push({ host: site, method, path, time: arrived, status })
    const send = answerer(req, res, path, {
      json: isControl,
      headers: () => headers(req),
      // the fixtures' pictures live on plex.tv (https://plex.tv/users/{id}/avatar); this plex.tv serves them
      rewrite: (text) => text.replaceAll(PLEX_AVATARS, `${tv.baseUrl}/users/`),
      onSend: (status) => {
        if (isControl) return
        const who = world.principalOf((req.headers['x-plex-token'] as string | undefined) ?? url.searchParams.get('X-Plex-Token'))
        world.requestLog.push({ host: site, method, path, time: arrived, status, ...(who ? { as: who.homeUser?.title ?? who.account.key } : {}) })
      },
    })
    const x: Exchange = { req, res, url, method, path, body, arrived, send }

    if (method === 'OPTIONS') {
      res.writeHead(204, headers(req)).end()
      return
    }
    const jwtControl = isControl ? jwt.control(method, path, body) : null
    if (jwtControl) return send(jwtControl.status, jwtControl.payload)
    if (isControl) return control(world, faults, method, path, body, send)

    // faults apply to plex.tv paths only, never to the control API
    const fault = faults.match(method, path)
    if (fault && (await faults.apply(fault, x, log, () => headers(req)))) return
    const apiPath = path.replace(/\.json$/, '')
    const jwtAnswer = apiPath.startsWith('/api/') ? jwt.intercept(req, url, method, apiPath, body) : null
    if (jwtAnswer) return send(jwtAnswer.status, jwtAnswer.payload, {}, jwtAnswer.root)
    const nextPin = world.nextId
    await handlePlexTv(x, site, tv)
    if (world.pins.has(nextPin)) jwt.pinCreated(nextPin, body) // a pin was made: keep its JWK, if it came with one
  }

  const listen = async (site: PlexTvHost, port: number): Promise<Server> => {
    const server = createServer((req, res) => {
      handler(req, res, site).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, headers(req)).end(String(e))
      })
    })
    server.on('connection', (s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    await new Promise<void>((ok, fail) => {
      server.once('error', fail)
      server.listen(port, host, ok)
    })
    return server
  }
  const servers: Server[] = []
  try {
    servers.push(await listen('plex.tv', opts.port ?? 0))
    // clients.plex.tv on the next port when plex.tv's was chosen (the demo's 32480 → 32481), else any free one
    servers.push(await listen('clients.plex.tv', opts.clientsPort ?? (opts.port ? opts.port + 1 : 0)))
  } catch (e) {
    // e.g. the port is taken: leave nothing listening
    for (const s of servers) await new Promise((ok) => s.close(ok))
    await world.closePms()
    throw e
  }
  const urlOf = (s: Server) => `http://${host}:${(s.address() as AddressInfo).port}`
  const baseUrl = urlOf(servers[0]!)
  const clientsUrl = urlOf(servers[1]!)
  tv.baseUrl = baseUrl

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
    clientsUrl,
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
    pms: () => world.pmsList(),
    tls: world.tls && {
      caCert: world.tls.caCert,
      caSpkiHash: world.tls.caSpkiHash,
      hosts: [...world.endpoints.values()].flatMap((e) => (e.tls ? [{ hostname: e.tls.hostname, address: e.host }] : [])),
    },
    get unclaimedServerUrl() {
      return world.endpoints.get(serversFixture.unclaimed.endpoint)!.uri
    },
    close: async () => {
      await world.closePms()
      for (const s of sockets) s.destroy()
      await Promise.all(servers.map((server) => new Promise<void>((ok) => server.close(() => ok()))))
    },
  }
}
