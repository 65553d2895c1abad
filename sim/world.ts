/**
 * The simulated world behind plex.tv: accounts and tokens, pins, the owner's Home and servers (as seeded
 * or grown to a size), claim tokens, plex.tv's clock skew, the request log, and the fake Plex Media
 * Servers with their endpoints. Routes read and change it; the control API resets and reshapes it.
 */
import { crowdServers, crowdUsers } from './crowd.js'
import {
  accountsFixture, homeFixture, serversFixture,
  type AccountFixture, type ConnectionFixture, type HomeUserFixture, type ServerFixture,
} from './fixtures.js'
import { FakePmsEndpoint, type EndpointConfig, type EndpointTls, type PmsServerState } from './pms.js'
import { createSimulatorTls, plexDirectHash, plexDirectName, type SimulatorTls } from './tls.js'

export interface LogEntry {
  /** Which of plex.tv's two hosts was called (plex-api.md §0: the same API on both). */
  host: PlexTvHost
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

export type PlexTvHost = 'plex.tv' | 'clients.plex.tv'

export interface SimPin {
  id: number
  code: string
  strong: boolean
  clientIdentifier: string
  product: string
  createdAt: number
  expiresAt: number
  authToken: string | null
}

/** Who a token belongs to: an account, or a Home user of it reached by switching. */
export interface Principal {
  account: AccountFixture
  homeUser: HomeUserFixture | null
}

export interface WorldOptions {
  /** Epoch ms; tests pass a fake clock to drive expiry without waiting. */
  now: () => number
  seed: number
  pinLifetimeSec: number
  strongPinLifetimeSec: number
  /** Serve the connections the fixtures call https over TLS under plex.direct names (sim/tls.ts). */
  tls: boolean
  /** Generated servers a world can grow to (`POST /__sim/world`), each with its own fake PMS; default 60. */
  crowdServers?: number
}

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
export const STRONG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
const FIRST_PIN_ID = 308667304

/**
 * The loopback address of the n-th fake PMS connection: 127.0.0.10 onwards (127.0.0.1 is plex.tv's), 240
 * a block, then 127.0.1.10 and so on.
 */
export function loopbackAddress(n: number): string {
  return `127.0.${Math.floor(n / 240)}.${10 + (n % 240)}`
}

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

export class SimWorld {
  readonly now: () => number
  random: () => number
  lifetime: { pin: number; strong: number }
  pins = new Map<number, SimPin>()
  requestLog: LogEntry[] = []
  clockSkewSec = 0
  nextId = FIRST_PIN_ID
  readonly accounts = accountsFixture.accounts
  readonly owner: AccountFixture
  /** The owner's Home and servers: as seeded (null), or a chosen size (POST /__sim/world, sim/crowd.ts). */
  size: { homeUsers: number | null; servers: number | null } = { homeUsers: null, servers: null }
  readonly claimTokens = new Map<string, { account: AccountFixture; expiresAt: number }>()
  readonly serverStates = new Map<string, PmsServerState>()
  readonly endpoints = new Map<string, FakePmsEndpoint>()
  /** Servers claimed through the unclaimed one's /myplex/claim, by account. */
  readonly claimed: { account: AccountFixture; server: ServerFixture }[] = []

  private readonly tokens: Map<string, AccountFixture>
  private readonly extraUsers = crowdUsers(60)
  private readonly extraServers: ServerFixture[]
  /** Every user a token could belong to (a cut Home keeps the owner's own token working). */
  private readonly homeUsers: HomeUserFixture[]
  private readonly initialConfig = new Map<string, EndpointConfig>()
  private readonly defaults: { pin: number; strong: number }
  /** The CA and certificate of the https endpoints; null when the simulator serves plain http only. */
  tls: SimulatorTls | null = null

  constructor(private readonly opts: WorldOptions) {
    this.now = opts.now
    this.random = prng(opts.seed)
    this.defaults = { pin: opts.pinLifetimeSec, strong: opts.strongPinLifetimeSec }
    this.lifetime = { ...this.defaults }
    this.tokens = new Map(this.accounts.map((a) => [a.token, a]))
    this.owner = this.accounts.find((a) => a.key === 'owner')!
    this.homeUsers = [...homeFixture.users, ...this.extraUsers]
    this.extraServers = crowdServers(opts.crowdServers ?? 60)
  }

  currentHome(): HomeUserFixture[] {
    return this.size.homeUsers === null ? homeFixture.users : [...homeFixture.users, ...this.extraUsers].slice(0, this.size.homeUsers)
  }

  /** The most servers `POST /__sim/world` can grow the owner's list to. */
  get maxServers(): number {
    return serversFixture.servers.length + this.extraServers.length
  }

  ownerServers(): ServerFixture[] {
    return this.size.servers === null ? serversFixture.servers : [...serversFixture.servers, ...this.extraServers].slice(0, this.size.servers)
  }

  /** Who a token belongs to: an account, or a Home user reached by switching. */
  principalOf(token: string | null): Principal | null {
    if (!token) return null
    const account = this.tokens.get(token)
    if (account) return { account, homeUser: this.homeUsers.find((u) => u.token === token) ?? null }
    const homeUser = this.homeUsers.find((u) => u.token === token)
    return homeUser ? { account: this.owner, homeUser } : null
  }

  serversFor(account: AccountFixture): ServerFixture[] {
    return [
      ...(account.key === 'owner' ? this.ownerServers() : account.key === 'single' ? serversFixture.singleAccountServers : []),
      ...this.claimed.filter((c) => c.account.key === account.key).map((c) => c.server),
    ]
  }

  newCode(strong: boolean): string {
    const alphabet = strong ? STRONG_ALPHABET : CODE_ALPHABET
    for (;;) {
      let code = ''
      for (let i = 0; i < (strong ? 25 : 4); i++) code += alphabet[Math.floor(this.random() * alphabet.length)]
      if (![...this.pins.values()].some((p) => p.code === code && p.expiresAt > this.now())) return code
    }
  }

  findLinkablePin(code: string): SimPin | null {
    const wanted = code.replace(/\s+/g, '').toUpperCase()
    if (wanted.length !== 4) return null // plex.tv/link refuses 25-char strong codes (plex-api.md §4, §13.1)
    for (const p of this.pins.values()) if (!p.strong && p.code === wanted && p.expiresAt > this.now() && !p.authToken) return p
    return null
  }

  /** What plex.tv/link does for a signed-in person: 204, or 404/1020 (plex-api.md §4). */
  linkCode(code: string, token: string): number {
    if (!this.principalOf(token)) return 401
    const pin = this.findLinkablePin(code)
    if (!pin) return 404
    pin.authToken = token
    return 204
  }

  /** A claim token for an account, valid about 4 minutes, as the claim page says (plex-api.md §10). */
  issueClaimToken(account: AccountFixture): string {
    let claimToken = 'claim-'
    for (let i = 0; i < 20; i++) claimToken += STRONG_ALPHABET[Math.floor(this.random() * STRONG_ALPHABET.length)]
    this.claimTokens.set(claimToken, { account, expiresAt: this.now() + 4 * 60_000 })
    return claimToken
  }

  /** Redeems a claim token at the unclaimed server: the claiming account's username, or null. */
  private redeem(claimToken: string): string | null {
    const c = this.claimTokens.get(claimToken)
    if (!c || c.expiresAt <= this.now()) return null
    this.claimTokens.delete(claimToken)
    const u = serversFixture.unclaimed
    this.claimed.push({
      account: c.account,
      server: {
        name: u.name, clientIdentifier: u.clientIdentifier, owned: true, presence: true, relay: false,
        accessToken: 'pms-token-claimed-pi-777', sourceTitle: null, ownerId: null, productVersion: u.productVersion,
        platform: u.platform, platformVersion: u.platformVersion, device: u.device, lastSeenDaysAgo: 0,
        httpsRequired: false, publicAddressMatches: true,
        connections: [{ endpoint: u.endpoint, protocol: 'http', IPv6: false, local: true, relay: false, latencyMs: 3, mode: 'ok' }],
      },
    })
    this.serverStates.get(u.clientIdentifier)!.accessToken = 'pms-token-claimed-pi-777'
    return c.account.user.username
  }

  /**
   * Starts one fake PMS listener per connection endpoint of every server, the unclaimed one included. Each
   * listens on its own loopback address (Linux answers on all of 127.0.0.0/8), as the LAN, public and relay
   * addresses of real servers are distinct hosts: a browser's per-host connection limit then applies per
   * server address as it does at home, not to every fake server at once.
   */
  async startPms(): Promise<void> {
    const claims = { redeem: (t: string) => this.redeem(t) }
    let endpointCount = 0
    const nextHost = () => loopbackAddress(endpointCount++)
    const all = [...serversFixture.servers, ...serversFixture.singleAccountServers, ...this.extraServers]
    const secure = (c: ConnectionFixture) => this.opts.tls && c.protocol === 'https'
    const tls = this.opts.tls ? createSimulatorTls(all.filter((srv) => srv.connections.some(secure)).map((srv) => plexDirectHash(srv.clientIdentifier))) : null
    this.tls = tls
    const endpointTls = (srv: ServerFixture, c: ConnectionFixture, host: string): EndpointTls | null =>
      tls && secure(c) ? { hostname: plexDirectName(host, plexDirectHash(srv.clientIdentifier)), chain: tls.chain, key: tls.key } : null
    for (const srv of all) {
      const state: PmsServerState = {
        machineIdentifier: srv.clientIdentifier, friendlyName: srv.name, version: srv.productVersion, platform: srv.platform,
        platformVersion: srv.platformVersion, accessToken: srv.accessToken, claimed: true,
        ownerUsername: srv.sourceTitle ?? this.owner.user.username, libraries: serversFixture.libraries,
      }
      this.serverStates.set(srv.clientIdentifier, state)
      for (const c of srv.connections) {
        const host = nextHost()
        const e = new FakePmsEndpoint(c.endpoint, state, { mode: c.mode, latencyMs: c.latencyMs, wrongIdentity: false, cors: 'any' }, host, claims, endpointTls(srv, c, host))
        this.endpoints.set(c.endpoint, e)
      }
    }
    const u = serversFixture.unclaimed
    const unclaimedState: PmsServerState = {
      machineIdentifier: u.clientIdentifier, friendlyName: u.name, version: u.productVersion, platform: u.platform,
      platformVersion: u.platformVersion, accessToken: null, claimed: false, ownerUsername: null, libraries: [],
    }
    this.serverStates.set(u.clientIdentifier, unclaimedState)
    this.endpoints.set(u.endpoint, new FakePmsEndpoint(u.endpoint, unclaimedState, { mode: 'ok', latencyMs: 2, wrongIdentity: false, cors: 'any' }, nextHost(), claims))
    for (const e of this.endpoints.values()) this.initialConfig.set(e.name, { ...e.config })
    await Promise.all([...this.endpoints.values()].map((e) => e.start()))
  }

  async closePms(): Promise<void> {
    for (const e of this.endpoints.values()) await e.close()
  }

  /** Every fake PMS endpoint: name, URI, mode. */
  pmsList() {
    return [...this.endpoints.values()].map((e) => ({ name: e.name, uri: e.uri, mode: e.config.mode, server: e.target.friendlyName }))
  }

  /** Back to the seeded world without new ports: the demo's settings keep pointing at the same servers. */
  async reset(): Promise<void> {
    this.random = prng(this.opts.seed)
    this.lifetime = { ...this.defaults }
    this.pins = new Map()
    this.requestLog = []
    this.clockSkewSec = 0
    this.nextId = FIRST_PIN_ID
    this.size = { homeUsers: null, servers: null }
    this.claimTokens.clear()
    this.claimed.length = 0
    for (const [name, config] of this.initialConfig) await this.endpoints.get(name)!.configure(config)
    const unclaimed = this.serverStates.get(serversFixture.unclaimed.clientIdentifier)!
    Object.assign(unclaimed, { accessToken: null, claimed: false, ownerUsername: null })
  }

  /** Every plex.tv answer carries a Date header, from the simulator clock plus the configured skew. */
  dateHeader(): string {
    return new Date(this.now() + this.clockSkewSec * 1000).toUTCString()
  }
}
