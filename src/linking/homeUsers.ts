/**
 * "Who is watching": load the Plex Home users, show the picker or pick the lone user, switch to the chosen
 * user (PIN pad for protected ones) and hand over that user's token, which is used for everything after
 * (resources, servers: plex-api.md §8.2).
 *
 * Rules
 *  - picker shown when there is more than one user, or the lone user is protected (`decidePicker`);
 *    a lone unprotected user is picked automatically;
 *  - no Home (empty `users`, or 404, plex-api.md §12) → the account itself, with the account token;
 *  - choosing the account's own unprotected user needs no switch: the account token is that user's token;
 *  - 403/1041 (InvalidHomePin) on a user NOT marked protected opens the PIN pad (§13.9), and that user is
 *    remembered as protected from then on;
 *  - any other switch failure → back on the picker with `failure` set; never a silent fallback to the
 *    owner. `retry()` tries the same user again when the failure is transient. A failure while a PIN was
 *    being checked stays on the pad with `pad.fault` set (typing the PIN again is the retry);
 *  - 401 with the account token (loading or switching) → `unauthorized`, not retryable: sign in again.
 *
 * `HomeUsersSession` is the effect runner: it owns the one request in flight (AbortController, deadline on
 * the Clock) and the cool-down tick timer; `stop()` cancels both.
 */
import type { PlexTvApi } from '../plex/api.js'
import { ServerError } from '../plex/errors.js'
import type { HomeUser, PlexAccount } from '../plex/types.js'
import type { KeyValueStore } from '../platform/storage.js'
import type { Clock } from './clock.js'
import { LatestRequest } from './deadline.js'
import { nextPinPadTick, openPinPad, PinAttemptLedger, reducePinPad, type PinPadAction, type PinPadState } from './homePin.js'
import { classifyPickerError, type PickerError } from './pickerFaults.js'
import { rememberUser } from './selection.js'

export const DEFAULT_HOME_REQUEST_TIMEOUT_MS = 10_000

export type PickerDecision =
  | { kind: 'noHome' }
  | { kind: 'autoPick'; user: HomeUser }
  | { kind: 'showPicker' }

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
}

export interface SwitchFailure {
  uuid: string
  error: PickerError
}

export type HomeUsersState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  /** Loading the users failed; `retry()` when `error.retryable`, else (401) sign in again. */
  | { kind: 'loadFailed'; error: PickerError }
  /** The picker. `failure` = the last switch that failed (shown on the picker, retryable or not). */
  | { kind: 'picking'; users: HomeUser[]; failure: SwitchFailure | null }
  | { kind: 'pin'; users: HomeUser[]; user: HomeUser; pad: PinPadState }
  /** Switching to an unprotected user (no PIN). */
  | { kind: 'switching'; users: HomeUser[]; user: HomeUser }
  | { kind: 'ready'; user: ChosenUser; userToken: string; via: 'noHome' | 'auto' | 'picked' | 'pin' }

export interface HomeUsersOptions {
  client: PlexTvApi
  clock: Clock
  account: Pick<PlexAccount, 'id' | 'uuid' | 'title'>
  accountToken: string
  /** Attempt counts per user for this run; share one across sessions so leaving the pad does not reset them. */
  ledger?: PinAttemptLedger
  /** When given, the chosen user is remembered with `rememberUser` (the token only for unprotected users). */
  store?: KeyValueStore
  requestTimeoutMs?: number
}

export type HomeUsersListener = (state: HomeUsersState) => void

export class HomeUsersSession {
  private current: HomeUsersState = { kind: 'idle' }
  private readonly request: LatestRequest
  private tickTimer: unknown = null
  private users: HomeUser[] = []
  /** Users that plex.tv asked a PIN for although not marked protected (§13.9). */
  private readonly pinDemanded = new Set<string>()
  private readonly listeners = new Set<HomeUsersListener>()
  private readonly ledger: PinAttemptLedger
  private readonly timeoutMs: number
  private pinFor: string | null = null

  constructor(private readonly options: HomeUsersOptions) {
    this.ledger = options.ledger ?? new PinAttemptLedger()
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_HOME_REQUEST_TIMEOUT_MS
    this.request = new LatestRequest(options.clock, this.timeoutMs)
  }

  get state(): HomeUsersState {
    return this.current
  }

  subscribe(listener: HomeUsersListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Loads the users. `pinFor`: the launch policy's `enter-pin-for(uuid)`: open the pad for that user
   * directly when they are still in the Home and protected.
   */
  start(opts: { pinFor?: string } = {}): void {
    this.cancelAll()
    this.pinFor = opts.pinFor ?? null
    this.load()
  }

  /** Cancels the request in flight and the cool-down timer; the state goes back to idle. */
  stop(): void {
    this.cancelAll()
    this.set({ kind: 'idle' })
  }

  /** OK on a user of the picker. */
  pick(uuid: string): void {
    const s = this.current
    if (s.kind !== 'picking') return
    const user = s.users.find((u) => u.uuid === uuid)
    if (user !== undefined) this.choose(user, 'picked')
  }

  /** After `loadFailed` or a failed switch on the picker, when the error is retryable. */
  retry(): void {
    const s = this.current
    if (s.kind === 'loadFailed' && s.error.retryable) this.load()
    else if (s.kind === 'picking' && s.failure !== null && s.failure.error.retryable) this.pick(s.failure.uuid)
  }

  /** A digit from the number keys or the on-screen grid. */
  pinDigit(digit: number): void {
    this.padAction({ type: 'digit', digit, at: this.options.clock.now() })
  }

  /** Back on the pad: delete a digit, or leave the pad for the picker when nothing is typed. */
  pinBack(): void {
    this.padAction({ type: 'backspace', at: this.options.clock.now() })
  }

  /** The pad's Cancel key: back to the picker whatever was typed (a PIN being checked is abandoned). */
  leavePad(): void {
    if (this.current.kind !== 'pin') return
    this.cancelRequest()
    this.cancelTick()
    this.set({ kind: 'picking', users: this.users, failure: null })
  }

  // ─── internals ──────────────────────────────────────────────────────────────────────────────────

  private load(): void {
    const { client, accountToken } = this.options
    this.set({ kind: 'loading' })
    this.send(
      (signal) => client.getHomeUsers(accountToken, { signal, timeoutMs: this.timeoutMs }),
      (home) => this.loaded(home.users),
      (error) => {
        // No Home: plex.tv answers 404 or an empty list (plex-api.md §12); both mean "just the account".
        if (error instanceof ServerError && error.status === 404) {
          this.loaded([])
          return
        }
        const c = classifyPickerError(error)
        if (c !== 'aborted') this.set({ kind: 'loadFailed', error: c })
      },
    )
  }

  private loaded(users: HomeUser[]): void {
    this.users = users
    const pinFor = this.pinFor
    this.pinFor = null
    if (pinFor !== null) {
      const user = users.find((u) => u.uuid === pinFor)
      if (user !== undefined && user.protected) {
        this.openPad(user)
        return
      }
    }
    const decision = decidePicker(users)
    switch (decision.kind) {
      case 'noHome': {
        const { account, accountToken } = this.options
        this.ready({ uuid: account.uuid, title: account.title, protected: false }, accountToken, 'noHome')
        return
      }
      case 'autoPick':
        this.choose(decision.user, 'auto')
        return
      case 'showPicker':
        this.set({ kind: 'picking', users, failure: null })
    }
  }

  private choose(user: HomeUser, via: 'auto' | 'picked'): void {
    if (user.protected || this.pinDemanded.has(user.uuid)) {
      this.openPad(user)
      return
    }
    const { account, accountToken } = this.options
    if (user.uuid === account.uuid) {
      // The signed-in account's own token already is this user's token: no switch needed.
      this.ready({ uuid: user.uuid, title: user.title, protected: false }, accountToken, via)
      return
    }
    this.set({ kind: 'switching', users: this.users, user })
    this.switchTo(user, null, via)
  }

  private openPad(user: HomeUser): void {
    this.set({ kind: 'pin', users: this.users, user, pad: openPinPad(user.uuid, this.ledger, this.options.clock.now()) })
    this.syncTick()
  }

  private switchTo(user: HomeUser, pin: string | null, via: 'auto' | 'picked' | 'pin'): void {
    const { client, accountToken } = this.options
    this.send(
      (signal) => client.switchHomeUser(accountToken, user.uuid, pin, { signal, timeoutMs: this.timeoutMs }),
      (switched) => {
        if (pin !== null) {
          this.padAction({ type: 'result', outcome: 'ok', at: this.options.clock.now() })
          this.ledger.forget(user.uuid)
        }
        const asked = pin !== null || user.protected || this.pinDemanded.has(user.uuid)
        this.ready({ uuid: user.uuid, title: switched.title || user.title, protected: asked }, switched.authToken, via)
      },
      (error) => {
        const c = classifyPickerError(error)
        if (c === 'aborted') return
        if (pin === null) {
          if (c.fault === 'invalidPin') {
            // 403/1041 on a user not marked protected: plex.tv wants a PIN after all (§13.9).
            this.pinDemanded.add(user.uuid)
            this.openPad(user)
            return
          }
          this.set({ kind: 'picking', users: this.users, failure: { uuid: user.uuid, error: c } })
          return
        }
        const at = this.options.clock.now()
        if (c.fault === 'invalidPin') this.padAction({ type: 'result', outcome: 'wrong', at })
        else this.padAction({ type: 'result', outcome: 'error', fault: c.fault, at })
      },
    )
  }

  private padAction(action: PinPadAction): void {
    const s = this.current
    if (s.kind !== 'pin') return
    const { state: pad, intent } = reducePinPad(s.pad, action)
    if (action.type === 'result') this.ledger.record(pad)
    if (intent?.type === 'leave') {
      this.cancelRequest()
      this.cancelTick()
      this.set({ kind: 'picking', users: this.users, failure: null })
      return
    }
    if (pad !== s.pad) this.set({ ...s, pad })
    this.syncTick()
    if (intent?.type === 'submit') this.switchTo(s.user, intent.pin, 'pin')
  }

  private ready(user: ChosenUser, userToken: string, via: 'noHome' | 'auto' | 'picked' | 'pin'): void {
    this.cancelTick()
    const { store, account } = this.options
    if (store !== undefined) rememberUser(store, { id: account.id, title: account.title }, user, userToken)
    this.set({ kind: 'ready', user, userToken, via })
  }

  /** One request at a time: a new one cancels the previous; answers to a cancelled one are dropped. */
  private send<T>(run: (signal: AbortSignal) => Promise<T>, ok: (value: T) => void, fail: (error: unknown) => void): void {
    this.request.send(run, ok, fail)
  }

  private syncTick(): void {
    this.cancelTick()
    const s = this.current
    if (s.kind !== 'pin') return
    const { clock } = this.options
    const delay = nextPinPadTick(s.pad, clock.now())
    if (delay === null) return
    this.tickTimer = clock.setTimeout(() => {
      this.tickTimer = null
      this.padAction({ type: 'tick', at: clock.now() })
    }, delay)
  }

  private cancelTick(): void {
    if (this.tickTimer !== null) this.options.clock.clearTimeout(this.tickTimer)
    this.tickTimer = null
  }

  private cancelRequest(): void {
    this.request.cancel()
  }

  private cancelAll(): void {
    this.cancelRequest()
    this.cancelTick()
  }

  private set(next: HomeUsersState): void {
    if (next === this.current) return
    this.current = next
    for (const listener of [...this.listeners]) listener(next)
  }
}
