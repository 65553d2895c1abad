/**
 * The link-code lifecycle: create a 4-character pin, show it, poll it until somebody links it at
 * plex.tv/link, renew it before it expires, wait out faults, and hand over the token.
 *
 * Three parts:
 *  - `LinkCodeState`, what the view renders (data only; the view chooses the words);
 *  - `reduceLinkCode`, a pure reducer over the full `LinkModel` (time and randomness arrive in events);
 *  - `LinkCodeSession`, the one effect runner: it owns the single timer, the single request in flight
 *    (with its AbortController) and the storage writes, and derives all of them from the model.
 *
 * Scheduling. There is exactly one queue of requests and at most one request in flight. Each answer
 * schedules the next request `tick` ms later (1 s normally). The requests take turns, round-robin, over:
 * every pin still alive (oldest first), then "create a pin" when a new code is due. So:
 *  - with one code: poll it every second;
 *  - about 60 s before the shown code expires: the next turn creates the next code, which is shown at
 *    once; the old code keeps being polled, alternating with the new one (old, new, old, …), until plex.tv
 *    answers 404/1020 for it. Each of the two is polled every 2 s, so a link on either is seen within
 *    ~2 s plus one round trip, and plex.tv never sees more than one request a second from us;
 *  - if creating the next code fails, that request backs off on its own (1, 2, 4 … 30 s) while the code on
 *    screen keeps being polled every second, so a person halfway through typing it is still noticed;
 *    the `error` state (with the code still shown) lasts until a create succeeds. A failing poll, and
 *    any 429, hold every request until the retry time instead.
 *
 * 429: wait Retry-After (or ≥ 5 s without one), and from then on poll every pin that was alive at that
 * moment at a doubled interval, at most 5 s (1 → 2 → 4 → 5 s), for the rest of that code's life. A code
 * created later starts at 1 s again, but the turn-taking uses the slowest interval of the pins in the
 * queue, so the pace only recovers once the slowed codes are gone.
 *
 * Unattended: after 4 codes in a row expire with nobody linking, everything stops (`idle`). To keep that
 * exact, the 4th code is not renewed: the 4th expiry is the last code, not a 5th code thrown away.
 */
import type { PlexTvApi, RequestOptions } from '../plex/api.js'
import type { Pin, PlexAccount } from '../plex/types.js'
import type { KeyValueStore } from '../platform/storage.js'
import {
  FAULT_BACKOFF,
  POLL_INTERVAL_MS,
  nextBackoffDelay,
  pollTickInterval,
  rateLimitDelay,
  slowerPollInterval,
  type BackoffOptions,
} from './backoff.js'
import type { Clock } from './clock.js'
import { classifyError, type CallKind, type ClassifiedError, type LinkFault } from './faults.js'
import { forgetPendingPins, loadPendingPins, savePendingPins, type StoredPin } from './pendingPins.js'
import { storageKeys } from './storageKeys.js'

/** Create the next code when the shown one has this long left. */
export const RENEW_BEFORE_MS = 60_000
/**
 * `expiresIn` is whole seconds, so our deadline can be up to a second early. A pin is polled until plex.tv
 * says 404; only when no answer comes (offline) is it dropped on our own clock, this long after its deadline.
 */
export const EXPIRY_GRACE_MS = 2_000
/** Codes that may expire in a row, nobody linking, before the kiosk stops asking plex.tv for more. */
export const MAX_UNATTENDED_CODES = 4

// ─── What the view renders ──────────────────────────────────────────────────────────────────────────

export interface ShownCode {
  pinId: number
  /** The 4 characters to type at plex.tv/link. */
  code: string
  /** plex.tv's QR image URL for this code (plex-api.md §5), when it sent one. */
  qr: string | null
  /** Clock time (see `LinkCodeSession.now()`) at which the code expires. */
  expiresAt: number
  /** The code's whole lifetime, for a countdown bar. */
  lifetimeMs: number
}

export interface FaultInfo {
  fault: LinkFault
  /** Which request is failing: creating a code, polling one, or fetching the account. */
  request: CallKind
  /** HTTP status for `server` (and 429 for `rateLimited`), else null. */
  status: number | null
  /** Clock time of the automatic retry ("retrying in 8 s"). */
  retryAt: number
  /** Consecutive failures so far, 1 for the first. */
  attempt: number
}

export type LinkCodeState =
  /** Not started, or left. */
  | { kind: 'stopped' }
  /** Asking plex.tv for a code; nothing to show yet. */
  | { kind: 'creating' }
  /** A code is shown and polled. `previousCode` is the code it replaced, still polled until it expires. */
  | { kind: 'waiting'; code: ShownCode; previousCode: ShownCode | null }
  /**
   * The last request failed; it is retried by itself at `retryAt` (or at once with `retryNow()`). A code
   * that is still valid stays on screen (`code`), since a person may be typing it.
   */
  | { kind: 'error'; fault: LinkFault; request: CallKind; status: number | null; retryAt: number; attempt: number; code: ShownCode | null }
  /** Stopped after `expiredCodes` codes expired in a row; `retryNow()` starts again. */
  | { kind: 'idle'; expiredCodes: number }
  /**
   * Somebody linked a code. `account` is null until GET /api/v2/user answers; `accountFault` is set while
   * that call is being retried (the token is kept meanwhile).
   */
  | { kind: 'linked'; token: string; account: PlexAccount | null; accountFault: FaultInfo | null }

/** Time left and the fraction of the lifetime left, for the countdown. */
export function countdownOf(code: ShownCode, now: number): { remainingMs: number; fraction: number } {
  const remainingMs = Math.max(0, code.expiresAt - now)
  const fraction = code.lifetimeMs > 0 ? Math.min(1, remainingMs / code.lifetimeMs) : 0
  return { remainingMs, fraction }
}

// ─── The model and the pure reducer ─────────────────────────────────────────────────────────────────

export interface TrackedPin extends StoredPin {
  /** This code's poll interval; slowed by a 429 for the rest of its life. */
  pollIntervalMs: number
  /**
   * Whether `expiresAt` was computed from an answer in this run. A pin resumed from storage is re-anchored
   * from the `expiresIn` of its first poll answer (the stored deadline relied on the wall clock).
   */
  anchored: boolean
}

export type LinkTask = { call: 'createPin' } | { call: 'getPin'; pinId: number } | { call: 'getUser'; token: string }

export interface LinkModel {
  phase: 'stopped' | 'active' | 'idle' | 'linked'
  visible: boolean
  /** Pins being polled, oldest first; the last one is the code shown. */
  pins: readonly TrackedPin[]
  /** Round-robin cursor: the key of the last task sent (`taskKey`). */
  lastTask: string | null
  /** When the next request may be sent (clock time); null while one is in flight or nothing is due. */
  nextAt: number | null
  inFlight: { seq: number; task: LinkTask } | null
  /** Sequence number of the last request sent; answers to anything else are stale and ignored. */
  seq: number
  fault: FaultInfo | null
  /** Consecutive failures: the backoff exponent. Reset by any answer. */
  faultCount: number
  /** No request before this clock time (Retry-After); retryNow and becoming visible respect it too. */
  rateLimitedUntil: number
  /**
   * No createPin before this clock time. Creating the next code backs off on its own while the codes
   * already shown keep being polled at the normal pace, so a failing renewal never hides a link.
   */
  createNotBefore: number
  expiredInARow: number
  token: string | null
  account: PlexAccount | null
}

export type LinkEvent =
  | { type: 'start'; at: number; resumed: readonly StoredPin[] }
  | { type: 'stop' }
  | { type: 'visibility'; visible: boolean; at: number }
  | { type: 'retryNow'; at: number }
  | { type: 'timer'; at: number }
  | { type: 'pinCreated'; seq: number; at: number; pin: Pin }
  | { type: 'pinPolled'; seq: number; at: number; pin: Pin }
  | { type: 'accountLoaded'; seq: number; at: number; account: PlexAccount }
  /** `random` is a draw in [0, 1) for the jitter, taken by the runner so the reducer stays pure. */
  | { type: 'failed'; seq: number; at: number; error: ClassifiedError; random: number }

export function initialLinkModel(): LinkModel {
  return {
    phase: 'stopped',
    visible: true,
    pins: [],
    lastTask: null,
    nextAt: null,
    inFlight: null,
    seq: 0,
    fault: null,
    faultCount: 0,
    rateLimitedUntil: 0,
    createNotBefore: 0,
    expiredInARow: 0,
    token: null,
    account: null,
  }
}

export function reduceLinkCode(m: LinkModel, e: LinkEvent, backoff: BackoffOptions = FAULT_BACKOFF): LinkModel {
  switch (e.type) {
    case 'start': {
      if (m.phase !== 'stopped') return m
      const fresh: LinkModel = {
        ...initialLinkModel(),
        visible: m.visible,
        seq: m.seq,
        phase: 'active',
        pins: e.resumed.map((p) => ({ ...p, pollIntervalMs: POLL_INTERVAL_MS, anchored: false })),
        nextAt: e.at,
      }
      return pump(fresh, e.at)
    }

    case 'stop':
      if (m.phase === 'stopped') return m
      return { ...initialLinkModel(), visible: m.visible, seq: m.seq }

    case 'visibility': {
      if (e.visible === m.visible) return m
      if (!e.visible) return { ...m, visible: false, inFlight: null }
      const shown: LinkModel = { ...m, visible: true }
      if (!isRunning(shown)) return shown
      // Coming back: ask at once (whatever was in flight was aborted on hiding), but honour a Retry-After.
      return pump({ ...shown, nextAt: Math.max(e.at, m.rateLimitedUntil) }, e.at)
    }

    case 'retryNow': {
      if (m.phase === 'idle') {
        return pump(
          { ...m, phase: 'active', pins: [], lastTask: null, expiredInARow: 0, fault: null, faultCount: 0, createNotBefore: 0, nextAt: e.at },
          e.at,
        )
      }
      if (!isRunning(m) || m.fault === null || m.inFlight !== null) return m
      const at = Math.max(e.at, m.rateLimitedUntil)
      return pump({ ...m, nextAt: at, createNotBefore: Math.min(m.createNotBefore, at) }, e.at)
    }

    case 'timer':
      return pump(m, e.at)

    case 'pinCreated': {
      if (!answers(m, e.seq)) return m
      const pin: TrackedPin = {
        id: e.pin.id,
        code: e.pin.code,
        qr: e.pin.qr,
        clientIdentifier: e.pin.clientIdentifier,
        // From expiresIn at the moment the answer arrived, never from expiresAt vs the device's clock.
        expiresAt: e.at + Math.max(0, e.pin.expiresIn) * 1000,
        lifetimeMs: lifetimeOf(e.pin),
        pollIntervalMs: POLL_INTERVAL_MS,
        anchored: true,
      }
      const pins = [...m.pins, pin]
      return pump({ ...answered(m, 'createPin'), pins, createNotBefore: 0, nextAt: e.at + tickOf(pins) }, e.at)
    }

    case 'pinPolled': {
      if (!answers(m, e.seq) || m.inFlight?.task.call !== 'getPin') return m
      const pinId = m.inFlight.task.pinId
      if (e.pin.authToken !== null && e.pin.authToken !== '') {
        // Stop the moment a token arrives: every other pin is dropped, the account is fetched at once.
        return pump(
          {
            ...answered(m, 'getPin'),
            fault: null,
            faultCount: 0,
            phase: 'linked',
            pins: [],
            lastTask: null,
            expiredInARow: 0,
            token: e.pin.authToken,
            account: null,
            nextAt: e.at,
          },
          e.at,
        )
      }
      let pins = m.pins
      const tracked = pins.find((p) => p.id === pinId)
      if (tracked && !tracked.anchored) {
        pins = pins.map((p) =>
          p.id === pinId ? { ...p, expiresAt: e.at + Math.max(0, e.pin.expiresIn) * 1000, anchored: true } : p,
        )
      }
      return pump({ ...answered(m, 'getPin'), pins, nextAt: e.at + tickOf(pins) }, e.at)
    }

    case 'accountLoaded':
      if (!answers(m, e.seq) || m.phase !== 'linked') return m
      return { ...answered(m, 'getUser'), account: e.account, nextAt: null }

    case 'failed': {
      if (!answers(m, e.seq) || m.inFlight === null) return m
      const base: LinkModel = { ...m, inFlight: null }
      const error = e.error
      switch (error.type) {
        case 'aborted':
          // Not ours (we clear inFlight before aborting), so the client gave up by itself: quietly go on.
          return pump({ ...base, nextAt: e.at + tickOf(base.pins) }, e.at)

        case 'expired': {
          const task = m.inFlight.task
          const pinId = task.call === 'getPin' ? task.pinId : null
          const pins = base.pins.filter((p) => p.id !== pinId)
          const wasTracked = pins.length !== base.pins.length
          const expiredInARow = base.expiredInARow + (wasTracked ? 1 : 0)
          const next: LinkModel = { ...answered(base, 'getPin'), pins, expiredInARow }
          if (expiredInARow >= MAX_UNATTENDED_CODES) return toIdle(next)
          // The shown code is gone and none replaced it yet: get a new one at once.
          return pump({ ...next, nextAt: pins.length === 0 ? e.at : e.at + tickOf(pins) }, e.at)
        }

        case 'unauthorized':
          // The token from the pin is refused by /user: discard it and start over with a new code.
          return pump(
            {
              ...base,
              phase: 'active',
              token: null,
              account: null,
              pins: [],
              lastTask: null,
              fault: null,
              faultCount: 0,
              createNotBefore: 0,
              expiredInARow: 0,
              nextAt: e.at,
            },
            e.at,
          )

        case 'fault': {
          const attempt = base.faultCount
          const random = () => e.random
          const limited = error.fault === 'rateLimited'
          const delay = limited ? rateLimitDelay(error.retryAfterMs, attempt, random, backoff) : nextBackoffDelay(attempt, random, backoff)
          const retryAt = e.at + delay
          const request = m.inFlight.task.call
          const pins = limited ? base.pins.map((p) => ({ ...p, pollIntervalMs: slowerPollInterval(p.pollIntervalMs) })) : base.pins
          // A failing renewal backs off alone while the codes on screen are still polled; anything else
          // (and every 429, which is about us as a whole) holds all requests until retryAt.
          const pollMeanwhile = request === 'createPin' && !limited && pins.length > 0
          return pump(
            {
              ...base,
              pins,
              rateLimitedUntil: limited ? retryAt : base.rateLimitedUntil,
              createNotBefore: request === 'createPin' ? retryAt : base.createNotBefore,
              fault: { fault: error.fault, request, status: error.status, retryAt, attempt: attempt + 1 },
              faultCount: attempt + 1,
              nextAt: pollMeanwhile ? e.at + tickOf(pins) : retryAt,
            },
            e.at,
          )
        }
      }
    }
  }
}

/** Whether requests are still to be made (linking, or fetching the account of a fresh token). */
function isRunning(m: LinkModel): boolean {
  return m.phase === 'active' || (m.phase === 'linked' && m.account === null)
}

function answers(m: LinkModel, seq: number): boolean {
  return m.inFlight !== null && m.inFlight.seq === seq
}

/**
 * An answer to `call` came: nothing in flight, and a fault of that same request is over. A fault of
 * another request (a renewal failing while the old code answers fine) stays on screen until its own
 * request succeeds.
 */
function answered(m: LinkModel, call: CallKind): LinkModel {
  if (m.fault !== null && m.fault.request !== call) return { ...m, inFlight: null }
  return { ...m, inFlight: null, fault: null, faultCount: 0 }
}

function tickOf(pins: readonly TrackedPin[]): number {
  return pollTickInterval(pins.map((p) => p.pollIntervalMs))
}

function toIdle(m: LinkModel): LinkModel {
  return { ...m, phase: 'idle', pins: [], lastTask: null, inFlight: null, nextAt: null, fault: null, faultCount: 0 }
}

/** The pin's whole lifetime from plex.tv's own two timestamps (900 s for a 4-char code), else expiresIn. */
function lifetimeOf(pin: Pin): number {
  const fromAnswer = Math.max(0, pin.expiresIn) * 1000
  const created = Date.parse(pin.createdAt)
  const expires = Date.parse(pin.expiresAt)
  const span = expires - created
  return Number.isFinite(span) && span >= fromAnswer && span > 0 ? span : fromAnswer
}

/**
 * Drops pins whose deadline (plus grace) has passed without plex.tv saying so: that only happens when no
 * answer comes (offline, backoff). They count as expired codes; the fault, if any, is still what is shown.
 */
function prune(m: LinkModel, at: number): LinkModel {
  if (m.phase !== 'active') return m
  const alive = m.pins.filter((p) => p.expiresAt + EXPIRY_GRACE_MS > at)
  if (alive.length === m.pins.length) return m
  const expiredInARow = m.expiredInARow + (m.pins.length - alive.length)
  const next: LinkModel = { ...m, pins: alive, expiredInARow }
  if (expiredInARow >= MAX_UNATTENDED_CODES) return toIdle(next)
  if (alive.length === 0 && next.fault === null && next.nextAt !== null) return { ...next, nextAt: Math.min(next.nextAt, at) }
  return next
}

/** Sends the next request when one is due: visible, nothing in flight, `nextAt` reached. */
function pump(m0: LinkModel, at: number): LinkModel {
  if (!isRunning(m0)) return m0
  let m = prune(m0, at)
  // Nothing left to poll: the next request is a create, which waits for its own backoff.
  if (m.phase === 'active' && m.pins.length === 0 && m.nextAt !== null && m.nextAt < m.createNotBefore) {
    m = { ...m, nextAt: m.createNotBefore }
  }
  if (!isRunning(m) || !m.visible || m.inFlight !== null || m.nextAt === null || m.nextAt > at) return m
  const task = chooseTask(m, at)
  const seq = m.seq + 1
  return { ...m, seq, inFlight: { seq, task }, nextAt: null, lastTask: taskKey(task) }
}

export function taskKey(task: LinkTask): string {
  switch (task.call) {
    case 'createPin':
      return 'create'
    case 'getPin':
      return `pin:${task.pinId}`
    case 'getUser':
      return 'user'
  }
}

/** Whether the next code should be created now (see the module comment for the 4-code rule). */
export function renewalDue(m: LinkModel, at: number): boolean {
  const shown = m.pins[m.pins.length - 1]
  if (shown === undefined) return true
  if (shown.expiresAt - at > RENEW_BEFORE_MS) return false
  return m.expiredInARow + m.pins.length < MAX_UNATTENDED_CODES
}

/** The next request in the round-robin: each live pin, oldest first, then "create" when a code is due. */
export function chooseTask(m: LinkModel, at: number): LinkTask {
  if (m.phase === 'linked' && m.token !== null) return { call: 'getUser', token: m.token }
  const tasks: LinkTask[] = m.pins.map((p) => ({ call: 'getPin', pinId: p.id }))
  if (renewalDue(m, at) && (tasks.length === 0 || at >= m.createNotBefore)) tasks.push({ call: 'createPin' })
  const after = m.lastTask === null ? -1 : tasks.findIndex((t) => taskKey(t) === m.lastTask)
  return tasks[(after + 1) % tasks.length] ?? { call: 'createPin' }
}

/** When the runner's one timer should fire: the next request, or the next pin to drop on our own clock. */
export function nextWakeAt(m: LinkModel): number | null {
  if (!isRunning(m) || !m.visible || m.inFlight !== null) return null
  let at = m.nextAt
  if (m.phase === 'active') {
    for (const p of m.pins) {
      const drop = p.expiresAt + EXPIRY_GRACE_MS
      if (at === null || drop < at) at = drop
    }
  }
  return at
}

function shownCodeOf(p: TrackedPin): ShownCode {
  return { pinId: p.id, code: p.code, qr: p.qr, expiresAt: p.expiresAt, lifetimeMs: p.lifetimeMs }
}

/** The view's state for a model. */
export function linkCodeStateOf(m: LinkModel): LinkCodeState {
  switch (m.phase) {
    case 'stopped':
      return { kind: 'stopped' }
    case 'idle':
      return { kind: 'idle', expiredCodes: m.expiredInARow }
    case 'linked':
      return { kind: 'linked', token: m.token ?? '', account: m.account, accountFault: m.fault }
    case 'active': {
      const shown = m.pins[m.pins.length - 1]
      const code = shown ? shownCodeOf(shown) : null
      if (m.fault) return { kind: 'error', ...m.fault, code }
      if (code === null) return { kind: 'creating' }
      const previous = m.pins.length > 1 ? m.pins[m.pins.length - 2] : undefined
      return { kind: 'waiting', code, previousCode: previous ? shownCodeOf(previous) : null }
    }
  }
}

function toStored(p: TrackedPin): StoredPin {
  return { id: p.id, code: p.code, qr: p.qr, clientIdentifier: p.clientIdentifier, expiresAt: p.expiresAt, lifetimeMs: p.lifetimeMs }
}

// ─── The effect runner ──────────────────────────────────────────────────────────────────────────────

export interface LinkCodeSessionOptions {
  client: PlexTvApi
  clock: Clock
  store: KeyValueStore
  /** [0, 1) source for backoff jitter; Math.random by default. */
  random?: () => number
  backoff?: BackoffOptions
  /** Called once, when the account of a linked token is known. */
  onLinked?: (token: string, account: PlexAccount) => void
}

export type LinkCodeListener = (state: LinkCodeState) => void
export type LinkedListener = (token: string, account: PlexAccount) => void

/**
 * Runs the link-code machine. Owns one timer and at most one request (each with its own AbortController);
 * `stop()` clears the timer and aborts the request, so leaving the screen leaves nothing behind.
 *
 * Storage: the pins being polled are saved under `storageKeys.pendingPins` whenever they change (removed on
 * link and on idle; `stop({ forgetPin: true })` removes them too). The token is saved under
 * `storageKeys.authToken` the moment it arrives, before the account is fetched, so a reload while /user is
 * failing keeps it (startup then validates it); it is removed only when /user answers 401.
 */
export class LinkCodeSession {
  private model: LinkModel = initialLinkModel()
  private current: LinkCodeState = { kind: 'stopped' }
  private currentKey = JSON.stringify(this.current)
  private timer: unknown = null
  private timerAt: number | null = null
  private request: { seq: number; controller: AbortController } | null = null
  private readonly listeners = new Set<LinkCodeListener>()
  private readonly linkedListeners = new Set<LinkedListener>()
  private readonly random: () => number
  private readonly backoff: BackoffOptions

  constructor(private readonly options: LinkCodeSessionOptions) {
    this.random = options.random ?? Math.random
    this.backoff = options.backoff ?? FAULT_BACKOFF
    if (options.onLinked) this.linkedListeners.add(options.onLinked)
  }

  get state(): LinkCodeState {
    return this.current
  }

  /** The clock the state's times refer to (`expiresAt`, `retryAt`), for the view's countdown. */
  now(): number {
    return this.options.clock.now()
  }

  /** Shows a code: resumes a stored pin that is still valid, else creates one. No-op when already started. */
  start(): void {
    if (this.model.phase !== 'stopped') return
    const { clock, store, client } = this.options
    const resumed = loadPendingPins(store, clock.now(), client.identity.clientIdentifier)
    // Rewrites the store with only the usable pins (expired or foreign ones are dropped).
    savePendingPins(store, resumed)
    this.dispatch({ type: 'start', at: clock.now(), resumed })
  }

  /**
   * Leaving the screen: clears every timer and aborts the request in flight. The pending pin stays stored
   * so coming back within its lifetime shows the same code; `forgetPin` removes it (stop for good).
   */
  stop(options: { forgetPin?: boolean } = {}): void {
    this.dispatch({ type: 'stop' })
    if (options.forgetPin) forgetPendingPins(this.options.store)
  }

  /** Hidden: no requests at all (the one in flight is aborted). Visible again: ask at once. */
  setVisible(visible: boolean): void {
    this.dispatch({ type: 'visibility', visible, at: this.options.clock.now() })
  }

  /** OK on `error` (retry at once, Retry-After permitting), on `idle` (start again), on a failing account fetch. */
  retryNow(): void {
    this.dispatch({ type: 'retryNow', at: this.options.clock.now() })
  }

  /** Called on every state change (not immediately); returns the unsubscribe function. */
  subscribe(listener: LinkCodeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Called once per link, when both the token and its account are known. */
  onLinked(listener: LinkedListener): () => void {
    this.linkedListeners.add(listener)
    return () => this.linkedListeners.delete(listener)
  }

  private dispatch(event: LinkEvent): void {
    const prev = this.model
    const next = reduceLinkCode(prev, event, this.backoff)
    this.model = next
    this.syncRequest(next)
    this.syncTimer(next)
    if (next === prev) return
    this.persist(prev, next)
    this.publish(next)
    if (prev.account === null && next.account !== null && next.token !== null) {
      const { token, account } = next
      for (const listener of [...this.linkedListeners]) listener(token, account)
    }
  }

  private syncRequest(m: LinkModel): void {
    if (this.request && m.inFlight?.seq !== this.request.seq) {
      const { controller } = this.request
      this.request = null
      controller.abort()
    }
    if (m.inFlight && this.request === null) this.send(m.inFlight.seq, m.inFlight.task)
  }

  private send(seq: number, task: LinkTask): void {
    const controller = new AbortController()
    this.request = { seq, controller }
    const opts: RequestOptions = { signal: controller.signal }
    const { client, clock } = this.options
    const at = () => clock.now()
    switch (task.call) {
      case 'createPin':
        this.track(seq, task.call, () => client.createPin(opts), (pin) => ({ type: 'pinCreated', seq, at: at(), pin }))
        break
      case 'getPin':
        this.track(seq, task.call, () => client.getPin(task.pinId, opts), (pin) => ({ type: 'pinPolled', seq, at: at(), pin }))
        break
      case 'getUser':
        this.track(seq, task.call, () => client.getUser(task.token, opts), (account) => ({ type: 'accountLoaded', seq, at: at(), account }))
        break
    }
  }

  private track<T>(seq: number, call: CallKind, start: () => Promise<T>, toEvent: (value: T) => LinkEvent): void {
    let promise: Promise<T>
    try {
      promise = start()
    } catch (e) {
      promise = Promise.reject(e)
    }
    promise.then(
      (value) => {
        this.settled(seq)
        this.dispatch(toEvent(value))
      },
      (error: unknown) => {
        this.settled(seq)
        // Stale answers (a request we aborted) are dropped here; Aborted is never shown.
        if (this.model.inFlight?.seq !== seq) return
        const classified = classifyError(error, call)
        const random = classified.type === 'fault' ? this.random() : 0
        this.dispatch({ type: 'failed', seq, at: this.options.clock.now(), error: classified, random })
      },
    )
  }

  private settled(seq: number): void {
    if (this.request?.seq === seq) this.request = null
  }

  private syncTimer(m: LinkModel): void {
    const at = nextWakeAt(m)
    if (at === this.timerAt && (at === null || this.timer !== null)) return
    const { clock } = this.options
    if (this.timer !== null) clock.clearTimeout(this.timer)
    this.timer = null
    this.timerAt = null
    if (at === null) return
    this.timerAt = at
    this.timer = clock.setTimeout(() => {
      this.timer = null
      this.timerAt = null
      this.dispatch({ type: 'timer', at: clock.now() })
    }, Math.max(0, at - clock.now()))
  }

  private persist(prev: LinkModel, next: LinkModel): void {
    if (next.phase === 'stopped') return
    const { store } = this.options
    if (next.pins !== prev.pins) savePendingPins(store, next.pins.map(toStored))
    if (next.token !== prev.token) {
      if (next.token !== null) store.set(storageKeys.authToken, next.token)
      else store.remove(storageKeys.authToken)
    }
  }

  private publish(m: LinkModel): void {
    const state = linkCodeStateOf(m)
    const key = JSON.stringify(state)
    if (key === this.currentKey) return
    this.current = state
    this.currentKey = key
    for (const listener of [...this.listeners]) listener(state)
  }
}
