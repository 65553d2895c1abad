/**
 * Claiming a local, unclaimed Plex Media Server (plex-api.md §10, §11) — e.g. a Raspberry Pi running its
 * own server next to the TV app. A reducer on the kernel's runner:
 *
 *  probe: GET {localUri}/identity (no token). `claimed: false` → `claimable`; `claimed: true` →
 *         `alreadyClaimed`; no answer → `absent` (nothing to offer, not an error to show loudly).
 *  claim: GET plex.tv /api/claim/token.json with the user token → "claim-…" (valid ~4 minutes, so it is
 *         fetched right before use and never kept), then POST {localUri}/myplex/claim?token=claim-… →
 *         `claimed`. The caller refreshes the server list afterwards.
 *  Failures → `claimFailed` with the step and a fault; `claim()` again retries from the token (paced by
 *  the runner: at most one request a second whatever is pressed).
 */
import type { PlexTvApi, PmsApi } from '../../plex/api.js'
import { defaultConfig } from '../../platform/config.js'
import type { Fault } from '../kernel/faults.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { FlowDefinition } from '../kernel/runner.js'

export const DEFAULT_CLAIM_TIMEOUT_MS = 10_000

export type ClaimStep = 'token' | 'claim'

export type ClaimState =
  | { kind: 'idle' }
  | { kind: 'probing'; uri: string }
  /** Nothing answered at the address (or not a PMS). */
  | { kind: 'absent'; uri: string; error: Fault }
  | { kind: 'alreadyClaimed'; uri: string; machineIdentifier: string }
  | { kind: 'claimable'; uri: string; machineIdentifier: string; version: string }
  | { kind: 'claiming'; uri: string; machineIdentifier: string; step: ClaimStep }
  | { kind: 'claimed'; uri: string; machineIdentifier: string }
  | { kind: 'claimFailed'; uri: string; machineIdentifier: string; step: ClaimStep; error: Fault }

export type ClaimCall = { call: 'identity'; uri: string } | { call: 'getClaimToken' } | { call: 'claim'; uri: string; claimToken: string }

export interface ClaimModel {
  state: ClaimState
  seq: number
  inFlight: { seq: number; call: ClaimCall } | null
}

export type ClaimEvent =
  | { type: 'probe'; uri: string }
  | { type: 'claim' }
  | { type: 'identity'; seq: number; machineIdentifier: string; claimed: boolean; version: string }
  | { type: 'claimToken'; seq: number; claimToken: string }
  | { type: 'claimDone'; seq: number }
  | { type: 'failed'; seq: number; fault: Fault }
  /** What an earlier look at the address found, shown again without looking (see `ClaimSession.resume`). */
  | { type: 'kept'; state: KeptClaim }

/** The answers of a finished look at the local address: what may be shown again without asking again. */
export type KeptClaim = Extract<ClaimState, { kind: 'absent' | 'alreadyClaimed' | 'claimable' }>

/** A look that has finished (a claim just made is not kept: its server is looked at again). */
export function keptClaim(state: ClaimState): KeptClaim | null {
  return state.kind === 'absent' || state.kind === 'alreadyClaimed' || state.kind === 'claimable' ? state : null
}

export function reduceClaim(m: ClaimModel, e: ClaimEvent): ClaimModel {
  const s = m.state
  const answers = 'seq' in e && m.inFlight?.seq === e.seq
  switch (e.type) {
    case 'probe':
      return send({ ...m, state: { kind: 'probing', uri: e.uri } }, { call: 'identity', uri: e.uri })
    case 'kept':
      return s.kind === 'idle' ? { ...m, state: e.state } : m
    case 'claim':
      if ((s.kind !== 'claimable' && s.kind !== 'claimFailed') || m.inFlight !== null) return m
      return send({ ...m, state: { kind: 'claiming', uri: s.uri, machineIdentifier: s.machineIdentifier, step: 'token' } }, { call: 'getClaimToken' })
    case 'identity': {
      if (!answers || s.kind !== 'probing') return m
      const { uri } = s
      const { machineIdentifier } = e
      return { ...m, inFlight: null, state: e.claimed ? { kind: 'alreadyClaimed', uri, machineIdentifier } : { kind: 'claimable', uri, machineIdentifier, version: e.version } }
    }
    case 'claimToken':
      if (!answers || s.kind !== 'claiming') return m
      return send({ ...m, state: { ...s, step: 'claim' } }, { call: 'claim', uri: s.uri, claimToken: e.claimToken })
    case 'claimDone':
      if (!answers || s.kind !== 'claiming') return m
      return { ...m, inFlight: null, state: { kind: 'claimed', uri: s.uri, machineIdentifier: s.machineIdentifier } }
    case 'failed': {
      if (!answers || e.fault.kind === 'aborted') return m
      const done: ClaimModel = { ...m, inFlight: null }
      if (s.kind === 'probing') return { ...done, state: { kind: 'absent', uri: s.uri, error: e.fault } }
      if (s.kind === 'claiming') return { ...done, state: { kind: 'claimFailed', uri: s.uri, machineIdentifier: s.machineIdentifier, step: s.step, error: e.fault } }
      return done
    }
  }
}

function send(m: ClaimModel, call: ClaimCall): ClaimModel {
  const seq = m.seq + 1
  return { ...m, seq, inFlight: { seq, call } }
}

function claimFlow(client: PlexTvApi, pms: PmsApi, userToken: string, timeoutMs: number): FlowDefinition<ClaimModel, ClaimEvent, ClaimCall> {
  return {
    reduce: reduceClaim,
    request: (m) => m.inFlight,
    describe: (c) => (c.call === 'getClaimToken' ? { call: c.call } : { call: c.call, uri: c.uri }),
    perform: async ({ seq, call }, signal, pace) => {
      const opts = { signal, timeoutMs, pace }
      switch (call.call) {
        case 'identity': {
          const id = await pms.identity(call.uri, opts)
          return () => ({ type: 'identity', seq, machineIdentifier: id.machineIdentifier, claimed: id.claimed, version: id.version })
        }
        case 'getClaimToken': {
          const claimToken = await client.getClaimToken(userToken, opts)
          return () => ({ type: 'claimToken', seq, claimToken })
        }
        case 'claim':
          await pms.claim(call.uri, call.claimToken, opts)
          return () => ({ type: 'claimDone', seq })
      }
    },
    failed: (seq, fault) => ({ type: 'failed', seq, fault }),
  }
}

export interface ClaimOptions extends FlowOptions {
  client: PlexTvApi
  pms: PmsApi
  userToken: string
  /** The local server's address; settings' `localServerUrl`. */
  localUri?: string
  timeoutMs?: number
}

export type ClaimListener = (state: ClaimState) => void

const IDLE: ClaimModel = { state: { kind: 'idle' }, seq: 0, inFlight: null }

export class ClaimSession {
  private readonly host: FlowHost<ClaimModel, ClaimEvent, ClaimCall>
  readonly uri: string

  constructor(options: ClaimOptions) {
    this.uri = options.localUri ?? defaultConfig.localServerUrl
    const timeoutMs = options.timeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS
    this.host = new FlowHost(claimFlow(options.client, options.pms, options.userToken, timeoutMs), runnerDeps(options, timeoutMs), IDLE)
  }

  get state(): ClaimState {
    return this.host.model.state
  }

  subscribe(listener: ClaimListener): () => void {
    return this.host.watch((m) => m.state, listener)
  }

  /** Looks at the local address (again). */
  probe(): void {
    this.host.start(IDLE, { type: 'probe', uri: this.uri })
  }

  /** Shows what an earlier look at this address found, without looking again; else looks. */
  resume(kept: KeptClaim | null): void {
    if (kept === null || kept.uri !== this.uri) this.probe()
    else this.host.start(IDLE, { type: 'kept', state: kept })
  }

  /** From `claimable` (or `claimFailed`, to retry): claim token, then the claim itself. */
  claim(): void {
    this.host.dispatch({ type: 'claim' })
  }

  /** Cancels the request in flight; back to idle. */
  stop(): void {
    this.host.stop()
  }
}
