/**
 * One fake of plex.tv and the Plex Media Servers for the flow, controller and screen tests, on a FakeClock.
 * It is seeded from `sim/fixtures` (the JSON the simulator serves): the `owner` and `single` accounts and
 * their tokens, the owner's Plex Home with its PINs and switch tokens, the servers with their connections,
 * access tokens, libraries and endpoint modes (ok / refuse / hang). It answers like the real services and the
 * simulator do, with the typed errors `src/plex/plexTvClient.ts` and `pmsClient.ts` make of their answers:
 *  - plex.tv: an unknown or revoked token → Unauthorized (401/1001); GET pin of an expired, unknown or
 *    another client's pin → PinExpired (404/1020, plex-api.md §3); a Home switch to a user not in the Home
 *    → ServerError(404), a missing or wrong PIN → InvalidHomePin (403/1041, §8.2, §13.9); `ping` resolves
 *    with any HTTP answer and rejects only when nothing answered.
 *  - a PMS: /identity needs no token; / and /library/sections want the server's access token (401 →
 *    Unauthorized) unless it is unclaimed; POST /myplex/claim takes only a claim token plex.tv issued and
 *    not yet used, once (400 → ServerError(400), as sim/pms.ts); an unknown URI refuses (NetworkError).
 * Tests script it: faults queued per call (`failNext`) or held (`outage`), per-call latency, pins linked by
 * `link(code)` (a person at plex.tv/link), Home users, resources and endpoints replaced. Every request is
 * logged; in-flight and aborted requests are counted; an abort ends a request at once and clears its timer.
 * Like the transport, it calls a request's `pace` gate (the kernel's Pacer) before the request leaves.
 */
import type { AccountFixture, HomeUserFixture, ServerFixture, ServersFixture } from '../../sim/fixtures.js'
// Imported as modules rather than read by sim/fixtures.ts, whose file URL does not resolve under jsdom.
import accountsJson from '../../sim/fixtures/accounts.json'
import homeJson from '../../sim/fixtures/home.json'
import serversJson from '../../sim/fixtures/servers.json'
import type { PlexTvApi, PmsApi, RequestOptions } from '../../src/plex/api.js'
import { Aborted, InvalidHomePin, NetworkError, PinExpired, RateLimited, ServerError, Unauthorized, type PlexError } from '../../src/plex/errors.js'
import type {
  Connection,
  DeviceIdentity,
  Home,
  HomeUser,
  LibrarySection,
  Pin,
  PlexAccount,
  PmsIdentity,
  PmsRoot,
  Resource,
  SwitchedUser,
} from '../../src/plex/types.js'
import type { FakeClock } from './fakeClock.js'

export type PlexTvCall = 'createPin' | 'getPin' | 'linkPin' | 'getUser' | 'getResources' | 'getHomeUsers' | 'switchHomeUser' | 'getClaimToken' | 'ping'
export type PmsCall = 'identity' | 'root' | 'librarySections' | 'claim'
export type FakeCall = PlexTvCall | PmsCall

export interface FakeRequest {
  call: FakeCall
  /** Pin id (getPin), token (getUser), user uuid (switchHomeUser), server URI (PMS calls), else null. */
  arg: number | string | null
  /** switchHomeUser: whether a PIN was sent (the log keeps no PIN). */
  withPin: boolean
  at: number
  outcome: 'pending' | 'ok' | 'error' | 'aborted'
  error?: string
}

/** How one PMS connection behaves (the fixture modes, plus the answers a broken server gives). */
export interface FakeEndpoint {
  machineIdentifier: string
  /** Fake-clock ms per call. */
  latencyMs?: number
  /** GET /identity: 'refuse' → NetworkError, 'hang' → never answers (only an abort ends it), 'error' → 500. */
  identity?: 'ok' | 'refuse' | 'hang' | 'error'
  /** GET / with a token: 'unauthorized' → 401 whatever the token. */
  root?: 'ok' | 'unauthorized' | 'hang'
  /** An unclaimed server answers / and /library/sections without a token. Claimed unless set. */
  claimed?: boolean
  /** POST /myplex/claim: 'refuse' → NetworkError, 'error' → 500. */
  claim?: 'ok' | 'refuse' | 'error'
  /** The access token / and /library/sections accept; any token when unset. */
  token?: string
  /** GET /library/sections: 'error' → 500. */
  libraries?: 'ok' | 'error'
  friendlyName?: string
}

const accountsFixture = accountsJson as { accounts: AccountFixture[] }
const homeFixture = homeJson as { home: { id: number; name: string }; users: HomeUserFixture[] }
const serversFixture = serversJson as ServersFixture

export const IDENTITY: DeviceIdentity = {
  clientIdentifier: '3381b62b-9ab7-4e37-827b-203e9809eb58',
  product: 'PlexLink TV',
  version: '0.1.0',
  platform: 'Tizen',
  platformVersion: '6.0',
  device: 'Samsung TV',
  deviceName: 'Living Room TV',
}

/** The codes plex.tv hands out, in order (then C001, C002, …). */
export const DEFAULT_CODES = ['7RQZ', '9X9Y', 'XY11', 'ABCD', 'K2P4', 'M8N3', 'Q5W7', 'Z3T9']

function accountOf(fixture: AccountFixture): PlexAccount {
  const u = fixture.user
  return {
    id: u.id,
    uuid: u.uuid,
    username: u.username,
    title: u.title,
    friendlyName: u.friendlyName,
    email: u.email,
    thumb: String(u.thumb),
    homeAdmin: u.homeAdmin === true,
    homeSize: typeof u.homeSize === 'number' ? u.homeSize : 1,
  }
}

const OWNER_FIXTURE = accountsFixture.accounts.find((a) => a.key === 'owner')!
/** The owner of the seeded Plex Home and servers (sim/fixtures/accounts.json `owner`). */
export const ACCOUNT: PlexAccount = accountOf(OWNER_FIXTURE)
export const ACCOUNT_TOKEN = OWNER_FIXTURE.token

/** The seeded Home users as GET /api/v2/home/users lists them (no PIN, no token). */
export const HOME_USERS: readonly HomeUser[] = homeFixture.users.map((u) => ({
  id: u.id,
  uuid: u.uuid,
  title: u.title,
  username: u.username,
  thumb: u.thumb,
  admin: u.admin,
  guest: u.guest,
  restricted: u.restricted,
  restrictionProfile: u.restrictionProfile,
  protected: u.protected,
}))

/** A Home user for a scripted Home (its switch token is `FakePlex.tokenFor(uuid)`). */
export function homeUser(uuid: string, title: string, extra: Partial<HomeUser> = {}): HomeUser {
  return {
    id: Math.abs([...uuid].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)),
    uuid,
    title,
    username: null,
    thumb: `https://plex.tv/users/${uuid}/avatar`,
    admin: false,
    guest: false,
    restricted: false,
    restrictionProfile: null,
    protected: false,
    ...extra,
  }
}

/** A connection of a resource, shaped like /api/v2/resources (plex-api.md §7.1). */
export function conn(uri: string, extra: Partial<Connection> = {}): Connection {
  const url = new URL(uri)
  return {
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    address: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    uri,
    local: false,
    relay: false,
    IPv6: false,
    ...extra,
  }
}

/** A server resource, shaped like /api/v2/resources (plex-api.md §7.1). */
export function server(name: string, clientIdentifier: string, connections: Connection[], extra: Partial<Resource> = {}): Resource {
  return {
    name,
    product: 'Plex Media Server',
    productVersion: '1.41.6.9685-d301f511a',
    platform: 'Linux',
    clientIdentifier,
    provides: ['server'],
    owned: true,
    home: false,
    presence: true,
    relay: true,
    httpsRequired: false,
    publicAddressMatches: true,
    sourceTitle: null,
    ownerId: null,
    accessToken: `access-${clientIdentifier}`,
    createdAt: '2024-07-16T17:03:05Z',
    lastSeenAt: '2026-11-22T17:03:05Z',
    connections,
    ...extra,
  }
}

/** The URI a fixture connection gets here (the simulator uses loopback ports instead). */
export function fixtureUri(endpoint: string, protocol: 'http' | 'https'): string {
  return `${protocol}://${endpoint}.plex.direct:32400`
}

function fixtureResource(s: ServerFixture): Resource {
  const connections = s.connections.map((c) => conn(fixtureUri(c.endpoint, c.protocol), { local: c.local, relay: c.relay, IPv6: c.IPv6 }))
  return server(s.name, s.clientIdentifier, connections, {
    productVersion: s.productVersion,
    platform: s.platform,
    owned: s.owned,
    presence: s.presence,
    relay: s.relay,
    httpsRequired: s.httpsRequired,
    publicAddressMatches: s.publicAddressMatches,
    sourceTitle: s.sourceTitle,
    ownerId: s.ownerId,
    accessToken: s.accessToken,
  })
}

export interface FakePin {
  id: number
  code: string
  clientIdentifier: string
  createdAt: number
  expiresAt: number
  authToken: string | null
}

export interface FakePlexOptions {
  identity?: DeviceIdentity
  codes?: string[]
  /** Pin lifetime in seconds (900 for a 4-character code, plex-api.md §2). */
  lifetimeSec?: number
  /** plex.tv answer delay in fake-clock ms (0 = on the next microtask). PMS calls use their endpoint's. */
  latencyMs?: number
}

type FaultFactory = () => PlexError
const HANG = Symbol('hang')
const VERSION = '1.41.6.9685-d301f511a'

export class FakePlex implements PlexTvApi {
  readonly identity: DeviceIdentity
  readonly requests: FakeRequest[] = []
  inFlight = 0
  maxInFlight = 0
  aborted = 0
  latencyMs: number
  readonly latencyFor: Partial<Record<FakeCall, number>> = {}

  /** The owner's Plex Home as GET /api/v2/home/users lists it. */
  users: HomeUser[] = HOME_USERS.map((u) => ({ ...u }))
  /** Home PIN per user uuid; a user listed here must send it even when not marked protected (§13.9). */
  readonly pins = new Map<string, string>(homeFixture.users.flatMap((u) => (u.pin === null ? [] : [[u.uuid, u.pin] as const])))
  /** The owner's resources (GET /api/v2/resources). */
  resources: Resource[] = serversFixture.servers.map(fixtureResource)
  readonly endpoints = new Map<string, FakeEndpoint>()
  /** Claim tokens plex.tv handed out, and those a server took (POST /myplex/claim). */
  readonly issuedClaimTokens: string[] = []
  readonly claimTokens: string[] = []

  private readonly pinsById = new Map<number, FakePin>()
  private readonly tokens = new Map<string, PlexAccount>(accountsFixture.accounts.map((a) => [a.token, accountOf(a)]))
  private readonly switchTokens = new Map<string, string>(homeFixture.users.map((u) => [u.uuid, u.token]))
  private readonly revoked = new Set<string>()
  private readonly faultQueue = new Map<FakeCall, FaultFactory[]>()
  private readonly outages = new Map<FakeCall, FaultFactory>()
  private readonly codes: string[]
  private readonly lifetimeMs: number
  private nextPinId = 308667304

  constructor(private readonly clock: FakeClock, options: FakePlexOptions = {}) {
    this.identity = options.identity ?? IDENTITY
    this.codes = [...(options.codes ?? DEFAULT_CODES)]
    this.lifetimeMs = (options.lifetimeSec ?? 900) * 1000
    this.latencyMs = options.latencyMs ?? 0
    for (const s of serversFixture.servers) {
      for (const c of s.connections) {
        this.serve(fixtureUri(c.endpoint, c.protocol), { machineIdentifier: s.clientIdentifier, latencyMs: c.latencyMs, identity: c.mode, root: c.mode === 'hang' ? 'hang' : 'ok', token: s.accessToken, friendlyName: s.name })
      }
    }
    const u = serversFixture.unclaimed
    this.serve(fixtureUri(u.endpoint, 'http'), { machineIdentifier: u.clientIdentifier, claimed: false, friendlyName: u.name })
  }

  // ── scripting ──

  /** The next `call` requests fail with these errors, in order (taken when each request arrives). */
  failNext(call: FakeCall, ...faults: Array<PlexError | FaultFactory>): void {
    const queue = this.faultQueue.get(call) ?? []
    for (const f of faults) queue.push(typeof f === 'function' ? f : () => f)
    this.faultQueue.set(call, queue)
  }

  /** Every `call` fails with this error until `endOutage`. */
  outage(call: FakeCall, fault: PlexError | FaultFactory): void {
    this.outages.set(call, typeof fault === 'function' ? fault : () => fault)
  }

  endOutage(call?: FakeCall): void {
    if (call) this.outages.delete(call)
    else this.outages.clear()
  }

  /** A person signed in as `account` types `code` at plex.tv/link. Returns the token, or null for an unknown or expired code. */
  link(code: string, account: PlexAccount = ACCOUNT): string | null {
    const token = [...this.tokens].find(([, a]) => a === account || a.uuid === account.uuid)?.[0] ?? `tok-${account.uuid}`
    this.tokens.set(token, account)
    return this.linkCode(code, token) ? token : null
  }

  /** Makes a token known to plex.tv (for startup tests). */
  addToken(token: string, account: PlexAccount = ACCOUNT): void {
    this.tokens.set(token, account)
    this.revoked.delete(token)
  }

  /** The token is signed out everywhere: every call with it answers 401 from now on. */
  revokeToken(token: string): void {
    this.revoked.add(token)
  }

  /** Creates a pin as if another run of the app had (for resume tests). */
  seedPin(code: string, clientIdentifier = this.identity.clientIdentifier): FakePin {
    return this.makePin(code, clientIdentifier)
  }

  pin(id: number): FakePin | undefined {
    return this.pinsById.get(id)
  }

  /** Serves `uri` as a PMS connection (replacing what the fixtures put there). */
  serve(uri: string, endpoint: FakeEndpoint): this {
    this.endpoints.set(uri, endpoint)
    return this
  }

  /** The token a switch to `uuid` hands out: the fixture's for a seeded user, else `user-token-UUID`. */
  tokenFor(uuid: string): string {
    return this.switchTokens.get(uuid) ?? `user-token-${uuid}`
  }

  // ── inspection ──

  count(call?: FakeCall, arg?: number | string): number {
    return this.matching(call, arg).length
  }

  /** When each matching request was sent (clock ms). */
  times(call?: FakeCall, arg?: number | string): number[] {
    return this.matching(call, arg).map((r) => r.at)
  }

  last(): FakeRequest | undefined {
    return this.requests[this.requests.length - 1]
  }

  // ── plex.tv (PlexTvApi) ──

  createPin(opts?: RequestOptions): Promise<Pin> {
    return this.answer('createPin', null, false, opts, () => this.pinBody(this.makePin(this.nextCode(), this.identity.clientIdentifier)))
  }

  getPin(id: number, opts?: RequestOptions): Promise<Pin> {
    return this.answer('getPin', id, false, opts, () => {
      const pin = this.pinsById.get(id)
      if (!pin || this.clock.now() >= pin.expiresAt || pin.clientIdentifier !== this.identity.clientIdentifier) throw new PinExpired()
      return this.pinBody(pin)
    })
  }

  linkPin(code: string, token: string, opts?: RequestOptions): Promise<void> {
    return this.answer('linkPin', null, false, opts, () => {
      this.principal(token)
      // 404/1020 for an unknown or expired code (sim/plexTv.ts)
      if (!this.linkCode(code, token)) throw new PinExpired()
    })
  }

  getUser(token: string, opts?: RequestOptions): Promise<PlexAccount> {
    return this.answer('getUser', token, false, opts, () => ({ ...this.principal(token) }))
  }

  getResources(token: string, opts?: RequestOptions): Promise<Resource[]> {
    return this.answer('getResources', null, false, opts, () => {
      this.principal(token)
      return this.resources.map((r) => ({ ...r, connections: r.connections.map((c) => ({ ...c })) }))
    })
  }

  getHomeUsers(token: string, opts?: RequestOptions): Promise<Home> {
    return this.answer('getHomeUsers', null, false, opts, () => {
      const account = this.principal(token)
      if (account.uuid === ACCOUNT.uuid) return { id: homeFixture.home.id, name: homeFixture.home.name, users: this.users.map((u) => ({ ...u })) }
      // an account without a Plex Home has a Home of one (sim/plexTvAnswers.ts homeJson)
      return { id: account.id, name: `${account.title}'s Home`, users: [homeUser(account.uuid, account.title, { id: account.id, admin: true, username: account.username })] }
    })
  }

  switchHomeUser(token: string, uuid: string, pin: string | null, opts?: RequestOptions): Promise<SwitchedUser> {
    return this.answer('switchHomeUser', uuid, pin !== null, opts, () => {
      const account = this.principal(token)
      const home = account.uuid === ACCOUNT.uuid ? this.users : [homeUser(account.uuid, account.title)]
      const user = home.find((u) => u.uuid === uuid)
      if (!user) throw new ServerError(404)
      // A protected user, or one with a PIN, must send it; a PIN sent is always checked, and a user
      // without one has no right PIN (plex-api.md §8.2, §13.9; sim/plexTv.ts switchHomeUser).
      const expected = this.pins.get(uuid)
      const ok = pin === null ? expected === undefined && !user.protected : pin === expected
      if (!ok) throw new InvalidHomePin()
      const switched = account.uuid === ACCOUNT.uuid ? this.tokenFor(uuid) : token
      return { uuid, title: user.title, authToken: switched }
    })
  }

  getClaimToken(token: string, opts?: RequestOptions): Promise<string> {
    return this.answer('getClaimToken', null, false, opts, () => {
      this.principal(token)
      const claim = `claim-${String(this.issuedClaimTokens.length + 1).padStart(20, 'x')}`
      this.issuedClaimTokens.push(claim)
      return claim
    })
  }

  ping(opts?: RequestOptions): Promise<{ status: number; serverDate: number | null }> {
    return this.answer('ping', null, false, opts, () => ({ status: 201, serverDate: this.clock.now() })).catch((e: unknown) => {
      // any HTTP answer means plex.tv is reachable (api.ts); only no answer at all rejects
      if (e instanceof ServerError) return { status: e.status, serverDate: null }
      if (e instanceof Unauthorized) return { status: 401, serverDate: null }
      if (e instanceof PinExpired) return { status: 404, serverDate: null }
      if (e instanceof RateLimited) return { status: 429, serverDate: null }
      throw e
    })
  }

  // ── a Plex Media Server (PmsApi) ──

  /**
   * The servers as `PmsApi`: plex.tv's `identity` (the device) and a server's `identity(uri)` cannot share a
   * name on one object, so the servers are this view of the same world (claim tokens, logs and clock shared).
   */
  readonly pms: PmsApi = {
    identity: (uri, opts) => this.pmsIdentity(uri, opts),
    root: (uri, token, opts) => this.root(uri, token, opts),
    librarySections: (uri, token, opts) => this.librarySections(uri, token, opts),
    claim: (uri, claimToken, opts) => this.claim(uri, claimToken, opts),
  }

  /** GET {uri}/identity: no token needed. */
  pmsIdentity(uri: string, opts?: RequestOptions): Promise<PmsIdentity> {
    return this.serverCall('identity', uri, opts, (ep) => {
      const mode = ep.identity ?? 'ok'
      if (mode === 'refuse') throw new NetworkError('ECONNREFUSED')
      if (mode === 'error') throw new ServerError(500)
      if (mode === 'hang') return HANG
      return { machineIdentifier: ep.machineIdentifier, claimed: ep.claimed ?? true, version: VERSION }
    })
  }

  root(uri: string, token: string, opts?: RequestOptions): Promise<PmsRoot> {
    return this.serverCall('root', uri, opts, (ep) => {
      if ((ep.root ?? 'ok') === 'hang') return HANG
      if (ep.root === 'unauthorized') throw new Unauthorized()
      this.checkPmsToken(ep, token)
      return { machineIdentifier: ep.machineIdentifier, friendlyName: ep.friendlyName ?? 'Fake', version: VERSION, myPlexUsername: ep.claimed === false ? null : ACCOUNT.username }
    })
  }

  librarySections(uri: string, token: string, opts?: RequestOptions): Promise<LibrarySection[]> {
    return this.serverCall('librarySections', uri, opts, (ep) => {
      this.checkPmsToken(ep, token)
      if (ep.libraries === 'error') throw new ServerError(500)
      return serversFixture.libraries.map((l) => ({ key: l.key, type: l.type, title: l.title }))
    })
  }

  claim(uri: string, claimToken: string, opts?: RequestOptions): Promise<void> {
    return this.serverCall('claim', uri, opts, (ep) => {
      const mode = ep.claim ?? 'ok'
      if (mode === 'refuse') throw new NetworkError('ECONNREFUSED')
      if (mode === 'error') throw new ServerError(500)
      // 400 when claimed already, or for a claim token plex.tv did not issue or that was used (sim/pms.ts)
      if (ep.claimed !== false || !this.issuedClaimTokens.includes(claimToken) || this.claimTokens.includes(claimToken)) throw new ServerError(400)
      this.claimTokens.push(claimToken)
      ep.claimed = true
    })
  }

  // ── internals ──

  private matching(call: FakeCall | undefined, arg: number | string | undefined): FakeRequest[] {
    return this.requests.filter((r) => (call === undefined || r.call === call) && (arg === undefined || r.arg === arg))
  }

  private nextCode(): string {
    return this.codes.shift() ?? `C${String(this.nextPinId % 1000).padStart(3, '0')}`
  }

  private linkCode(code: string, token: string): boolean {
    for (const pin of this.pinsById.values()) {
      if (pin.code === code && this.clock.now() < pin.expiresAt && pin.authToken === null) {
        pin.authToken = token
        return true
      }
    }
    return false
  }

  /** The account a token belongs to (an account's own, or a Home user's switch token); 401 otherwise. */
  private principal(token: string): PlexAccount {
    if (this.revoked.has(token)) throw new Unauthorized()
    const account = this.tokens.get(token)
    if (account) return account
    if (this.users.some((u) => this.tokenFor(u.uuid) === token)) return ACCOUNT
    throw new Unauthorized()
  }

  private checkPmsToken(ep: FakeEndpoint, token: string): void {
    if (ep.claimed === false || ep.token === undefined) return
    if (token !== ep.token) throw new Unauthorized()
  }

  private makePin(code: string, clientIdentifier: string): FakePin {
    const now = this.clock.now()
    const pin: FakePin = { id: this.nextPinId++, code, clientIdentifier, createdAt: now, expiresAt: now + this.lifetimeMs, authToken: null }
    this.pinsById.set(pin.id, pin)
    return pin
  }

  private pinBody(pin: FakePin): Pin {
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
    return {
      id: pin.id,
      code: pin.code,
      clientIdentifier: pin.clientIdentifier,
      expiresIn: Math.max(0, Math.floor((pin.expiresAt - this.clock.now()) / 1000)),
      createdAt: iso(pin.createdAt),
      expiresAt: iso(pin.expiresAt),
      authToken: pin.authToken,
      qr: `https://plex.tv/api/v2/pins/qr/${pin.code}`,
    }
  }

  private serverCall<T>(call: PmsCall, uri: string, opts: RequestOptions | undefined, produce: (ep: FakeEndpoint) => T | typeof HANG): Promise<T> {
    const ep = this.endpoints.get(uri)
    const latency = this.latencyFor[call] ?? ep?.latencyMs ?? 0
    return this.answer(call, uri, false, opts, () => {
      if (ep === undefined) throw new NetworkError('ECONNREFUSED')
      return produce(ep)
    }, latency)
  }

  /**
   * Runs one request: the fault is taken from the queue when the request arrives (in request order); the
   * outcome (fault, outage, or `produce`) is decided when the answer is due, so a slow request sees the
   * world at answer time, like a real server. `produce` may return HANG: no answer until aborted.
   */
  private answer<T>(call: FakeCall, arg: number | string | null, withPin: boolean, opts: RequestOptions | undefined, produce: () => T | typeof HANG, latencyMs?: number): Promise<T> {
    // as the transport does: the kernel's pacing gate first, and the request leaves (is logged) after it
    const slot = opts?.pace?.()
    if (slot) return slot.then(() => this.answer(call, arg, withPin, { ...opts, pace: () => null }, produce, latencyMs))
    const record: FakeRequest = { call, arg, withPin, at: this.clock.now(), outcome: 'pending' }
    this.requests.push(record)
    const signal = opts?.signal
    if (signal?.aborted) {
      record.outcome = 'aborted'
      this.aborted++
      return Promise.reject(new Aborted())
    }
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    const queued = this.faultQueue.get(call)?.shift()

    return new Promise<T>((resolve, reject) => {
      let timer: unknown = null
      let done = false
      const finish = (outcome: FakeRequest['outcome']): void => {
        done = true
        record.outcome = outcome
        this.inFlight--
        if (timer !== null) this.clock.clearTimeout(timer)
        timer = null
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        if (done) return
        finish('aborted')
        this.aborted++
        reject(new Aborted())
      }
      const respond = (): void => {
        timer = null
        if (done) return
        try {
          const fault = queued ?? this.outages.get(call)
          if (fault) throw fault()
          const value = produce()
          if (value === HANG) return // accepted, never answered: only an abort ends it
          finish('ok')
          resolve(value)
        } catch (e) {
          finish('error')
          record.error = e instanceof Error ? e.constructor.name : String(e)
          reject(e instanceof Error ? e : new Error(String(e)))
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const latency = latencyMs ?? this.latencyFor[call] ?? this.latencyMs
      if (latency > 0) timer = this.clock.setTimeout(respond, latency)
      else queueMicrotask(respond)
    })
  }
}
