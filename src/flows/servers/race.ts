/**
 * Choosing a connection for each Plex Media Server (plex-api.md §7.3, §11, §13.5–13.8).
 *
 * A probe of one connection is two calls inside one deadline (default 4 s, on the injected Clock):
 *  1. `GET {uri}/identity` (no token): the server answers, and it is the right one — its
 *     `machineIdentifier` must equal the resource's `clientIdentifier`, else `wrong-server` (a LAN address
 *     reused by another box, a stale plex.direct name);
 *  2. `GET {uri}/` with the resource's `accessToken`: we may use it. /identity needs no token, so it proves
 *     reachability only; the account token passes it and then 401s on real calls (§13.5). 401 → `unauthorized`.
 * `latencyMs` is the whole probe (both calls), measured with the Clock from the moment the probe is sent —
 * not from when the race began — so a probe that waited for a free slot is not charged the wait,
 * and its 4 s deadline starts only when it is sent.
 *
 * Every probe first takes a slot from a `ProbeQueue` (probeQueue.ts: bounded concurrency per origin and in
 * all); the server list shares one queue between all its races, and stop() cancels a race waiting there.
 *
 * Why a race is not a `FlowRunner` flow: the runner owns one request in flight per flow and paces plex.tv
 * resources; a race holds several probes at once, to the servers (not plex.tv), bounded by the queue. It
 * uses the kernel's Clock and `withDeadline` for every probe, and one AbortController that `stop()` (or the
 * owning ServerListSession's dispose) aborts — so it has one owner that ends every request and timer.
 *
 * The race for one server:
 *  - candidates: every connection, deduplicated by URI; `httpsRequired` servers never use http ones;
 *  - every direct (non-relay) candidate is probed in parallel at once; relay candidates are held back until
 *    every direct candidate has failed (Plezy does this: relay is capped at 1–2 Mbps, §13.6);
 *  - score (`compareReachable`): local > remote > relay, then https > http, then lowest latency;
 *  - settle rule: settle as soon as some probe succeeded and no pending probe has a strictly better tier
 *    (kind, then https). A pending probe of the same tier is not waited for: it started no earlier (or sat
 *    in the queue) and is still running, so it is at best marginally faster. Otherwise settle when nothing is
 *    pending (then `best` is null). On settling every pending probe is aborted and its timer cleared.
 *  - a server that plex.tv reports offline (`presence: false`) is probed anyway (presence lags), and is
 *    reported `unavailable: 'offline'` when nothing answers.
 * Worst case per server: one probe timeout for the direct tier plus one for the relay tier.
 */
import type { PmsApi } from '../../plex/api.js'
import { isPlexError } from '../../plex/errors.js'
import type { Connection, Resource } from '../../plex/types.js'
import type { Clock } from '../kernel/clock.js'
import { withDeadline } from '../kernel/deadline.js'
import { ProbeQueue } from './probeQueue.js'

/** Per-probe deadline (identity + root). Plezy races with 2 s, plexnet waits 10 s; 4 s suits TV Wi-Fi. */
export const DEFAULT_PROBE_TIMEOUT_MS = 4000

export type ConnectionKind = 'local' | 'remote' | 'relay'

/**
 * `blocked`: /identity answered, then the call with the token failed in transit from the same address — in
 * a browser that is the server's CORS answer refusing this app's origin (a shared server may allow only
 * https://app.plex.tv for non-owners, ricoloic/plexy#4), not a server that is down.
 */
export type ProbeFailureReason = 'timeout' | 'refused' | 'unauthorized' | 'wrong-server' | 'blocked' | 'error'

export interface ProbeFailure {
  uri: string
  reason: ProbeFailureReason
}

export interface ReachableConnection {
  connection: Connection
  /** Clock ms from the start of the probe until both calls had answered. */
  latencyMs: number
  kind: ConnectionKind
  secure: boolean
}

/** Why a server has no usable connection. */
export type UnavailableReason =
  /** plex.tv says the server is offline (`presence: false`) and no connection answered. */
  | 'offline'
  /** Nothing to probe: no connections, or only http ones on an `httpsRequired` server. */
  | 'no-connections'
  /** Every connection was probed and failed (see `failures`). */
  | 'unreachable'

export interface ServerRaceResult {
  resource: Resource
  best: ReachableConnection | null
  /** Probes that finished with a failure before the race settled, in the resource's connection order. */
  failures: ProbeFailure[]
  /** The only way in is a relay (every direct connection failed): tell the person it will be slow (§13.6). */
  onlyRelay: boolean
  /** null when `best` is set. */
  unavailable: UnavailableReason | null
}

export interface RaceOptions {
  /** Deadline of one probe (identity + root), in Clock ms, counted from when the probe is sent. */
  probeTimeoutMs?: number
  /** Slots shared with other races (the server list passes one for all its servers); default: a queue of its own. */
  queue?: ProbeQueue
  /** Aborting it stops the race like `stop()`. */
  signal?: AbortSignal
}

export interface ConnectionRace {
  /** The result; null when the race was stopped before it settled. Never rejects. */
  readonly result: Promise<ServerRaceResult | null>
  /** Aborts every probe in flight and clears every timer. */
  stop(): void
}

// ─── Scoring ────────────────────────────────────────────────────────────────────────────────────────

export function connectionKind(c: Connection): ConnectionKind {
  if (c.relay) return 'relay'
  return c.local ? 'local' : 'remote'
}

/** Security is the URI's scheme, never the `protocol` field (a connection can say "https" and be http://). */
export function isSecure(c: Connection): boolean {
  return /^https:/i.test(c.uri)
}

const KIND_ORDER: Record<ConnectionKind, number> = { local: 0, remote: 1, relay: 2 }

/** 0 (local https) … 5 (relay http): lower is better. Reachability and latency come on top of it. */
export function connectionTier(kind: ConnectionKind, secure: boolean): number {
  return KIND_ORDER[kind] * 2 + (secure ? 0 : 1)
}

/** Orders two reachable connections: local > remote > relay, https > http, then lower latency. */
export function compareReachable(a: ReachableConnection, b: ReachableConnection): number {
  return connectionTier(a.kind, a.secure) - connectionTier(b.kind, b.secure) || a.latencyMs - b.latencyMs
}

/** The connections worth probing: deduplicated by URI, http dropped when the server requires https. */
export function candidateConnections(resource: Resource): Connection[] {
  const seen = new Set<string>()
  const out: Connection[] = []
  for (const c of resource.connections) {
    if (seen.has(c.uri)) continue
    if (resource.httpsRequired && !isSecure(c)) continue
    seen.add(c.uri)
    out.push(c)
  }
  return out
}

// ─── One probe ──────────────────────────────────────────────────────────────────────────────────────

class WrongServer extends Error {}
class NoAccessToken extends Error {}
class Blocked extends Error {}

type ProbeOutcome = { ok: true; latencyMs: number } | { ok: false; reason: ProbeFailureReason } | { ok: 'cancelled' }

function failureReason(error: unknown): ProbeFailureReason | 'cancelled' {
  if (error instanceof WrongServer) return 'wrong-server'
  if (error instanceof NoAccessToken) return 'unauthorized'
  if (error instanceof Blocked) return 'blocked'
  if (!isPlexError(error)) return 'error'
  switch (error.kind) {
    case 'Timeout':
      return 'timeout'
    case 'NetworkError':
      return 'refused'
    case 'Unauthorized':
      return 'unauthorized'
    case 'Aborted':
      return 'cancelled'
    default:
      return 'error'
  }
}

async function probe(pms: PmsApi, resource: Resource, connection: Connection, clock: Clock, timeoutMs: number, signal: AbortSignal, queue: ProbeQueue): Promise<ProbeOutcome> {
  const release = await queue.acquire(connection.uri, signal)
  if (release === null) return { ok: 'cancelled' }
  // Timed from here, when it is sent: the wait for a slot is not the connection's latency.
  const startedAt = clock.now()
  try {
    await withDeadline(clock, timeoutMs, signal, async (s) => {
      const identity = await pms.identity(connection.uri, { signal: s, timeoutMs })
      if (identity.machineIdentifier !== resource.clientIdentifier) throw new WrongServer()
      // A resource without accessToken cannot be used on a PMS: the account token 401s there (§13.5).
      if (resource.accessToken === null || resource.accessToken === '') throw new NoAccessToken()
      await pms.root(connection.uri, resource.accessToken, { signal: s, timeoutMs }).catch((e: unknown) => {
        throw isPlexError(e) && e.kind === 'NetworkError' ? new Blocked() : e
      })
    })
    return { ok: true, latencyMs: clock.now() - startedAt }
  } catch (error) {
    if (signal.aborted) return { ok: 'cancelled' }
    const reason = failureReason(error)
    // The client gave up by itself without our asking: count it as a plain failure.
    return reason === 'cancelled' ? { ok: false, reason: 'error' } : { ok: false, reason }
  } finally {
    release()
  }
}

// ─── The race for one server ────────────────────────────────────────────────────────────────────────

interface ProbeSlot {
  index: number
  connection: Connection
  kind: ConnectionKind
  secure: boolean
  status: 'held' | 'pending' | 'ok' | 'failed'
  latencyMs: number
  reason: ProbeFailureReason | null
}

export function raceConnections(resource: Resource, pms: PmsApi, clock: Clock, opts: RaceOptions = {}): ConnectionRace {
  const timeoutMs = opts.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
  const queue = opts.queue ?? new ProbeQueue()
  const controller = new AbortController()
  const slots: ProbeSlot[] = candidateConnections(resource).map((connection, index) => ({
    index,
    connection,
    kind: connectionKind(connection),
    secure: isSecure(connection),
    status: 'held',
    latencyMs: 0,
    reason: null,
  }))
  let finish: (r: ServerRaceResult | null) => void = () => undefined
  const result = new Promise<ServerRaceResult | null>((resolve) => (finish = resolve))
  let done = false

  const onOuterAbort = (): void => stop()
  const settle = (value: ServerRaceResult | null): void => {
    if (done) return
    done = true
    opts.signal?.removeEventListener('abort', onOuterAbort)
    // Aborting the race's signal cancels every probe still in flight and clears its deadline timer.
    controller.abort()
    finish(value)
  }
  const stop = (): void => settle(null)

  const launch = (slot: ProbeSlot): void => {
    slot.status = 'pending'
    void probe(pms, resource, slot.connection, clock, timeoutMs, controller.signal, queue).then((outcome) => {
      if (done || outcome.ok === 'cancelled') return
      if (outcome.ok) {
        slot.status = 'ok'
        slot.latencyMs = outcome.latencyMs
      } else {
        slot.status = 'failed'
        slot.reason = outcome.reason
      }
      step()
    })
  }

  const step = (): void => {
    const direct = slots.filter((s) => s.kind !== 'relay')
    const relays = slots.filter((s) => s.kind === 'relay')
    // Relay tier: only once every direct candidate has failed (or there was none).
    if (direct.every((s) => s.status === 'failed') && relays.some((s) => s.status === 'held')) {
      for (const s of relays) if (s.status === 'held') launch(s)
    }
    const winners = slots.filter((s) => s.status === 'ok')
    const pending = slots.filter((s) => s.status === 'pending')
    if (winners.length > 0) {
      const best = winners.map(reachable).sort(compareReachable)[0]!
      const bestTier = connectionTier(best.kind, best.secure)
      if (pending.every((s) => connectionTier(s.kind, s.secure) >= bestTier)) settle(resultOf(best))
      return
    }
    if (pending.length === 0) settle(resultOf(null))
  }

  const reachable = (s: ProbeSlot): ReachableConnection => ({ connection: s.connection, latencyMs: s.latencyMs, kind: s.kind, secure: s.secure })

  const resultOf = (best: ReachableConnection | null): ServerRaceResult => ({
    resource,
    best,
    failures: slots.filter((s) => s.status === 'failed').map((s) => ({ uri: s.connection.uri, reason: s.reason ?? 'error' })),
    onlyRelay: best !== null && best.kind === 'relay',
    unavailable: best !== null ? null : !resource.presence ? 'offline' : slots.length === 0 ? 'no-connections' : 'unreachable',
  })

  if (opts.signal?.aborted) {
    settle(null)
  } else {
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true })
    for (const s of slots) if (s.kind !== 'relay') launch(s)
    step()
  }
  return { result, stop }
}

// ─── All servers ────────────────────────────────────────────────────────────────────────────────────

/** Resources that are servers (`provides` includes "server", plex-api.md §7.1). */
export function serverResources(resources: readonly Resource[]): Resource[] {
  return resources.filter((r) => r.provides.includes('server'))
}

export type ServerRow = { resource: Resource; status: 'probing' } | { resource: Resource; status: 'settled'; result: ServerRaceResult }

export type ServerListState =
  | { kind: 'idle' }
  /** Rows fill in as each server's race settles; `rows` is always sorted with `compareServerRows`. */
  | { kind: 'racing'; rows: ServerRow[] }
  | { kind: 'done'; rows: ServerRow[] }

export type ServerListEvent = { type: 'start'; resources: readonly Resource[] } | { type: 'settled'; result: ServerRaceResult } | { type: 'stop' }

function rowReachability(row: ServerRow): number {
  if (row.status === 'probing') return 1
  return row.result.best !== null ? 0 : 2
}

const nameCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

/**
 * List order: reachable, then still probing, then unreachable (offline ones included, with their reason);
 * inside each group owned before shared, then by name (locale-aware), then clientIdentifier for stability.
 */
export function compareServerRows(a: ServerRow, b: ServerRow): number {
  return (
    rowReachability(a) - rowReachability(b) ||
    Number(b.resource.owned) - Number(a.resource.owned) ||
    nameCollator.compare(a.resource.name, b.resource.name) ||
    (a.resource.clientIdentifier < b.resource.clientIdentifier ? -1 : a.resource.clientIdentifier > b.resource.clientIdentifier ? 1 : 0)
  )
}

export function reduceServerList(state: ServerListState, event: ServerListEvent): ServerListState {
  switch (event.type) {
    case 'start': {
      const rows: ServerRow[] = serverResources(event.resources).map((resource) => ({ resource, status: 'probing' }))
      rows.sort(compareServerRows)
      return rows.length === 0 ? { kind: 'done', rows } : { kind: 'racing', rows }
    }
    case 'settled': {
      if (state.kind !== 'racing') return state
      const id = event.result.resource.clientIdentifier
      let changed = false
      const rows = state.rows.map((row): ServerRow => {
        if (row.status !== 'probing' || row.resource.clientIdentifier !== id) return row
        changed = true
        return { resource: row.resource, status: 'settled', result: event.result }
      })
      if (!changed) return state
      rows.sort(compareServerRows)
      return rows.every((r) => r.status === 'settled') ? { kind: 'done', rows } : { kind: 'racing', rows }
    }
    case 'stop':
      return { kind: 'idle' }
  }
}
