/**
 * The launch decision when a token is stored: check it with GET /api/v2/user (plex-api.md §6).
 *  - 200 → `signedIn(account)`;
 *  - 401 → the token is dead: forget it (and the selections made with it) and go to linking;
 *  - no answer, 5xx, 429, timeout, malformed answer → unknown: KEEP the token, show `offline`, retry with
 *    the kernel's backoff (Retry-After or ≥ 5 s on 429). A good token is never thrown away because plex.tv
 *    was down. Like every flow it runs on the kernel's runner: paced, and silent while the page is hidden.
 * Plus `signOut(store)`: forget the account, keep the per-install client identifier.
 */
import type { PlexTvApi } from '../../plex/api.js'
import type { PlexAccount } from '../../plex/types.js'
import type { KeyValueStore } from '../../platform/storage.js'
import { ACCOUNT_KEYS, storageKeys } from '../../platform/storageKeys.js'
import { isTransient, type Fault, type TransientKind } from '../kernel/faults.js'
import { FAULT_RETRY, faultDelay, type RetryPolicy } from '../kernel/policy.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { FlowDefinition } from '../kernel/runner.js'

/**
 * Forgets the token and everything chosen with it (Home user, server, pending pins, PIN attempts). The
 * client identifier stays: a new one would show up as yet another Authorized Device (plex-api.md §1, §13.4).
 */
export function signOut(store: KeyValueStore): void {
  for (const key of ACCOUNT_KEYS) store.remove(key)
}

/** Whether startup has a token to check; without one it goes straight to linking (and so does the head start). */
export function hasStoredToken(store: KeyValueStore): boolean {
  const token = store.get(storageKeys.authToken)
  return token !== null && token !== ''
}

export type StartupState =
  | { kind: 'stopped' }
  /** Asking plex.tv about the stored token. `attempt` = failed checks so far. */
  | { kind: 'checking'; attempt: number }
  | { kind: 'signedIn'; token: string; account: PlexAccount }
  /** Go to the link-code screen: there was no token, or plex.tv refused it (then it is already forgotten). */
  | { kind: 'needsLink'; reason: 'noToken' | 'tokenRejected' }
  /** plex.tv could not say; the token is kept and checked again at `retryAt` (or at once with retryNow). */
  | { kind: 'offline'; fault: TransientKind; status: number | null; retryAt: number; attempt: number }

export interface StartupModel {
  state: StartupState
  token: string | null
  seq: number
  /** seq of the check in flight, null when none. */
  inFlight: number | null
  nextAt: number | null
  faultCount: number
  rateLimitedUntil: number
}

export type StartupEvent =
  | { type: 'start'; at: number; token: string | null }
  | { type: 'retryNow'; at: number }
  | { type: 'timer'; at: number }
  | { type: 'checked'; seq: number; at: number; account: PlexAccount }
  | { type: 'failed'; seq: number; at: number; fault: Fault; random: number }

export function initialStartupModel(): StartupModel {
  return { state: { kind: 'stopped' }, token: null, seq: 0, inFlight: null, nextAt: null, faultCount: 0, rateLimitedUntil: 0 }
}

export function reduceStartup(m: StartupModel, e: StartupEvent, policy: RetryPolicy = FAULT_RETRY): StartupModel {
  switch (e.type) {
    case 'start': {
      if (m.state.kind !== 'stopped') return m
      const fresh: StartupModel = { ...initialStartupModel(), seq: m.seq }
      if (e.token === null || e.token === '') return { ...fresh, state: { kind: 'needsLink', reason: 'noToken' } }
      return beginCheck({ ...fresh, token: e.token, nextAt: e.at }, e.at)
    }
    case 'timer':
      return beginCheck(m, e.at)
    case 'retryNow':
      if (m.state.kind !== 'offline' || m.inFlight !== null) return m
      return beginCheck({ ...m, nextAt: Math.max(e.at, m.rateLimitedUntil) }, e.at)
    case 'checked':
      if (m.inFlight !== e.seq || m.token === null) return m
      return { ...m, inFlight: null, faultCount: 0, nextAt: null, state: { kind: 'signedIn', token: m.token, account: e.account } }
    case 'failed': {
      if (m.inFlight !== e.seq || m.token === null) return m
      const base: StartupModel = { ...m, inFlight: null }
      const fault = e.fault
      if (fault.kind === 'unauthorized') return { ...base, token: null, faultCount: 0, nextAt: null, state: { kind: 'needsLink', reason: 'tokenRejected' } }
      // Not ours (the runner drops answers it aborted): the client gave up by itself; ask again quietly.
      if (!isTransient(fault.kind)) return { ...base, nextAt: e.at + FAULT_RETRY.minMs }
      const attempt = m.faultCount
      const retryAt = e.at + faultDelay(fault, attempt, e.random, policy)
      return {
        ...base,
        faultCount: attempt + 1,
        nextAt: retryAt,
        rateLimitedUntil: fault.kind === 'rateLimited' ? retryAt : m.rateLimitedUntil,
        state: { kind: 'offline', fault: fault.kind, status: fault.status, retryAt, attempt: attempt + 1 },
      }
    }
  }
}

function beginCheck(m: StartupModel, at: number): StartupModel {
  const waiting = m.state.kind === 'stopped' || m.state.kind === 'checking' || m.state.kind === 'offline'
  if (!waiting || m.token === null || m.inFlight !== null || m.nextAt === null || m.nextAt > at) return m
  const seq = m.seq + 1
  // An offline state stays on screen during the retry, so "retrying…" does not flicker to "checking".
  const state: StartupState = m.state.kind === 'offline' ? m.state : { kind: 'checking', attempt: m.faultCount }
  return { ...m, seq, inFlight: seq, nextAt: null, state }
}

function startupFlow(client: PlexTvApi, policy: RetryPolicy | undefined): FlowDefinition<StartupModel, StartupEvent, string> {
  return {
    reduce: (m, e) => reduceStartup(m, e, policy),
    request: (m) => (m.inFlight === null || m.token === null ? null : { seq: m.inFlight, call: m.token }),
    wakeAt: (m) => (m.inFlight === null ? m.nextAt : null),
    describe: () => ({ call: 'getUser' }),
    perform: async ({ seq, call: token }, signal, pace) => {
      const account = await client.getUser(token, { signal, pace })
      return (at) => ({ type: 'checked', seq, at, account })
    },
    failed: (seq, fault, at, random) => ({ type: 'failed', seq, at, fault, random }),
    timer: (at) => ({ type: 'timer', at }),
  }
}

export interface StartupSessionOptions extends FlowOptions {
  client: PlexTvApi
  store: KeyValueStore
  policy?: RetryPolicy
}

export type StartupListener = (state: StartupState) => void

/**
 * Runs the startup reducer: reads the stored token, checks it, retries while plex.tv cannot say, forgets
 * it only on 401. `stop()` ends its timer and request.
 */
export class StartupSession {
  private readonly host: FlowHost<StartupModel, StartupEvent, string>

  constructor(private readonly options: StartupSessionOptions) {
    this.host = new FlowHost(startupFlow(options.client, options.policy), runnerDeps(options), initialStartupModel())
    this.host.watch(
      (m) => m.token,
      (token, before) => {
        // 401: the token and what was chosen with it are dead; the client identifier stays.
        if (before !== null && token === null && this.host.running) signOut(options.store)
      },
    )
  }

  get state(): StartupState {
    return this.host.model.state
  }

  start(): void {
    if (this.host.running) return
    this.host.start(initialStartupModel(), { type: 'start', at: this.host.now(), token: this.options.store.get(storageKeys.authToken) })
  }

  /** Ends the timer and the request. */
  stop(): void {
    this.host.stop()
  }

  /** OK on `offline`: check again in the next allowed slot (a Retry-After still holds). */
  retryNow(): void {
    this.host.dispatch({ type: 'retryNow', at: this.host.now() })
  }

  subscribe(listener: StartupListener): () => void {
    return this.host.watch((m) => m.state, listener)
  }
}
