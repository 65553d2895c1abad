/**
 * "Who is watching" as a pure reducer: load the Plex Home users, show the picker or pick the lone user,
 * switch to the chosen user (PIN pad for protected ones) and hand over that user's token, which is used for
 * everything after (resources, servers: plex-api.md §8.2).
 *
 * Rules
 *  - picker shown when there is more than one user, or the lone user is protected (`decidePicker`);
 *    a lone unprotected user is picked automatically;
 *  - no Home (empty `users`, or 404, plex-api.md §12) → the account itself, with the account token;
 *  - choosing the account's own unprotected user needs no switch: the account token is that user's token;
 *  - 403/1041 on a user NOT marked protected opens the PIN pad (§13.9), and that user is remembered as
 *    protected from then on;
 *  - any other switch failure → back on the picker with `failure` set; never a silent fallback to the
 *    owner. `retry` tries the same user again. A failure while a PIN was being checked stays on the pad
 *    with `pad.fault` set (typing the PIN again is the retry; after a 429 the runner holds that retry
 *    until plex.tv's wait is over);
 *  - loading fails → `loadFailed`, retried by itself with the kernel's backoff (`retryAt`), or at once
 *    (in the next allowed slot) with `retry`; 401 with the account token → not retried: sign in again.
 */
import type { HomeUser, PlexAccount, SwitchedUser } from '../../plex/types.js'
import type { Fault } from '../kernel/faults.js'
import { FAULT_RETRY, faultDelay } from '../kernel/policy.js'
import type { PinAttemptRecord } from './pinAttempts.js'
import { nextPinPadTick, openPinPad, reducePinPad, type PinPadAction, type PinPadState, type PinSubmitFault } from './pinPad.js'

export type PickerDecision = { kind: 'noHome' } | { kind: 'autoPick'; user: HomeUser } | { kind: 'showPicker' }

/** Show the picker for more than one user or any protected user; pick a lone unprotected user. */
export function decidePicker(users: readonly HomeUser[]): PickerDecision {
  if (users.length === 0) return { kind: 'noHome' }
  const only = users[0]
  if (users.length === 1 && only !== undefined && !only.protected) return { kind: 'autoPick', user: only }
  return { kind: 'showPicker' }
}

/** The user the rest of the app works as. */
export interface ChosenUser {
  uuid: string
  title: string
  /** True when a PIN was asked (marked protected, or plex.tv demanded one). */
  protected: boolean
  /** The picture the picker drew ('' for none: initials), as the client let it through (plex/inputs.ts). */
  thumb: string
}

export interface SwitchFailure {
  uuid: string
  error: Fault
}

export type Via = 'noHome' | 'auto' | 'picked' | 'pin'

export type HomeUsersState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  /** Loading the users failed; retried by itself at `retryAt` (null: retrying cannot help, sign in again). */
  | { kind: 'loadFailed'; error: Fault; retryAt: number | null }
  /** The picker. `failure` = the last switch that failed (shown on the picker, retryable or not). */
  | { kind: 'picking'; users: HomeUser[]; failure: SwitchFailure | null }
  | { kind: 'pin'; users: HomeUser[]; user: HomeUser; pad: PinPadState }
  /** Switching to an unprotected user (no PIN). */
  | { kind: 'switching'; users: HomeUser[]; user: HomeUser }
  | { kind: 'ready'; user: ChosenUser; userToken: string; via: Via }

export type HomeCall = { call: 'getHomeUsers' } | { call: 'switchHomeUser'; user: HomeUser; pin: string | null; via: Exclude<Via, 'noHome'> }

export interface HomeModel {
  state: HomeUsersState
  account: Pick<PlexAccount, 'id' | 'uuid' | 'title'> & { thumb?: string }
  accountToken: string
  users: HomeUser[]
  /** Users that plex.tv asked a PIN for although not marked protected (§13.9). */
  pinDemanded: readonly string[]
  /** Open the pad for this user right after loading (a remembered protected user at launch). */
  pinFor: string | null
  seq: number
  inFlight: { seq: number; call: HomeCall } | null
  /** Failed loads in a row: the backoff exponent. */
  loadFailures: number
  /** Wrong PINs and cool-down ends per user uuid, as stored (pinAttempts.ts); never a PIN. */
  attempts: Readonly<Record<string, PinAttemptRecord>>
}

export type HomeEvent =
  | { type: 'start'; at: number; pinFor: string | null }
  | { type: 'pick'; uuid: string; at: number }
  | { type: 'retry'; at: number }
  | { type: 'pad'; action: PinPadAction }
  | { type: 'leavePad' }
  | { type: 'timer'; at: number }
  | { type: 'usersLoaded'; seq: number; at: number; users: HomeUser[] }
  | { type: 'switched'; seq: number; at: number; switched: SwitchedUser }
  | { type: 'failed'; seq: number; at: number; fault: Fault; random: number }

export function initialHomeModel(account: HomeModel['account'], accountToken: string, attempts: HomeModel['attempts'] = {}): HomeModel {
  return { state: { kind: 'idle' }, account, accountToken, users: [], pinDemanded: [], pinFor: null, seq: 0, inFlight: null, loadFailures: 0, attempts }
}

export function reduceHome(m: HomeModel, e: HomeEvent): HomeModel {
  const s = m.state
  switch (e.type) {
    case 'start':
      return send({ ...m, pinFor: e.pinFor, loadFailures: 0, state: { kind: 'loading' } }, { call: 'getHomeUsers' })
    case 'pick': {
      if (s.kind !== 'picking' || m.inFlight !== null) return m
      const user = s.users.find((u) => u.uuid === e.uuid)
      return user === undefined ? m : choose(m, user, 'picked', e.at)
    }
    case 'retry':
      if (s.kind === 'loadFailed' && s.error.retryable) return send({ ...m, state: { kind: 'loading' } }, { call: 'getHomeUsers' })
      if (s.kind === 'picking' && s.failure !== null && s.failure.error.retryable && m.inFlight === null) {
        const uuid = s.failure.uuid
        const user = s.users.find((u) => u.uuid === uuid)
        return user === undefined ? m : choose(m, user, 'picked', e.at)
      }
      return m
    case 'timer':
      if (s.kind === 'loadFailed' && s.retryAt !== null && e.at >= s.retryAt) return send({ ...m, state: { kind: 'loading' } }, { call: 'getHomeUsers' })
      if (s.kind === 'pin') return padAction(m, { type: 'tick', at: e.at })
      return m
    case 'pad':
      return padAction(m, e.action)
    case 'leavePad':
      return s.kind === 'pin' ? toPicker(m) : m
    case 'usersLoaded':
      if (m.inFlight?.seq !== e.seq) return m
      return loaded({ ...m, inFlight: null, loadFailures: 0 }, e.users, e.at)
    case 'switched': {
      if (m.inFlight?.seq !== e.seq || m.inFlight.call.call !== 'switchHomeUser') return m
      const { user, pin, via } = m.inFlight.call
      const done: HomeModel = { ...m, inFlight: null }
      const asked = pin !== null || user.protected || m.pinDemanded.includes(user.uuid)
      const padDone = pin !== null && s.kind === 'pin' ? padAction(done, { type: 'result', outcome: 'ok', at: e.at }) : done
      return {
        ...padDone,
        state: { kind: 'ready', user: { uuid: user.uuid, title: e.switched.title || user.title, protected: asked, thumb: user.thumb }, userToken: e.switched.authToken, via },
      }
    }
    case 'failed':
      if (m.inFlight?.seq !== e.seq) return m
      return failed({ ...m, inFlight: null }, m.inFlight.call, e)
  }
}

function failed(m: HomeModel, call: HomeCall, e: Extract<HomeEvent, { type: 'failed' }>): HomeModel {
  const fault = e.fault
  if (fault.kind === 'aborted') return m
  if (call.call === 'getHomeUsers') {
    // No Home: plex.tv answers 404 or an empty list (plex-api.md §12); both mean "just the account".
    if (fault.kind === 'server' && fault.status === 404) return loaded(m, [], e.at)
    const retryAt = fault.retryable ? e.at + faultDelay(fault, m.loadFailures, e.random, FAULT_RETRY) : null
    return { ...m, loadFailures: m.loadFailures + 1, state: { kind: 'loadFailed', error: fault, retryAt } }
  }
  const { user, pin } = call
  if (pin === null) {
    if (fault.kind === 'invalidPin') return openPad({ ...m, pinDemanded: [...m.pinDemanded, user.uuid] }, user, e.at)
    return { ...m, state: { kind: 'picking', users: m.users, failure: { uuid: user.uuid, error: fault } } }
  }
  if (fault.kind === 'invalidPin') return padAction(m, { type: 'result', outcome: 'wrong', at: e.at })
  return padAction(m, { type: 'result', outcome: 'error', fault: submitFault(fault), at: e.at })
}

function submitFault(fault: Fault): PinSubmitFault {
  switch (fault.kind) {
    case 'network':
    case 'timeout':
    case 'server':
    case 'badResponse':
    case 'rateLimited':
    case 'unauthorized':
      return fault.kind
    default:
      return 'server'
  }
}

function loaded(m: HomeModel, users: HomeUser[], at: number): HomeModel {
  const next: HomeModel = { ...m, users, pinFor: null }
  if (m.pinFor !== null) {
    const user = users.find((u) => u.uuid === m.pinFor)
    if (user !== undefined && user.protected) return openPad(next, user, at)
  }
  const decision = decidePicker(users)
  switch (decision.kind) {
    case 'noHome':
      return ready(next, { uuid: m.account.uuid, title: m.account.title, protected: false, thumb: m.account.thumb ?? '' }, m.accountToken, 'noHome')
    case 'autoPick':
      return choose(next, decision.user, 'auto', at)
    case 'showPicker':
      return { ...next, state: { kind: 'picking', users, failure: null } }
  }
}

function choose(m: HomeModel, user: HomeUser, via: 'auto' | 'picked', at: number): HomeModel {
  if (user.protected || m.pinDemanded.includes(user.uuid)) return openPad(m, user, at)
  // The signed-in account's own token already is this user's token: no switch needed.
  if (user.uuid === m.account.uuid) return ready(m, { uuid: user.uuid, title: user.title, protected: false, thumb: user.thumb }, m.accountToken, via)
  return send({ ...m, state: { kind: 'switching', users: m.users, user } }, { call: 'switchHomeUser', user, pin: null, via })
}

function openPad(m: HomeModel, user: HomeUser, at: number): HomeModel {
  const record = m.attempts[user.uuid] ?? { attempts: 0, coolDownUntil: null }
  return { ...m, state: { kind: 'pin', users: m.users, user, pad: openPinPad(user.uuid, record, at) } }
}

function padAction(m: HomeModel, action: PinPadAction): HomeModel {
  const s = m.state
  if (s.kind !== 'pin') return m
  const { state: pad, intent } = reducePinPad(s.pad, action)
  if (intent?.type === 'leave') return toPicker(m)
  let next: HomeModel = pad === s.pad ? m : { ...m, state: { ...s, pad } }
  if (action.type === 'result') next = { ...next, attempts: withAttempts(m.attempts, pad) }
  if (intent?.type === 'submit') return send(next, { call: 'switchHomeUser', user: s.user, pin: intent.pin, via: 'pin' })
  return next
}

/** A verdict on a PIN: count it (or, when it was right, forget the count). */
function withAttempts(all: HomeModel['attempts'], pad: PinPadState): HomeModel['attempts'] {
  const rest = Object.fromEntries(Object.entries(all).filter(([uuid]) => uuid !== pad.uuid))
  return pad.status === 'done' ? rest : { ...rest, [pad.uuid]: { attempts: pad.attempts, coolDownUntil: pad.coolDownUntil } }
}

function toPicker(m: HomeModel): HomeModel {
  // A PIN being checked is abandoned: the runner aborts the request the model no longer wants.
  return { ...m, inFlight: null, state: { kind: 'picking', users: m.users, failure: null } }
}

function ready(m: HomeModel, user: ChosenUser, userToken: string, via: Via): HomeModel {
  return { ...m, inFlight: null, state: { kind: 'ready', user, userToken, via } }
}

function send(m: HomeModel, call: HomeCall): HomeModel {
  const seq = m.seq + 1
  return { ...m, seq, inFlight: { seq, call } }
}

/** When the model wants a timer: the automatic retry of a failed load, or the next second of a PIN cool-down. */
export function homeWakeAt(m: HomeModel): number | null {
  const s = m.state
  if (s.kind === 'loadFailed') return s.retryAt
  if (s.kind === 'pin' && s.pad.status === 'coolingDown' && s.pad.coolDownUntil !== null) {
    // each whole second of the countdown, from the last update (coolDownUntil − remaining)
    const updatedAt = s.pad.coolDownUntil - s.pad.coolDownRemainingMs
    const delay = nextPinPadTick(s.pad, updatedAt)
    return delay === null ? null : updatedAt + delay
  }
  return null
}
