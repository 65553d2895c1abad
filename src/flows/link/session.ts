/**
 * Runs the link-code reducer on the kernel's runner and keeps what must survive a reload: the pins being
 * polled (pendingPins.ts) and the account token the moment it arrives.
 */
import type { PlexTvApi } from '../../plex/api.js'
import type { PlexAccount } from '../../plex/types.js'
import type { KeyValueStore } from '../../platform/storage.js'
import { storageKeys } from '../../platform/storageKeys.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { RetryPolicy } from '../kernel/policy.js'
import type { FlowDefinition } from '../kernel/runner.js'
import type { PageVisibility } from '../kernel/visibility.js'
import { forgetPendingPins, loadPendingPins, savePendingPins, type StoredPin } from './pendingPins.js'
import { initialLinkModel, linkCodeStateOf, nextWakeAt, reduceLinkCode, type LinkEvent, type LinkModel, type LinkTask, type TrackedPin } from './reducer.js'
import type { LinkCodeState } from './state.js'

export interface LinkCodeSessionOptions extends FlowOptions {
  client: PlexTvApi
  store: KeyValueStore
  policy?: RetryPolicy
  /** Called once, when the account of a linked token is known. */
  onLinked?: (token: string, account: PlexAccount) => void
}

export type LinkCodeListener = (state: LinkCodeState) => void
export type LinkedListener = (token: string, account: PlexAccount) => void

function linkFlow(client: PlexTvApi, policy: RetryPolicy | undefined): FlowDefinition<LinkModel, LinkEvent, LinkTask> {
  return {
    reduce: (m, e) => reduceLinkCode(m, e, policy),
    request: (m) => (m.inFlight === null ? null : { seq: m.inFlight.seq, call: m.inFlight.task }),
    wakeAt: nextWakeAt,
    describe: (task) => ({ call: task.call }),
    perform: async ({ seq, call: task }, signal, pace): Promise<(at: number) => LinkEvent> => {
      switch (task.call) {
        case 'createPin': {
          const pin = await client.createPin({ signal, pace })
          return (at) => ({ type: 'pinCreated', seq, at, pin })
        }
        case 'getPin': {
          const pin = await client.getPin(task.pinId, { signal, pace })
          return (at) => ({ type: 'pinPolled', seq, at, pin })
        }
        case 'getUser': {
          const account = await client.getUser(task.token, { signal, pace })
          return (at) => ({ type: 'accountLoaded', seq, at, account })
        }
      }
    },
    failed: (seq, fault, at, random) => ({ type: 'failed', seq, at, fault, random }),
    timer: (at) => ({ type: 'timer', at }),
    visibility: (visible, at) => ({ type: 'visibility', visible, at }),
  }
}

/**
 * The link-code flow. `stop()` clears its timer and aborts its request, so leaving the screen leaves
 * nothing behind; the pins stay stored so coming back within their lifetime shows the same code.
 *
 * Storage: the pins being polled are saved under `storageKeys.pendingPins` whenever they change (removed on
 * link and on idle; `stop({ forgetPin: true })` removes them too). The token is saved under
 * `storageKeys.authToken` the moment it arrives, before the account is fetched, so a reload while /user is
 * failing keeps it (startup then validates it); it is removed only when /user answers 401.
 */
export class LinkCodeSession {
  private readonly host: FlowHost<LinkModel, LinkEvent, LinkTask>
  private readonly visibility: PageVisibility
  private current: LinkCodeState = { kind: 'stopped' }
  private currentKey = JSON.stringify(this.current)
  private readonly listeners = new Set<LinkCodeListener>()
  private readonly linkedListeners = new Set<LinkedListener>()

  constructor(private readonly options: LinkCodeSessionOptions) {
    const deps = runnerDeps(options)
    this.visibility = deps.visibility
    this.host = new FlowHost(linkFlow(options.client, options.policy), deps, initialLinkModel())
    this.host.watch(
      (m) => m,
      (next, prev) => this.changed(prev, next),
    )
    if (options.onLinked) this.linkedListeners.add(options.onLinked)
  }

  get state(): LinkCodeState {
    return this.current
  }

  /** The clock the state's times refer to (`expiresAt`, `retryAt`), for the view's countdown. */
  now(): number {
    return this.host.now()
  }

  /** Shows a code: resumes a stored pin that is still valid, else creates one. No-op when already started. */
  start(): void {
    if (this.host.running) return
    const { store, client } = this.options
    const resumed = loadPendingPins(store, this.now(), client.identity.clientIdentifier)
    // Rewrites the store with only the usable pins (expired or foreign ones are dropped).
    savePendingPins(store, resumed)
    this.host.start(initialLinkModel(), { type: 'start', at: this.now(), visible: !this.visibility.hidden, resumed })
  }

  /**
   * Leaving the screen: clears the timer and aborts the request in flight. The pending pin stays stored
   * so coming back within its lifetime shows the same code; `forgetPin` removes it (stop for good).
   */
  stop(options: { forgetPin?: boolean } = {}): void {
    this.host.stop()
    if (options.forgetPin) forgetPendingPins(this.options.store)
  }

  /** OK on `error` (retry in the next allowed slot), on `idle` (start again), on a failing account fetch. */
  retryNow(): void {
    this.host.dispatch({ type: 'retryNow', at: this.now() })
  }

  /** "Get a new code": the code on screen stays, and keeps working, until the new one is there. */
  newCode(): void {
    this.host.dispatch({ type: 'newCode', at: this.now() })
  }

  /** Called on every state change (not immediately); returns the unsubscribe function. */
  subscribe(listener: LinkCodeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Called once per link, when both the token and its account are known. A listener added after that moment
   * (the flow started before its screen: src/headStart.ts) is told at once.
   */
  onLinked(listener: LinkedListener): () => void {
    this.linkedListeners.add(listener)
    const { token, account } = this.host.model
    if (token !== null && account !== null) listener(token, account)
    return () => this.linkedListeners.delete(listener)
  }

  private changed(prev: LinkModel, next: LinkModel): void {
    this.persist(prev, next)
    this.publish(next)
    if (prev.account === null && next.account !== null && next.token !== null) {
      const { token, account } = next
      for (const listener of [...this.linkedListeners]) listener(token, account)
    }
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

function toStored(p: TrackedPin): StoredPin {
  return { id: p.id, code: p.code, qr: p.qr, clientIdentifier: p.clientIdentifier, expiresAt: p.expiresAt, lifetimeMs: p.lifetimeMs }
}
