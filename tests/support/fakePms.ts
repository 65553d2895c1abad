/**
 * Scripted Plex Media Servers for the picker tests, on a FakeClock: each URI has a behaviour (answer after
 * `latencyMs`, refuse, hang until aborted, wrong machine, 401 on the token check). Unknown URIs are refused.
 * Requests in flight and aborted ones are counted, so a test can prove that `stop()` leaves nothing behind.
 */
import type { PmsApi, RequestOptions } from '../../src/plex/api.js'
import { Aborted, NetworkError, ServerError, Unauthorized, type PlexError } from '../../src/plex/errors.js'
import type { Connection, LibrarySection, PmsIdentity, PmsRoot, Resource } from '../../src/plex/types.js'
import type { FakeClock } from './fakeClock.js'

export interface FakeEndpoint {
  machineIdentifier: string
  /** Fake-clock ms per call (identity and root each take this long). */
  latencyMs?: number
  /** How GET /identity behaves. */
  identity?: 'ok' | 'refuse' | 'hang' | 'error'
  /** How GET / (with token) behaves. */
  root?: 'ok' | 'unauthorized' | 'hang'
  claimed?: boolean
  /** How POST /myplex/claim behaves. */
  claim?: 'ok' | 'refuse' | 'error'
  /** The access token GET / accepts; any token when unset. */
  token?: string
  /** How GET /library/sections behaves ('error': 500). */
  libraries?: 'ok' | 'error'
}

export type PmsCall = 'identity' | 'root' | 'librarySections' | 'claim'

export interface PmsRequest {
  call: PmsCall
  uri: string
  at: number
  outcome: 'pending' | 'ok' | 'error' | 'aborted'
}

export class FakePms implements PmsApi {
  readonly endpoints = new Map<string, FakeEndpoint>()
  readonly requests: PmsRequest[] = []
  inFlight = 0
  aborted = 0
  /** Claim tokens received by POST /myplex/claim. */
  readonly claimTokens: string[] = []

  constructor(private readonly clock: FakeClock) {}

  serve(uri: string, endpoint: FakeEndpoint): this {
    this.endpoints.set(uri, endpoint)
    return this
  }

  count(call?: PmsCall, uri?: string): number {
    return this.requests.filter((r) => (call === undefined || r.call === call) && (uri === undefined || r.uri === uri)).length
  }

  identity(uri: string, opts?: RequestOptions): Promise<PmsIdentity> {
    return this.answer('identity', uri, opts, (ep) => {
      const mode = ep.identity ?? 'ok'
      if (mode === 'refuse') throw new NetworkError('ECONNREFUSED')
      if (mode === 'error') throw new ServerError(500)
      if (mode === 'hang') return HANG
      return { machineIdentifier: ep.machineIdentifier, claimed: ep.claimed ?? true, version: '1.41.6.9685-d301f511a' }
    })
  }

  root(uri: string, token: string, opts?: RequestOptions): Promise<PmsRoot> {
    return this.answer('root', uri, opts, (ep) => {
      const mode = ep.root ?? 'ok'
      if (mode === 'hang') return HANG
      if (mode === 'unauthorized' || (ep.token !== undefined && ep.token !== token)) throw new Unauthorized()
      return { machineIdentifier: ep.machineIdentifier, friendlyName: 'Fake', version: '1.41.6.9685-d301f511a', myPlexUsername: null }
    })
  }

  librarySections(uri: string, _token: string, opts?: RequestOptions): Promise<LibrarySection[]> {
    return this.answer('librarySections', uri, opts, (ep) => {
      if (ep.libraries === 'error') throw new ServerError(500)
      return []
    })
  }

  claim(uri: string, claimToken: string, opts?: RequestOptions): Promise<void> {
    return this.answer('claim', uri, opts, (ep) => {
      const mode = ep.claim ?? 'ok'
      if (mode === 'refuse') throw new NetworkError('ECONNREFUSED')
      if (mode === 'error') throw new ServerError(500)
      this.claimTokens.push(claimToken)
      ep.claimed = true
    })
  }

  private answer<T>(call: PmsCall, uri: string, opts: RequestOptions | undefined, produce: (ep: FakeEndpoint) => T | typeof HANG): Promise<T> {
    const record: PmsRequest = { call, uri, at: this.clock.now(), outcome: 'pending' }
    this.requests.push(record)
    const signal = opts?.signal
    if (signal?.aborted) {
      record.outcome = 'aborted'
      this.aborted++
      return Promise.reject(new Aborted())
    }
    const ep = this.endpoints.get(uri)
    this.inFlight++
    return new Promise<T>((resolve, reject) => {
      let timer: unknown = null
      let done = false
      const finish = (outcome: PmsRequest['outcome']): void => {
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
      signal?.addEventListener('abort', onAbort, { once: true })
      const respond = (): void => {
        timer = null
        if (done) return
        if (ep === undefined) {
          finish('error')
          reject(new NetworkError('ECONNREFUSED'))
          return
        }
        try {
          const value = produce(ep)
          if (value === HANG) return // never answers; only an abort ends it
          finish('ok')
          resolve(value as T)
        } catch (error) {
          finish('error')
          reject(error as PlexError)
        }
      }
      timer = this.clock.setTimeout(respond, ep?.latencyMs ?? 0)
    })
  }
}

const HANG = Symbol('hang')

// ─── Resource fixtures (shaped like /api/v2/resources, plex-api.md §7.1) ───────────────────────────

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
