/**
 * A scripted plex.tv for the linking machines, on a FakeClock. Pins are created with codes from a list,
 * expire by the clock (GET answers 404/1020 → PinExpired from then on), and are linked by `link(code)`,
 * the stand-in for a person at plex.tv/link. Faults are queued per call or set as an outage. Every request
 * is logged; in-flight and aborted requests are counted; answers can be delayed by `latencyMs` (a clock
 * timer, cleared on abort so an aborted request leaves nothing behind).
 */
import type { PlexTvApi, RequestOptions } from '../../src/plex/api.js'
import { Aborted, PinExpired, Unauthorized, type PlexError } from '../../src/plex/errors.js'
import type { DeviceIdentity, Pin, PlexAccount } from '../../src/plex/types.js'
import type { FakeClock } from './fakeClock.js'

export type FakeCall = 'createPin' | 'getPin' | 'getUser'

export interface FakeRequest {
  call: FakeCall
  /** Pin id for getPin, token for getUser. */
  arg: number | string | null
  at: number
  outcome: 'pending' | 'ok' | 'error' | 'aborted'
  error?: string
}

interface FakePin {
  id: number
  code: string
  clientIdentifier: string
  createdAt: number
  expiresAt: number
  authToken: string | null
}

export const DEFAULT_CODES = ['7RQZ', '9X9Y', 'XY11', 'ABCD', 'K2P4', 'M8N3', 'Q5W7', 'Z3T9']

export const ALICE: PlexAccount = {
  id: 1001,
  uuid: 'a1b2c3d4e5f60718',
  username: 'alice',
  title: 'Alice',
  friendlyName: 'Alice',
  email: 'alice@example.com',
  thumb: 'https://plex.tv/users/a1b2c3d4e5f60718/avatar',
  homeAdmin: true,
  homeSize: 3,
}

export const IDENTITY: DeviceIdentity = {
  clientIdentifier: '3381b62b-9ab7-4e37-827b-203e9809eb58',
  product: 'PlexLink TV',
  version: '0.1.0',
  platform: 'Tizen',
  platformVersion: '6.0',
  device: 'Samsung TV',
  deviceName: 'Living Room TV',
}

export interface FakePlexTvOptions {
  identity?: DeviceIdentity
  codes?: string[]
  /** Pin lifetime in seconds (900 for a 4-character code, plex-api.md §2). */
  lifetimeSec?: number
  latencyMs?: number
}

type FaultFactory = () => PlexError

export class FakePlexTv implements PlexTvApi {
  readonly identity: DeviceIdentity
  readonly requests: FakeRequest[] = []
  /** Requests started and not yet answered or aborted. */
  inFlight = 0
  /** The most requests ever in flight at once. */
  maxInFlight = 0
  aborted = 0
  /** Delay of every answer, in fake-clock ms (0 = answer on the next microtask). */
  latencyMs: number
  /** Per-call latency overrides. */
  readonly latencyFor: Partial<Record<FakeCall, number>> = {}

  private readonly pins = new Map<number, FakePin>()
  private readonly tokens = new Map<string, PlexAccount>()
  private readonly faultQueue: Record<FakeCall, FaultFactory[]> = { createPin: [], getPin: [], getUser: [] }
  private readonly outages: Partial<Record<FakeCall, FaultFactory>> = {}
  private readonly codes: string[]
  private readonly lifetimeMs: number
  private nextPinId = 308667304
  private nextToken = 1

  constructor(private readonly clock: FakeClock, options: FakePlexTvOptions = {}) {
    this.identity = options.identity ?? IDENTITY
    this.codes = [...(options.codes ?? DEFAULT_CODES)]
    this.lifetimeMs = (options.lifetimeSec ?? 900) * 1000
    this.latencyMs = options.latencyMs ?? 0
  }

  // ── scripting ──

  /** The next `call` requests fail with these errors, in order. */
  failNext(call: FakeCall, ...faults: Array<PlexError | FaultFactory>): void {
    for (const f of faults) this.faultQueue[call].push(typeof f === 'function' ? f : () => f)
  }

  /** Every `call` fails with this error until `endOutage`. */
  outage(call: FakeCall, fault: PlexError | FaultFactory): void {
    this.outages[call] = typeof fault === 'function' ? fault : () => fault
  }

  endOutage(call?: FakeCall): void {
    if (call) delete this.outages[call]
    else for (const k of Object.keys(this.outages) as FakeCall[]) delete this.outages[k]
  }

  /** A person types `code` at plex.tv/link. Returns the token, or null when the code is unknown or expired. */
  link(code: string, account: PlexAccount = ALICE): string | null {
    for (const pin of this.pins.values()) {
      if (pin.code === code && this.clock.now() < pin.expiresAt && pin.authToken === null) {
        const token = `tok${String(this.nextToken++).padStart(17, '0')}`
        pin.authToken = token
        this.tokens.set(token, account)
        return token
      }
    }
    return null
  }

  /** Makes a token known to GET /user (for startup tests). */
  addToken(token: string, account: PlexAccount = ALICE): void {
    this.tokens.set(token, account)
  }

  revokeToken(token: string): void {
    this.tokens.delete(token)
  }

  /** Creates a pin as if another run of the app had (for resume tests). */
  seedPin(code: string, clientIdentifier = this.identity.clientIdentifier): FakePin {
    return this.makePin(code, clientIdentifier)
  }

  pin(id: number): FakePin | undefined {
    return this.pins.get(id)
  }

  // ── inspection ──

  count(call: FakeCall, arg?: number | string): number {
    return this.requests.filter((r) => r.call === call && (arg === undefined || r.arg === arg)).length
  }

  /** Times (clock ms) at which `call` requests were sent. */
  times(call?: FakeCall, arg?: number | string): number[] {
    return this.requests.filter((r) => (call === undefined || r.call === call) && (arg === undefined || r.arg === arg)).map((r) => r.at)
  }

  last(): FakeRequest | undefined {
    return this.requests[this.requests.length - 1]
  }

  // ── PlexTvApi ──

  createPin(opts?: RequestOptions): Promise<Pin> {
    return this.answer('createPin', null, opts, () => {
      const code = this.codes.shift() ?? `C${String(this.nextPinId % 1000).padStart(3, '0')}`
      return this.pinBody(this.makePin(code, this.identity.clientIdentifier))
    })
  }

  getPin(id: number, opts?: RequestOptions): Promise<Pin> {
    return this.answer('getPin', id, opts, () => {
      const pin = this.pins.get(id)
      // Unknown, expired, or created by another client identifier: 404/1020 (plex-api.md §3).
      if (!pin || this.clock.now() >= pin.expiresAt || pin.clientIdentifier !== this.identity.clientIdentifier) throw new PinExpired()
      return this.pinBody(pin)
    })
  }

  getUser(token: string, opts?: RequestOptions): Promise<PlexAccount> {
    return this.answer('getUser', token, opts, () => {
      const account = this.tokens.get(token)
      if (!account) throw new Unauthorized()
      return { ...account }
    })
  }

  linkPin(): Promise<void> {
    return Promise.reject(new Error('not used by the linking machines'))
  }
  getResources(): Promise<never> {
    return Promise.reject(new Error('not used by the linking machines'))
  }
  getHomeUsers(): Promise<never> {
    return Promise.reject(new Error('not used by the linking machines'))
  }
  switchHomeUser(): Promise<never> {
    return Promise.reject(new Error('not used by the linking machines'))
  }
  getClaimToken(): Promise<never> {
    return Promise.reject(new Error('not used by the linking machines'))
  }

  ping(): Promise<never> {
    return Promise.reject(new Error('not used by the linking machines'))
  }

  // ── internals ──

  private makePin(code: string, clientIdentifier: string): FakePin {
    const now = this.clock.now()
    const pin: FakePin = { id: this.nextPinId++, code, clientIdentifier, createdAt: now, expiresAt: now + this.lifetimeMs, authToken: null }
    this.pins.set(pin.id, pin)
    return pin
  }

  private pinBody(pin: FakePin): Pin {
    const now = this.clock.now()
    return {
      id: pin.id,
      code: pin.code,
      clientIdentifier: pin.clientIdentifier,
      expiresIn: Math.max(0, Math.floor((pin.expiresAt - now) / 1000)),
      createdAt: new Date(pin.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      expiresAt: new Date(pin.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      authToken: pin.authToken,
      qr: `https://plex.tv/api/v2/pins/qr/${pin.code}`,
    }
  }

  /**
   * Runs one request: the outcome (fault, outage, or `produce`) is decided when the answer is due, so a
   * slow request sees the state of the world at answer time, like a real server would.
   */
  private answer<T>(call: FakeCall, arg: number | string | null, opts: RequestOptions | undefined, produce: () => T): Promise<T> {
    const record: FakeRequest = { call, arg, at: this.clock.now(), outcome: 'pending' }
    this.requests.push(record)
    const signal = opts?.signal
    if (signal?.aborted) {
      record.outcome = 'aborted'
      this.aborted++
      return Promise.reject(new Aborted())
    }
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    // The fault is taken from the queue when the request arrives (in request order).
    const queued = this.faultQueue[call].shift()

    return new Promise<T>((resolve, reject) => {
      let timer: unknown = null
      let done = false
      const finish = () => {
        done = true
        this.inFlight--
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = () => {
        if (done) return
        if (timer !== null) this.clock.clearTimeout(timer)
        finish()
        record.outcome = 'aborted'
        this.aborted++
        reject(new Aborted())
      }
      const respond = () => {
        if (done) return
        finish()
        try {
          const fault = queued ?? this.outages[call]
          if (fault) throw fault()
          const value = produce()
          record.outcome = 'ok'
          resolve(value)
        } catch (e) {
          record.outcome = 'error'
          record.error = e instanceof Error ? e.constructor.name : String(e)
          reject(e)
        }
      }
      signal?.addEventListener('abort', onAbort)
      const latency = this.latencyFor[call] ?? this.latencyMs
      if (latency > 0) timer = this.clock.setTimeout(respond, latency)
      else queueMicrotask(respond)
    })
  }
}
