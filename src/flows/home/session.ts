/**
 * Runs the Home users reducer on the kernel's runner: one request at a time (the users, or a switch), the
 * automatic retry of a failed load and the end of a PIN cool-down on its one timer; remembers the chosen
 * user (selection.ts: the token only for an unprotected user) and the PIN attempts (pinAttempts.ts).
 */
import type { PlexTvApi } from '../../plex/api.js'
import type { PlexAccount } from '../../plex/types.js'
import type { KeyValueStore } from '../../platform/storage.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { FlowDefinition } from '../kernel/runner.js'
import { rememberUser } from '../launch/selection.js'
import { loadPinAttempts, savePinAttempts } from './pinAttempts.js'
import { homeWakeAt, initialHomeModel, reduceHome, type HomeCall, type HomeEvent, type HomeModel, type HomeUsersState } from './reducer.js'

export const DEFAULT_HOME_REQUEST_TIMEOUT_MS = 10_000

export interface HomeUsersOptions extends FlowOptions {
  client: PlexTvApi
  account: Pick<PlexAccount, 'id' | 'uuid' | 'title'> & { thumb?: string }
  accountToken: string
  /** Where the chosen user and the PIN attempts are kept. */
  store: KeyValueStore
  requestTimeoutMs?: number
}

export type HomeUsersListener = (state: HomeUsersState) => void

/** Every Home call is made with the account token (one account per session). */
function homeFlow(client: PlexTvApi, accountToken: string, timeoutMs: number): FlowDefinition<HomeModel, HomeEvent, HomeCall> {
  return {
    reduce: reduceHome,
    request: (m) => m.inFlight,
    wakeAt: homeWakeAt,
    describe: (c) => ({ call: c.call }),
    perform: async ({ seq, call }, signal, pace) => {
      const opts = { signal, timeoutMs, pace }
      if (call.call === 'getHomeUsers') {
        const home = await client.getHomeUsers(accountToken, opts)
        return (at) => ({ type: 'usersLoaded', seq, at, users: home.users })
      }
      const switched = await client.switchHomeUser(accountToken, call.user.uuid, call.pin, opts)
      return (at) => ({ type: 'switched', seq, at, switched })
    },
    failed: (seq, fault, at, random) => ({ type: 'failed', seq, at, fault, random }),
    timer: (at) => ({ type: 'timer', at }),
  }
}

export class HomeUsersSession {
  private readonly host: FlowHost<HomeModel, HomeEvent, HomeCall>

  constructor(private readonly options: HomeUsersOptions) {
    const { store, client, accountToken, account } = options
    const timeoutMs = options.requestTimeoutMs ?? DEFAULT_HOME_REQUEST_TIMEOUT_MS
    this.host = new FlowHost(homeFlow(client, accountToken, timeoutMs), runnerDeps(options, timeoutMs), initialHomeModel(account, accountToken))
    this.host.watch(
      (m) => m.attempts,
      (attempts) => {
        if (this.host.running) savePinAttempts(store, attempts)
      },
    )
    this.host.watch(
      (m) => m.state,
      (state) => {
        if (state.kind === 'ready') rememberUser(store, { id: account.id, title: account.title }, state.user, state.userToken)
      },
    )
  }

  get state(): HomeUsersState {
    return this.host.model.state
  }

  now(): number {
    return this.host.now()
  }

  subscribe(listener: HomeUsersListener): () => void {
    return this.host.watch((m) => m.state, listener)
  }

  /**
   * Loads the users (again: a running session starts over). `pinFor`: open the pad for that user directly
   * when they are still in the Home and protected. The PIN attempts are read from storage here.
   */
  start(opts: { pinFor?: string } = {}): void {
    const { store, accountToken, account } = this.options
    const initial = initialHomeModel(account, accountToken, loadPinAttempts(store, this.now()))
    this.host.start(initial, { type: 'start', at: this.now(), pinFor: opts.pinFor ?? null })
  }

  /** Ends the request in flight and the timer; the state goes back to idle. */
  stop(): void {
    this.host.stop()
  }

  /** OK on a user of the picker. */
  pick(uuid: string): void {
    this.host.dispatch({ type: 'pick', uuid, at: this.now() })
  }

  /** OK after `loadFailed` or a failed switch: try again in the next allowed slot. */
  retry(): void {
    this.host.dispatch({ type: 'retry', at: this.now() })
  }

  /** A digit from the number keys or the on-screen grid. */
  pinDigit(digit: number): void {
    this.host.dispatch({ type: 'pad', action: { type: 'digit', digit, at: this.now() } })
  }

  /** Back on the pad: delete a digit, or leave the pad for the picker when nothing is typed. */
  pinBack(): void {
    this.host.dispatch({ type: 'pad', action: { type: 'backspace', at: this.now() } })
  }

  /** The pad's Cancel key: back to the picker whatever was typed (a PIN being checked is abandoned). */
  leavePad(): void {
    this.host.dispatch({ type: 'leavePad' })
  }
}
