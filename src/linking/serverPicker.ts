/**
 * "Which server": load the chosen user's resources from plex.tv, race every server's connections in
 * parallel, and keep the list up to date as each race settles (plex-api.md §7, §11).
 *
 * Rules
 *  - resources are fetched with the chosen Home user's token, never the owner's (§8.2);
 *  - loading fails → `loadFailed` with the error and the time of the automatic retry (backoff with jitter,
 *    capped at 30 s; 429 waits Retry-After); `retryNow()` skips the wait; 401 is not retried (sign in again);
 *  - every server's race starts at once; the list re-sorts as each settles (reachable, owned, name);
 *  - `retest(id)` races one server again (OK on an unreachable row), leaving the others as they are;
 *  - `stop()` cancels the resources request, every probe and the retry timer.
 *
 * Pure behaviour: a Clock and the wire interfaces are injected; no view, no Lightning.
 */
import type { PlexTvApi, PmsApi } from '../plex/api.js'
import type { Resource } from '../plex/types.js'
import type { Clock } from './clock.js'
import { raceConnections, reduceServerList, serverResources, type ConnectionRace, type ServerListState, type ServerRaceResult } from './connectionRace.js'
import { LatestRequest } from './deadline.js'
import { classifyPickerError, type PickerError } from './pickerFaults.js'
import { RetryTimer } from './retryTimer.js'

export const DEFAULT_RESOURCES_TIMEOUT_MS = 15_000

export type ServerPickerState =
  | { kind: 'idle' }
  | { kind: 'loading'; attempt: number }
  /** `retryAt`: clock time of the automatic retry; null when retrying cannot help (401). */
  | { kind: 'loadFailed'; error: PickerError; attempt: number; retryAt: number | null }
  | { kind: 'list'; list: Extract<ServerListState, { kind: 'racing' | 'done' }> }

export interface ServerPickerOptions {
  client: PlexTvApi
  pms: PmsApi
  clock: Clock
  /** The chosen Home user's token. */
  userToken: string
  requestTimeoutMs?: number
  probeTimeoutMs?: number
  random?: () => number
}

export type ServerPickerListener = (state: ServerPickerState) => void

export class ServerPickerSession {
  private current: ServerPickerState = { kind: 'idle' }
  private readonly request: LatestRequest
  private readonly races = new Map<string, ConnectionRace>()
  private readonly listeners = new Set<ServerPickerListener>()
  private readonly retry: RetryTimer
  private attempt = 0
  private resources: Resource[] = []

  constructor(private readonly options: ServerPickerOptions) {
    this.request = new LatestRequest(options.clock, options.requestTimeoutMs ?? DEFAULT_RESOURCES_TIMEOUT_MS)
    this.retry = new RetryTimer(options.clock, options.random)
  }

  get state(): ServerPickerState {
    return this.current
  }

  subscribe(listener: ServerPickerListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(): void {
    this.stopWork()
    this.retry.reset()
    this.attempt = 0
    this.load()
  }

  /** Skips the wait of a failed load; loads the list again when it is showing (after a claim, say). */
  retryNow(): void {
    const s = this.current
    if (s.kind === 'loadFailed' && s.retryAt === null) return
    this.stopWork()
    this.load()
  }

  /** Races one server's connections again (OK on a row that did not answer). */
  retest(clientIdentifier: string): void {
    const s = this.current
    if (s.kind !== 'list') return
    const resource = this.resources.find((r) => r.clientIdentifier === clientIdentifier)
    if (resource === undefined) return
    this.races.get(clientIdentifier)?.stop()
    const rows = s.list.rows.map((row) => (row.resource.clientIdentifier === clientIdentifier ? { resource: row.resource, status: 'probing' as const } : row))
    this.set({ kind: 'list', list: { kind: 'racing', rows } })
    this.race(resource)
  }

  /** The settled result for a server, when its race is done. */
  result(clientIdentifier: string): ServerRaceResult | null {
    if (this.current.kind !== 'list') return null
    const row = this.current.list.rows.find((r) => r.resource.clientIdentifier === clientIdentifier)
    return row?.status === 'settled' ? row.result : null
  }

  stop(): void {
    this.stopWork()
    this.set({ kind: 'idle' })
  }

  // ─── internals ──────────────────────────────────────────────────────────────────────────────────

  private load(): void {
    const { client, userToken } = this.options
    this.attempt += 1
    const attempt = this.attempt
    this.set({ kind: 'loading', attempt })
    this.request.send(
      (signal) => client.getResources(userToken, { signal }),
      (resources) => {
        this.retry.reset()
        this.loaded(resources)
      },
      (error) => {
        const c = classifyPickerError(error)
        if (c === 'aborted') return
        this.retry.schedule(c, () => this.load())
        this.set({ kind: 'loadFailed', error: c, attempt, retryAt: this.retry.retryAt })
      },
    )
  }

  private loaded(resources: Resource[]): void {
    // one row per server, even when plex.tv lists a server twice
    const unique = new Map<string, Resource>()
    for (const r of serverResources(resources)) if (!unique.has(r.clientIdentifier)) unique.set(r.clientIdentifier, r)
    this.resources = [...unique.values()]
    const list = reduceServerList({ kind: 'idle' }, { type: 'start', resources: this.resources })
    if (list.kind === 'idle') return
    this.set({ kind: 'list', list })
    for (const r of this.resources) this.race(r)
  }

  private race(resource: Resource): void {
    const { pms, clock, probeTimeoutMs } = this.options
    const race = raceConnections(resource, pms, clock, probeTimeoutMs === undefined ? {} : { probeTimeoutMs })
    this.races.set(resource.clientIdentifier, race)
    void race.result.then((result) => {
      if (result === null || this.races.get(resource.clientIdentifier) !== race) return
      this.races.delete(resource.clientIdentifier)
      const s = this.current
      if (s.kind !== 'list') return
      const list = reduceServerList(s.list, { type: 'settled', result })
      if (list.kind !== 'idle' && list !== s.list) this.set({ kind: 'list', list })
    })
  }

  private stopWork(): void {
    this.request.cancel()
    for (const race of this.races.values()) race.stop()
    this.races.clear()
    this.retry.cancel()
  }

  private set(state: ServerPickerState): void {
    this.current = state
    for (const l of [...this.listeners]) l(state)
  }
}
