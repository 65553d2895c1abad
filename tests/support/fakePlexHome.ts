/**
 * A scripted plex.tv for the "after linking" flows: Home users, switching (PINs checked per user; a user
 * can demand a PIN without being marked protected, like plex-api.md §13.9) and claim tokens. Faults are
 * queued per call; answers take `latencyMs` of fake-clock time; in-flight and aborted requests are counted.
 */
import type { PlexTvApi, RequestOptions } from '../../src/plex/api.js'
import { Aborted, InvalidHomePin, NetworkError, Unauthorized, type PlexError } from '../../src/plex/errors.js'
import type { Home, HomeUser, Resource, SwitchedUser } from '../../src/plex/types.js'
import type { FakeClock } from './fakeClock.js'
import { IDENTITY } from './fakePlexTv.js'

export type HomeCall = 'getHomeUsers' | 'switchHomeUser' | 'getClaimToken' | 'getResources'

export interface HomeRequest {
  call: HomeCall
  uuid: string | null
  /** Whether a PIN was sent (the fake keeps no PIN in its log). */
  withPin: boolean
  at: number
  outcome: 'pending' | 'ok' | 'error' | 'aborted'
}

export const ACCOUNT_TOKEN = 'acct-Tk9w2LmQ8rZx4Vb7Nc'

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

export class FakePlexHome implements PlexTvApi {
  readonly identity = IDENTITY
  readonly requests: HomeRequest[] = []
  inFlight = 0
  aborted = 0
  latencyMs = 0
  users: HomeUser[] = []
  /** PIN per user uuid; a user listed here must send it even when not marked protected. */
  readonly pins = new Map<string, string>()
  claimToken = 'claim-Xq4b9TzR2mWv8Kp3Ls6d'
  private readonly faults: Record<HomeCall, Array<() => PlexError>> = { getHomeUsers: [], switchHomeUser: [], getClaimToken: [], getResources: [] }

  constructor(private readonly clock: FakeClock) {}

  failNext(call: HomeCall, ...errors: PlexError[]): void {
    for (const e of errors) this.faults[call].push(() => e)
  }

  count(call: HomeCall): number {
    return this.requests.filter((r) => r.call === call).length
  }

  /** When each request of `call` was sent (clock ms). */
  times(call: HomeRequest['call']): number[] {
    return this.requests.filter((r) => r.call === call).map((r) => r.at)
  }

  /** The token a successful switch hands out for `uuid`. */
  static tokenFor(uuid: string): string {
    return `user-token-${uuid}`
  }

  getHomeUsers(token: string, opts?: RequestOptions): Promise<Home> {
    return this.answer('getHomeUsers', null, false, opts, () => {
      if (token !== ACCOUNT_TOKEN) throw new Unauthorized()
      return { id: 123, name: 'My home', users: this.users.map((u) => ({ ...u })) }
    })
  }

  switchHomeUser(token: string, uuid: string, pin: string | null, opts?: RequestOptions): Promise<SwitchedUser> {
    return this.answer('switchHomeUser', uuid, pin !== null, opts, () => {
      if (token !== ACCOUNT_TOKEN) throw new Unauthorized()
      const user = this.users.find((u) => u.uuid === uuid)
      if (!user) throw new NetworkError('not found')
      const expected = this.pins.get(uuid)
      if ((expected !== undefined || user.protected) && pin !== expected) throw new InvalidHomePin()
      return { uuid, title: user.title, authToken: FakePlexHome.tokenFor(uuid) }
    })
  }

  getClaimToken(token: string, opts?: RequestOptions): Promise<string> {
    return this.answer('getClaimToken', null, false, opts, () => {
      if (token === '') throw new Unauthorized()
      return this.claimToken
    })
  }

  createPin(): Promise<never> {
    return Promise.reject(new NetworkError('not scripted'))
  }
  getPin(): Promise<never> {
    return Promise.reject(new NetworkError('not scripted'))
  }
  linkPin(): Promise<never> {
    return Promise.reject(new NetworkError('not scripted'))
  }
  getUser(): Promise<never> {
    return Promise.reject(new NetworkError('not scripted'))
  }
  /** What GET /api/v2/resources answers (any token but ''). */
  resources: Resource[] = []

  getResources(token: string, opts?: RequestOptions): Promise<Resource[]> {
    return this.answer('getResources', null, false, opts, () => {
      if (token === '') throw new Unauthorized()
      return this.resources.map((r) => ({ ...r }))
    })
  }

  ping(): Promise<never> {
    return Promise.reject(new NetworkError('not scripted'))
  }

  private answer<T>(call: HomeCall, uuid: string | null, withPin: boolean, opts: RequestOptions | undefined, produce: () => T): Promise<T> {
    const record: HomeRequest = { call, uuid, withPin, at: this.clock.now(), outcome: 'pending' }
    this.requests.push(record)
    const signal = opts?.signal
    if (signal?.aborted) {
      record.outcome = 'aborted'
      this.aborted++
      return Promise.reject(new Aborted())
    }
    const fault = this.faults[call].shift()
    this.inFlight++
    return new Promise<T>((resolve, reject) => {
      let timer: unknown = null
      let done = false
      const finish = (outcome: HomeRequest['outcome']): void => {
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
      timer = this.clock.setTimeout(() => {
        timer = null
        if (done) return
        try {
          if (fault) throw fault()
          const value = produce()
          finish('ok')
          resolve(value)
        } catch (error) {
          finish('error')
          reject(error as PlexError)
        }
      }, this.latencyMs)
    })
  }
}
