/**
 * The link-code lifecycle as a pure reducer: create a 4-character pin, show it, poll it until somebody
 * links it at plex.tv/link, renew it before it expires (renewal.ts), wait out faults, and hand over the
 * token. Time and randomness arrive in events; the runner (session.ts) does what the model asks.
 *
 * Scheduling. At most one request in flight. Each answer schedules the next request `tick` ms later (1 s
 * normally). The requests take turns, round-robin, over every pin still alive (oldest first), then "create
 * a pin" when a new code is due. So:
 *  - with one code: poll it every second;
 *  - when the shown code nears its end (renewal.ts): the next turn creates the next code, shown at once;
 *    the old code keeps being polled, alternating with the new one, until plex.tv answers 404/1020 for it;
 *  - "Get a new code" asks for a create at the next turn the same way: the code on screen stays until
 *    the new one is there, and keeps being polled until it expires;
 *  - if creating the next code fails, that request backs off on its own while the code on screen keeps
 *    being polled every second; a failing poll, and any 429, hold every request until the retry time.
 * 429: wait Retry-After (or ≥ 5 s without one), then poll every pin alive at that moment at a doubled
 * interval, at most 5 s, for the rest of that code's life.
 * Unattended: after 4 codes in a row expire with nobody linking (or pressing a key), everything stops.
 */
import type { Pin, PlexAccount } from '../../plex/types.js'
import { isTransient, type Fault } from '../kernel/faults.js'
import { FAULT_RETRY, faultDelay, type RetryPolicy } from '../kernel/policy.js'
import type { StoredPin } from './pendingPins.js'
import { EXPIRY_GRACE_MS, MAX_UNATTENDED_CODES, POLL_INTERVAL_MS, pollTickInterval, renewalDue, slowerPollInterval } from './renewal.js'
import type { FaultInfo, LinkCall, LinkCodeState, ShownCode } from './state.js'

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
  /** No createPin before this clock time: a failing renewal backs off alone while the shown codes are polled. */
  createNotBefore: number
  /** "Get a new code" was pressed and the new code has not arrived yet. */
  renewRequested: boolean
  expiredInARow: number
  token: string | null
  account: PlexAccount | null
}

export type LinkEvent =
  | { type: 'start'; at: number; visible: boolean; resumed: readonly StoredPin[] }
  | { type: 'stop' }
  | { type: 'visibility'; visible: boolean; at: number }
  | { type: 'retryNow'; at: number }
  /** "Get a new code": the shown code stays until the new one is on screen. */
  | { type: 'newCode'; at: number }
  | { type: 'timer'; at: number }
  | { type: 'pinCreated'; seq: number; at: number; pin: Pin }
  | { type: 'pinPolled'; seq: number; at: number; pin: Pin }
  | { type: 'accountLoaded'; seq: number; at: number; account: PlexAccount }
  /** `random` is a draw in [0, 1) for the jitter, taken by the runner so the reducer stays pure. */
  | { type: 'failed'; seq: number; at: number; fault: Fault; random: number }

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
    renewRequested: false,
    expiredInARow: 0,
    token: null,
    account: null,
  }
}

export function reduceLinkCode(m: LinkModel, e: LinkEvent, policy: RetryPolicy = FAULT_RETRY): LinkModel {
  switch (e.type) {
    case 'start': {
      if (m.phase !== 'stopped') return m
      const fresh: LinkModel = {
        ...initialLinkModel(),
        visible: e.visible,
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
      if (m.phase === 'idle') return restartFromIdle(m, e.at)
      if (!isRunning(m) || m.fault === null || m.inFlight !== null) return m
      const at = Math.max(e.at, m.rateLimitedUntil)
      return pump({ ...m, nextAt: at, createNotBefore: Math.min(m.createNotBefore, at) }, e.at)
    }

    case 'newCode': {
      if (m.phase === 'idle') return restartFromIdle(m, e.at)
      if (m.phase !== 'active') return m
      // A person is here: the codes that expired so far were not "nobody linking".
      const asked: LinkModel = { ...m, renewRequested: true, expiredInARow: 0, createNotBefore: Math.min(m.createNotBefore, Math.max(e.at, m.rateLimitedUntil)) }
      if (m.inFlight !== null) return asked
      return pump({ ...asked, nextAt: Math.max(e.at, m.rateLimitedUntil) }, e.at)
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
      return pump({ ...answered(m, 'createPin'), pins, renewRequested: false, createNotBefore: 0, nextAt: e.at + tickOf(pins) }, e.at)
    }

    case 'pinPolled': {
      if (!answers(m, e.seq) || m.inFlight?.task.call !== 'getPin') return m
      const pinId = m.inFlight.task.pinId
      if (e.pin.authToken !== null && e.pin.authToken !== '') {
        // Stop the moment a token arrives: every other pin is dropped, the account is fetched at once.
        const linked: LinkModel = { ...answered(m, 'getPin'), fault: null, faultCount: 0, phase: 'linked', pins: [], lastTask: null }
        return pump({ ...linked, renewRequested: false, expiredInARow: 0, token: e.pin.authToken, account: null, nextAt: e.at }, e.at)
      }
      let pins = m.pins
      const tracked = pins.find((p) => p.id === pinId)
      if (tracked && !tracked.anchored) {
        pins = pins.map((p) => (p.id === pinId ? { ...p, expiresAt: e.at + Math.max(0, e.pin.expiresIn) * 1000, anchored: true } : p))
      }
      return pump({ ...answered(m, 'getPin'), pins, nextAt: e.at + tickOf(pins) }, e.at)
    }

    case 'accountLoaded':
      if (!answers(m, e.seq) || m.phase !== 'linked') return m
      return { ...answered(m, 'getUser'), account: e.account, nextAt: null }

    case 'failed':
      if (!answers(m, e.seq) || m.inFlight === null) return m
      return failed(m, m.inFlight.task, e, policy)
  }
}

function failed(m: LinkModel, task: LinkTask, e: Extract<LinkEvent, { type: 'failed' }>, policy: RetryPolicy): LinkModel {
  const base: LinkModel = { ...m, inFlight: null }
  const fault = e.fault
  switch (fault.kind) {
    case 'aborted':
      // Not ours (we clear inFlight before aborting), so the client gave up by itself: quietly go on.
      return pump({ ...base, nextAt: e.at + tickOf(base.pins) }, e.at)

    case 'expired': {
      const pinId = task.call === 'getPin' ? task.pinId : null
      const pins = base.pins.filter((p) => p.id !== pinId)
      const expiredInARow = base.expiredInARow + (pins.length !== base.pins.length ? 1 : 0)
      const next: LinkModel = { ...answered(base, 'getPin'), pins, expiredInARow }
      if (expiredInARow >= MAX_UNATTENDED_CODES) return toIdle(next)
      // The shown code is gone and none replaced it yet: get a new one at once.
      return pump({ ...next, nextAt: pins.length === 0 ? e.at : e.at + tickOf(pins) }, e.at)
    }

    case 'unauthorized':
    case 'invalidPin':
      // The token from the pin is refused by /user: discard it and start over with a new code.
      return pump({ ...initialLinkModel(), visible: base.visible, seq: base.seq, phase: 'active', nextAt: e.at }, e.at)

    default: {
      if (!isTransient(fault.kind)) return base
      const attempt = base.faultCount
      const limited = fault.kind === 'rateLimited'
      const retryAt = e.at + faultDelay(fault, attempt, e.random, policy)
      const request = task.call
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
          fault: { fault: fault.kind, request, status: fault.status, retryAt, attempt: attempt + 1 },
          faultCount: attempt + 1,
          nextAt: pollMeanwhile ? e.at + tickOf(pins) : retryAt,
        },
        e.at,
      )
    }
  }
}

function restartFromIdle(m: LinkModel, at: number): LinkModel {
  return pump({ ...m, phase: 'active', pins: [], lastTask: null, expiredInARow: 0, fault: null, faultCount: 0, createNotBefore: 0, nextAt: at }, at)
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
 * another request (a renewal failing while the old code answers fine) stays until its own request succeeds.
 */
function answered(m: LinkModel, call: LinkCall): LinkModel {
  if (m.fault !== null && m.fault.request !== call) return { ...m, inFlight: null }
  return { ...m, inFlight: null, fault: null, faultCount: 0 }
}

function tickOf(pins: readonly TrackedPin[]): number {
  return pollTickInterval(pins.map((p) => p.pollIntervalMs))
}

function toIdle(m: LinkModel): LinkModel {
  return { ...m, phase: 'idle', pins: [], lastTask: null, inFlight: null, nextAt: null, fault: null, faultCount: 0, renewRequested: false }
}

/** The pin's whole lifetime from plex.tv's own two timestamps (900 s for a 4-char code), else expiresIn. */
function lifetimeOf(pin: Pin): number {
  const fromAnswer = Math.max(0, pin.expiresIn) * 1000
  const span = Date.parse(pin.expiresAt) - Date.parse(pin.createdAt)
  return Number.isFinite(span) && span >= fromAnswer && span > 0 ? span : fromAnswer
}

/**
 * Drops pins whose deadline (plus grace) has passed without plex.tv saying so: that only happens when no
 * answer comes (offline, backoff). Each was a code that really reached its end unused, so it counts.
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

/** The next request in the round-robin: each live pin, oldest first, then "create" when a code is due. */
export function chooseTask(m: LinkModel, at: number): LinkTask {
  if (m.phase === 'linked' && m.token !== null) return { call: 'getUser', token: m.token }
  const createAllowed = m.pins.length === 0 || at >= m.createNotBefore
  // "Get a new code" is answered at the next turn, not after every code has had its turn.
  if (m.renewRequested && createAllowed) return { call: 'createPin' }
  const tasks: LinkTask[] = m.pins.map((p) => ({ call: 'getPin', pinId: p.id }))
  if (renewalDue(m, at) && createAllowed) tasks.push({ call: 'createPin' })
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
