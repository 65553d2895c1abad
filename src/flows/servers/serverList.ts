/**
 * "Which server": load the chosen user's resources from plex.tv (a reducer on the kernel's runner), race
 * every server's connections in parallel (race.ts), and keep the list up to date as each race settles
 * (plex-api.md §7, §11).
 *
 * Rules
 *  - resources are fetched with the chosen Home user's token, never the owner's (§8.2);
 *  - loading fails → `loadFailed` with the time of the automatic retry (the kernel's backoff; 429 waits
 *    Retry-After or ≥ 5 s); `retryNow()` asks in the next allowed slot; 401 is not retried (sign in again);
 *  - every server's race starts at once, its probes sharing one queue of slots (a few per origin, a global
 *    cap, race.ts); the list re-sorts as each settles (reachable, owned, name);
 *  - `retest(id)` races one server again (OK on an unreachable row), at most once a second per server;
 *  - `stop()` cancels the resources request, every probe and the retry timer.
 */
import type { PlexTvApi, PmsApi } from '../../plex/api.js'
import type { Resource } from '../../plex/types.js'
import type { Fault } from '../kernel/faults.js'
import { faultDelay, PACE_MS } from '../kernel/policy.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { FlowDefinition } from '../kernel/runner.js'
import { ProbeQueue, type ProbeLimits } from './probeQueue.js'
import { raceConnections, reduceServerList, serverResources, type ConnectionRace, type ServerListState, type ServerRaceResult } from './race.js'

export const DEFAULT_RESOURCES_TIMEOUT_MS = 15_000

export type ServerPickerState =
  | { kind: 'idle' }
  | { kind: 'loading'; attempt: number }
  /** `retryAt`: clock time of the automatic retry; null when retrying cannot help (401). */
  | { kind: 'loadFailed'; error: Fault; attempt: number; retryAt: number | null }
  | { kind: 'list'; list: Extract<ServerListState, { kind: 'racing' | 'done' }> }

// ─── Loading the resources: model and reducer ───────────────────────────────────────────────────────

export interface ResourcesModel {
  state: ServerPickerState
  seq: number
  inFlight: number | null
  /** Failed loads in a row: the backoff exponent. */
  failures: number
  /** Loads so far, for "attempt N". */
  attempt: number
}

export type ResourcesEvent =
  | { type: 'load' }
  | { type: 'timer'; at: number }
  | { type: 'loaded'; seq: number; resources: Resource[] }
  /** A race settled: the list is updated by the session (races are not requests of this runner). */
  | { type: 'list'; list: Extract<ServerListState, { kind: 'racing' | 'done' }> }
  | { type: 'failed'; seq: number; at: number; fault: Fault; random: number }

export function reduceResources(m: ResourcesModel, e: ResourcesEvent): ResourcesModel {
  switch (e.type) {
    case 'load': {
      if (m.state.kind === 'loadFailed' && m.state.retryAt === null) return m
      if (m.inFlight !== null) return m
      const seq = m.seq + 1
      return { ...m, seq, inFlight: seq, attempt: m.attempt + 1, state: { kind: 'loading', attempt: m.attempt + 1 } }
    }
    case 'timer':
      return m.state.kind === 'loadFailed' && m.state.retryAt !== null && e.at >= m.state.retryAt ? reduceResources(m, { type: 'load' }) : m
    case 'loaded': {
      if (m.inFlight !== e.seq) return m
      const list = reduceServerList({ kind: 'idle' }, { type: 'start', resources: uniqueServers(e.resources) })
      return { ...m, inFlight: null, failures: 0, state: list.kind === 'idle' ? m.state : { kind: 'list', list } }
    }
    case 'list':
      return m.state.kind === 'list' ? { ...m, state: { kind: 'list', list: e.list } } : m
    case 'failed': {
      if (m.inFlight !== e.seq) return m
      if (e.fault.kind === 'aborted') return { ...m, inFlight: null }
      const retryAt = e.fault.retryable ? e.at + faultDelay(e.fault, m.failures, e.random) : null
      return { ...m, inFlight: null, failures: m.failures + 1, state: { kind: 'loadFailed', error: e.fault, attempt: m.attempt, retryAt } }
    }
  }
}

/** One row per server, even when plex.tv lists a server twice. */
export function uniqueServers(resources: readonly Resource[]): Resource[] {
  const unique = new Map<string, Resource>()
  for (const r of serverResources(resources)) if (!unique.has(r.clientIdentifier)) unique.set(r.clientIdentifier, r)
  return [...unique.values()]
}

function resourcesFlow(client: PlexTvApi, userToken: string): FlowDefinition<ResourcesModel, ResourcesEvent, 'getResources'> {
  return {
    reduce: reduceResources,
    request: (m) => (m.inFlight === null ? null : { seq: m.inFlight, call: 'getResources' }),
    wakeAt: (m) => (m.state.kind === 'loadFailed' ? m.state.retryAt : null),
    describe: () => ({ call: 'getResources' }),
    perform: async ({ seq }, signal, pace) => {
      const resources = await client.getResources(userToken, { signal, pace })
      return () => ({ type: 'loaded', seq, resources })
    },
    failed: (seq, fault, at, random) => ({ type: 'failed', seq, at, fault, random }),
    timer: (at) => ({ type: 'timer', at }),
  }
}

// ─── The session ────────────────────────────────────────────────────────────────────────────────────

export interface ServerPickerOptions extends FlowOptions {
  client: PlexTvApi
  pms: PmsApi
  /** The chosen Home user's token. */
  userToken: string
  requestTimeoutMs?: number
  probeTimeoutMs?: number
  /** Probes in flight per origin and in all, shared by every server's race (race.ts). */
  probeLimits?: ProbeLimits
}

export type ServerPickerListener = (state: ServerPickerState) => void

/**
 * A list whose every race is done, kept when its screen goes (to Diagnostics or Device name, over Back) so
 * that coming back shows the same rows without asking plex.tv or testing a server again (`start(kept)`).
 */
export interface KeptServerList {
  userToken: string
  /** Clock time it was kept. */
  at: number
  list: Extract<ServerListState, { kind: 'done' }>
  resources: Resource[]
}

/** How long a kept list is shown again instead of a new one: after that, servers may have come or gone. */
export const KEEP_LIST_MS = 120_000

const IDLE: ResourcesModel = { state: { kind: 'idle' }, seq: 0, inFlight: null, failures: 0, attempt: 0 }

export class ServerPickerSession {
  private readonly host: FlowHost<ResourcesModel, ResourcesEvent, 'getResources'>
  private readonly races = new Map<string, { race: ConnectionRace; startedAt: number }>()
  /** Retests waiting for their slot (a second after that server's last race began). */
  private readonly waiting = new Map<string, unknown>()
  private resources: Resource[] = []
  /** One set of slots for every race of this list, so 500 servers never mean 1000 calls at once. */
  private readonly queue: ProbeQueue

  constructor(private readonly options: ServerPickerOptions) {
    this.queue = new ProbeQueue(options.probeLimits)
    const deps = runnerDeps(options, options.requestTimeoutMs ?? DEFAULT_RESOURCES_TIMEOUT_MS)
    this.host = new FlowHost(resourcesFlow(options.client, options.userToken), deps, IDLE)
    this.host.watch(
      (m) => m.state,
      (state, before) => {
        if (state.kind !== 'list') this.stopRaces()
        else if (before.kind !== 'list') this.raceAll(state.list.rows.map((r) => r.resource))
      },
    )
  }

  get state(): ServerPickerState {
    return this.host.model.state
  }

  subscribe(listener: ServerPickerListener): () => void {
    return this.host.watch((m) => m.state, listener)
  }

  /** Loads the list and races every server; or, given a fresh kept list of this user, shows it as it was. */
  start(kept: KeptServerList | null = null): void {
    const { userToken, clock } = this.options
    if (kept !== null && kept.userToken === userToken && clock.now() - kept.at < KEEP_LIST_MS) {
      this.resources = kept.resources
      // starts on the kept list itself: no load, and no list change that would race the servers
      this.host.start({ ...IDLE, state: { kind: 'list', list: kept.list } }, { type: 'list', list: kept.list })
      return
    }
    this.host.start(IDLE, { type: 'load' })
  }

  /** The list to keep when the screen goes: only once every race is done (a half-tested list is not kept). */
  keep(): KeptServerList | null {
    const s = this.state
    if (s.kind !== 'list' || s.list.kind !== 'done') return null
    return { userToken: this.options.userToken, at: this.options.clock.now(), list: s.list, resources: this.resources }
  }

  /** Skips the wait of a failed load (in the next allowed slot); loads the list again when it is showing (after a claim). */
  retryNow(): void {
    this.host.dispatch({ type: 'load' })
  }

  /**
   * Races one server's connections again (OK on a row that did not answer): at once, or — when its last
   * race began less than a second ago — in the next allowed slot; presses meanwhile are that same retest.
   */
  retest(clientIdentifier: string): void {
    const s = this.state
    const resource = this.resources.find((r) => r.clientIdentifier === clientIdentifier)
    if (s.kind !== 'list' || resource === undefined || this.waiting.has(clientIdentifier)) return
    const rows = s.list.rows.map((row) => (row.resource.clientIdentifier === clientIdentifier ? { resource: row.resource, status: 'probing' as const } : row))
    this.host.dispatch({ type: 'list', list: { kind: 'racing', rows } })
    const { clock } = this.options
    const wait = (this.races.get(clientIdentifier)?.startedAt ?? -Infinity) + PACE_MS - clock.now()
    if (wait <= 0) return this.race(resource)
    this.waiting.set(
      clientIdentifier,
      clock.setTimeout(() => {
        this.waiting.delete(clientIdentifier)
        this.race(resource)
      }, wait),
    )
  }

  /** The settled result for a server, when its race is done. */
  result(clientIdentifier: string): ServerRaceResult | null {
    const s = this.state
    if (s.kind !== 'list') return null
    const row = s.list.rows.find((r) => r.resource.clientIdentifier === clientIdentifier)
    return row?.status === 'settled' ? row.result : null
  }

  /** Ends the resources request, every probe and the timer; back to idle. */
  stop(): void {
    this.host.stop()
    this.stopRaces()
  }

  private raceAll(resources: Resource[]): void {
    this.resources = resources
    for (const r of resources) this.race(r)
  }

  private race(resource: Resource): void {
    const { pms, clock, probeTimeoutMs } = this.options
    this.races.get(resource.clientIdentifier)?.race.stop()
    const race = raceConnections(resource, pms, clock, probeTimeoutMs === undefined ? { queue: this.queue } : { probeTimeoutMs, queue: this.queue })
    const entry = { race, startedAt: clock.now() }
    this.races.set(resource.clientIdentifier, entry)
    void race.result.then((result) => {
      if (result === null || this.races.get(resource.clientIdentifier) !== entry) return
      const s = this.state
      if (s.kind !== 'list') return
      const list = reduceServerList(s.list, { type: 'settled', result })
      if (list.kind !== 'idle' && list !== s.list) this.host.dispatch({ type: 'list', list })
    })
  }

  private stopRaces(): void {
    for (const { race } of this.races.values()) race.stop()
    this.races.clear()
    for (const handle of this.waiting.values()) this.options.clock.clearTimeout(handle)
    this.waiting.clear()
  }
}
