/**
 * The launch decision when a token is stored: check it with GET /api/v2/user (plex-api.md §6).
 *  - 200 → `signedIn(account)`;
 *  - 401 → the token is dead: forget it (and the selections made with it) and go to linking;
 *  - no answer, 5xx, 429, timeout, malformed answer → unknown: KEEP the token, show `offline`, retry with
 *    backoff (Retry-After on 429). A good token is never thrown away because plex.tv was down.
 * Plus `signOut(store)`: forget the account, keep the per-install client identifier.
 */
import type { PlexTvApi, RequestOptions } from '../plex/api.js'
import type { PlexAccount } from '../plex/types.js'
import type { KeyValueStore } from '../platform/storage.js'
import { FAULT_BACKOFF, POLL_INTERVAL_MS, nextBackoffDelay, rateLimitDelay, type BackoffOptions } from './backoff.js'
import type { Clock } from './clock.js'
import { classifyError, type LinkFault } from './faults.js'
import { ACCOUNT_KEYS, storageKeys } from './storageKeys.js'

// ─── One check ──────────────────────────────────────────────────────────────────────────────────────

export type TokenCheck =
  | { kind: 'valid'; account: PlexAccount }
  /** 401 (or 422 "Invalid token"): throw the token away. */
  | { kind: 'invalid' }
  /** No verdict: keep the token and ask again later. */
  | { kind: 'unknown'; fault: LinkFault; status: number | null; retryAfterMs: number | null }
  /** Cancelled by the caller. */
  | { kind: 'aborted' }

/** Never rejects: every outcome of GET /api/v2/user is one of the four verdicts. */
export async function validateStoredToken(client: PlexTvApi, token: string, opts: RequestOptions = {}): Promise<TokenCheck> {
  try {
    return { kind: 'valid', account: await client.getUser(token, opts) }
  } catch (error) {
    const c = classifyError(error, 'getUser')
    switch (c.type) {
      case 'aborted':
        return { kind: 'aborted' }
      case 'unauthorized':
        return { kind: 'invalid' }
      case 'expired':
        // classifyError never says "expired" for /user; kept for exhaustiveness.
        return { kind: 'unknown', fault: 'server', status: 404, retryAfterMs: null }
      case 'fault':
        return { kind: 'unknown', fault: c.fault, status: c.status, retryAfterMs: c.retryAfterMs }
    }
  }
}

// ─── Sign out ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Forgets the token and everything chosen with it (Home user, server, pending pins). The client identifier
 * stays: a new one would show up as yet another Authorized Device (plex-api.md §1, §13.4).
 */
export function signOut(store: KeyValueStore): void {
  for (const key of ACCOUNT_KEYS) store.remove(key)
}

// ─── The startup machine ────────────────────────────────────────────────────────────────────────────

export type StartupState =
  | { kind: 'stopped' }
  /** Asking plex.tv about the stored token. `attempt` = failed checks so far. */
  | { kind: 'checking'; attempt: number }
  | { kind: 'signedIn'; token: string; account: PlexAccount }
  /** Go to the link-code screen: there was no token, or plex.tv refused it (then it is already forgotten). */
  | { kind: 'needsLink'; reason: 'noToken' | 'tokenRejected' }
  /** plex.tv could not say; the token is kept and checked again at `retryAt` (or at once with retryNow). */
  | { kind: 'offline'; fault: LinkFault; status: number | null; retryAt: number; attempt: number }

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
  | { type: 'stop' }
  | { type: 'retryNow'; at: number }
  | { type: 'timer'; at: number }
  | { type: 'checked'; seq: number; at: number; result: TokenCheck; random: number }

export function initialStartupModel(): StartupModel {
  return { state: { kind: 'stopped' }, token: null, seq: 0, inFlight: null, nextAt: null, faultCount: 0, rateLimitedUntil: 0 }
}

export function reduceStartup(m: StartupModel, e: StartupEvent, backoff: BackoffOptions = FAULT_BACKOFF): StartupModel {
  switch (e.type) {
    case 'start': {
      if (m.state.kind !== 'stopped') return m
      const fresh: StartupModel = { ...initialStartupModel(), seq: m.seq }
      if (e.token === null || e.token === '') return { ...fresh, state: { kind: 'needsLink', reason: 'noToken' } }
      return beginCheck({ ...fresh, token: e.token, nextAt: e.at }, e.at)
    }
    case 'stop':
      return m.state.kind === 'stopped' && m.inFlight === null ? m : { ...initialStartupModel(), seq: m.seq }
    case 'timer':
      return beginCheck(m, e.at)
    case 'retryNow':
      if (m.state.kind !== 'offline' || m.inFlight !== null) return m
      return beginCheck({ ...m, nextAt: Math.max(e.at, m.rateLimitedUntil) }, e.at)
    case 'checked': {
      if (m.inFlight !== e.seq || m.token === null) return m
      const base: StartupModel = { ...m, inFlight: null }
      const r = e.result
      switch (r.kind) {
        case 'valid':
          return { ...base, faultCount: 0, nextAt: null, state: { kind: 'signedIn', token: m.token, account: r.account } }
        case 'invalid':
          return { ...base, token: null, faultCount: 0, nextAt: null, state: { kind: 'needsLink', reason: 'tokenRejected' } }
        case 'aborted':
          // Not ours (stop() clears inFlight first): the client gave up by itself; ask again shortly, quietly.
          return { ...base, nextAt: e.at + POLL_INTERVAL_MS }
        case 'unknown': {
          const attempt = m.faultCount
          const random = () => e.random
          const limited = r.fault === 'rateLimited'
          const delay = limited ? rateLimitDelay(r.retryAfterMs, attempt, random, backoff) : nextBackoffDelay(attempt, random, backoff)
          const retryAt = e.at + delay
          return {
            ...base,
            faultCount: attempt + 1,
            nextAt: retryAt,
            rateLimitedUntil: limited ? retryAt : m.rateLimitedUntil,
            state: { kind: 'offline', fault: r.fault, status: r.status, retryAt, attempt: attempt + 1 },
          }
        }
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

export interface StartupSessionOptions {
  client: PlexTvApi
  clock: Clock
  store: KeyValueStore
  random?: () => number
  backoff?: BackoffOptions
}

export type StartupListener = (state: StartupState) => void

/**
 * Runs the startup machine: reads the stored token, checks it, retries while plex.tv cannot say, forgets
 * it only on 401. Owns one timer and one request; `stop()` clears and aborts both.
 */
export class StartupSession {
  private model: StartupModel = initialStartupModel()
  private timer: unknown = null
  private request: { seq: number; controller: AbortController } | null = null
  private readonly listeners = new Set<StartupListener>()
  private readonly random: () => number
  private readonly backoff: BackoffOptions

  constructor(private readonly options: StartupSessionOptions) {
    this.random = options.random ?? Math.random
    this.backoff = options.backoff ?? FAULT_BACKOFF
  }

  get state(): StartupState {
    return this.model.state
  }

  start(): void {
    const { store, clock } = this.options
    this.dispatch({ type: 'start', at: clock.now(), token: store.get(storageKeys.authToken) })
  }

  stop(): void {
    this.dispatch({ type: 'stop' })
  }

  /** OK on `offline`: check again at once (a Retry-After still holds). */
  retryNow(): void {
    this.dispatch({ type: 'retryNow', at: this.options.clock.now() })
  }

  subscribe(listener: StartupListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private dispatch(event: StartupEvent): void {
    const prev = this.model
    const next = reduceStartup(prev, event, this.backoff)
    this.model = next
    this.syncRequest(next)
    this.syncTimer(next)
    if (next === prev) return
    if (prev.token !== null && next.token === null && next.state.kind === 'needsLink') {
      // 401: the token and what was chosen with it are dead; the client identifier stays.
      signOut(this.options.store)
    }
    if (next.state !== prev.state) for (const listener of [...this.listeners]) listener(next.state)
  }

  private syncRequest(m: StartupModel): void {
    if (this.request && this.request.seq !== m.inFlight) {
      const { controller } = this.request
      this.request = null
      controller.abort()
    }
    if (m.inFlight === null || this.request !== null || m.token === null) return
    const seq = m.inFlight
    const controller = new AbortController()
    this.request = { seq, controller }
    const { client, clock } = this.options
    void validateStoredToken(client, m.token, { signal: controller.signal }).then((result) => {
      if (this.request?.seq === seq) this.request = null
      if (this.model.inFlight !== seq) return
      this.dispatch({ type: 'checked', seq, at: clock.now(), result, random: result.kind === 'unknown' ? this.random() : 0 })
    })
  }

  private syncTimer(m: StartupModel): void {
    const { clock } = this.options
    if (this.timer !== null) clock.clearTimeout(this.timer)
    this.timer = null
    if (m.inFlight !== null || m.nextAt === null) return
    this.timer = clock.setTimeout(() => {
      this.timer = null
      this.dispatch({ type: 'timer', at: clock.now() })
    }, Math.max(0, m.nextAt - clock.now()))
  }
}
