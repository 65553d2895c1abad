/**
 * Diagnostics for "linking does not work": is plex.tv reachable and how fast, is it healthy, and is this
 * TV's clock right (a wrong clock breaks TLS on set-top boxes and makes codes look expired). A reducer on
 * the kernel's runner, so a probe is paced like every other pins request (≤ 1 a second, nothing during a
 * 429's hold, nothing while hidden) and presses of "Check again" while one runs are one probe.
 *
 * The probe reuses the code the link screen shows: GET /api/v2/pins/{id} of the newest stored pin. Only
 * when there is none does it create one (POST /api/v2/pins, what a code needs) — and stores it as the
 * pending pin, so the link screen shows that very code afterwards: no press ever wastes a pin.
 * plex.tv's clock: for a polled pin `expiresAt − expiresIn`, for a new one its `createdAt` (the `Date`
 * header is hidden from a browser by CORS, plex-api.md §0), compared with the middle of the round trip.
 */
import type { PlexTvApi } from '../../plex/api.js'
import type { Pin } from '../../plex/types.js'
import type { KeyValueStore } from '../../platform/storage.js'
import type { Fault } from '../kernel/faults.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { FlowDefinition } from '../kernel/runner.js'
import { forgetPendingPins, loadPendingPins, savePendingPins } from '../link/pendingPins.js'

/** TLS and the pin countdown cope with a little drift; beyond this the clock is worth fixing. */
export const CLOCK_TOLERANCE_MS = 2 * 60_000

export type Reach =
  | { kind: 'ok'; rttMs: number }
  /** plex.tv answered with a 5xx or 429: reachable, but in trouble. */
  | { kind: 'trouble'; status: number; rttMs: number }
  | { kind: 'unreachable'; fault: 'network' | 'timeout' | 'other' }

export interface DiagnosticsResult {
  reach: Reach
  /** plex.tv's clock minus this TV's, ms; null when it could not be compared. */
  clockSkewMs: number | null
}

export type DiagnosticsState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: DiagnosticsResult }

export function clockIsWrong(skewMs: number | null): boolean {
  return skewMs !== null && Math.abs(skewMs) > CLOCK_TOLERANCE_MS
}

export type ProbeCall = { call: 'getPin'; pinId: number } | { call: 'createPin' }

export interface DiagnosticsModel {
  state: DiagnosticsState
  seq: number
  inFlight: { seq: number; call: ProbeCall } | null
}

export type DiagnosticsEvent =
  | { type: 'run'; pinId: number | null }
  | { type: 'answered'; seq: number; rttMs: number; clockSkewMs: number | null }
  | { type: 'failed'; seq: number; fault: Fault; rttMs: number }

export function reduceDiagnostics(m: DiagnosticsModel, e: DiagnosticsEvent): DiagnosticsModel {
  switch (e.type) {
    case 'run': {
      if (m.inFlight !== null) return m
      const seq = m.seq + 1
      return { state: { kind: 'running' }, seq, inFlight: { seq, call: e.pinId === null ? { call: 'createPin' } : { call: 'getPin', pinId: e.pinId } } }
    }
    case 'answered':
      if (m.inFlight?.seq !== e.seq) return m
      return { ...m, inFlight: null, state: { kind: 'done', result: { reach: { kind: 'ok', rttMs: e.rttMs }, clockSkewMs: e.clockSkewMs } } }
    case 'failed': {
      if (m.inFlight?.seq !== e.seq || e.fault.kind === 'aborted') return m
      return { ...m, inFlight: null, state: { kind: 'done', result: { reach: reachOf(e.fault, e.rttMs), clockSkewMs: null } } }
    }
  }
}

function reachOf(fault: Fault, rttMs: number): Reach {
  switch (fault.kind) {
    case 'network':
    case 'timeout':
      return { kind: 'unreachable', fault: fault.kind }
    case 'expired':
      // the stored code ran out: plex.tv answered, which is all reachability asks
      return { kind: 'ok', rttMs }
    default:
      return fault.status !== null && (fault.status >= 500 || fault.status === 429) ? { kind: 'trouble', status: fault.status, rttMs } : { kind: 'unreachable', fault: 'other' }
  }
}

export interface DiagnosticsOptions extends FlowOptions {
  client: PlexTvApi
  store: KeyValueStore
  timeoutMs: number
}

const IDLE: DiagnosticsModel = { state: { kind: 'idle' }, seq: 0, inFlight: null }

export class DiagnosticsSession {
  private readonly host: FlowHost<DiagnosticsModel, DiagnosticsEvent, ProbeCall>

  constructor(private readonly options: DiagnosticsOptions) {
    const { client, clock, store, timeoutMs } = options
    let sentAt = 0
    const flow: FlowDefinition<DiagnosticsModel, DiagnosticsEvent, ProbeCall> = {
      reduce: reduceDiagnostics,
      request: (m) => m.inFlight,
      describe: (c) => ({ call: c.call }),
      perform: async ({ seq, call }, signal, pace) => {
        sentAt = clock.now()
        const pin: Pin = call.call === 'getPin' ? await client.getPin(call.pinId, { signal, timeoutMs, pace }) : await client.createPin({ signal, timeoutMs, pace })
        const plexNow = call.call === 'getPin' ? Date.parse(pin.expiresAt) - pin.expiresIn * 1000 : Date.parse(pin.createdAt)
        if (call.call === 'createPin') this.keep(pin)
        return (at) => ({ type: 'answered', seq, rttMs: at - sentAt, clockSkewMs: Number.isFinite(plexNow) ? plexNow - (sentAt + at) / 2 : null })
      },
      failed: (seq, fault, at) => {
        if (fault.kind === 'expired') forgetPendingPins(store)
        return { type: 'failed', seq, fault, rttMs: at - sentAt }
      },
    }
    this.host = new FlowHost(flow, runnerDeps(options, timeoutMs), IDLE)
  }

  get state(): DiagnosticsState {
    return this.host.model.state
  }

  subscribe(listener: (s: DiagnosticsState) => void): () => void {
    return this.host.watch((m) => m.state, listener)
  }

  /** Measures plex.tv (again). A press while a probe is waiting or running is that same probe. */
  run(): void {
    const { store, clock, client } = this.options
    const newest = loadPendingPins(store, clock.now(), client.identity.clientIdentifier).at(-1)
    const run: DiagnosticsEvent = { type: 'run', pinId: newest?.id ?? null }
    if (this.host.running) this.host.dispatch(run)
    else this.host.start(IDLE, run)
  }

  stop(): void {
    this.host.stop()
  }

  /** The code made for the probe becomes the code the link screen shows next. */
  private keep(pin: Pin): void {
    const { store, clock } = this.options
    const lifetimeMs = Math.max(0, pin.expiresIn) * 1000
    if (lifetimeMs > 0)
      savePendingPins(store, [{ id: pin.id, code: pin.code, qr: pin.qr, clientIdentifier: pin.clientIdentifier, expiresAt: clock.now() + lifetimeMs, lifetimeMs }])
  }
}
