/**
 * The one effect runner every flow uses. A flow is data: a model, a pure reducer, and two functions that
 * say what the model wants done — the request it wants in flight (described as data, with a sequence
 * number) and when it wants a `timer` event. The runner does it:
 *  - it owns the flow's single timer and its single request in flight (with its AbortController);
 *  - it sends a wanted request only when the shared `Pacer` allows (≤ 1 request/s per resource, nothing
 *    before a 429's hold is over) and the page is visible; until then the request waits, so presses of
 *    "retry now" coalesce into the next allowed slot instead of becoming requests;
 *  - it hides the page's requests: hiding aborts the one in flight, showing sends it again;
 *  - it classifies every failure with the one fault vocabulary (`classify`) and records a 429 in the Pacer,
 *    so a Retry-After holds in every flow that uses that resource;
 *  - `dispose()` clears the timer, aborts the request and stops listening: nothing is left behind.
 * Answers to a request the model no longer wants (a newer seq, or none) are dropped.
 */
import type { Pace } from '../../plex/api.js'
import type { Clock } from './clock.js'
import { asError, withDeadline } from './deadline.js'
import { classify, type Call, type Fault } from './faults.js'
import { resourceOf, type Pacer } from './pacer.js'
import type { PageVisibility } from './visibility.js'

/** A request the model wants in flight. `seq` identifies it; answers carry it back. */
export interface WantedRequest<C> {
  seq: number
  call: C
}

/** What a request is, for the policy: which call (fault meaning, pacing) and which address (a server's). */
export interface CallInfo {
  call: Call
  uri?: string
}

export interface FlowDefinition<M, E, C> {
  reduce(model: M, event: E): M
  /** The request the model wants in flight, or null. */
  request(model: M): WantedRequest<C> | null
  /** When the model next wants `timer(at)`, or null. A flow without timers leaves both out. */
  wakeAt?(model: M): number | null
  describe(call: C): CallInfo
  /**
   * Makes the call; resolves with the event its answer becomes (given the clock time of the answer). `pace`
   * goes in the call's RequestOptions: the transport calls it as the call's own request leaves.
   */
  perform(request: WantedRequest<C>, signal: AbortSignal, pace: Pace): Promise<(at: number) => E>
  failed(seq: number, fault: Fault, at: number, random: number): E
  timer?(at: number): E
  /** The page was hidden or shown (the request in flight is already aborted on hiding). */
  visibility?(visible: boolean, at: number): E
}

export interface RunnerDeps {
  clock: Clock
  pacer: Pacer
  visibility: PageVisibility
  /** [0, 1) source for the jitter, drawn here so reducers stay pure. */
  random?: () => number
  /** A deadline per request on the clock; without it the client's own timeout applies. */
  timeoutMs?: number
}

export type ModelListener<M> = (model: M, previous: M) => void

export class FlowRunner<M, E, C> {
  private current: M
  private timer: unknown = null
  private timerAt: number | null = null
  private inFlight: { seq: number; controller: AbortController } | null = null
  private readonly listeners = new Set<ModelListener<M>>()
  private readonly stopWatching: () => void
  private readonly random: () => number
  private disposed = false
  private dispatching = false
  private readonly queue: E[] = []

  constructor(
    private readonly flow: FlowDefinition<M, E, C>,
    initial: M,
    private readonly deps: RunnerDeps,
  ) {
    this.current = initial
    this.random = deps.random ?? Math.random
    this.stopWatching = deps.visibility.subscribe((hidden) => this.onVisibility(hidden))
  }

  get model(): M {
    return this.current
  }

  now(): number {
    return this.deps.clock.now()
  }

  /** Called after every change of the model; returns the unsubscribe function. */
  subscribe(listener: ModelListener<M>): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispatch(event: E): void {
    if (this.disposed) return
    // An event raised by a listener is handled after the current one, never in the middle of it.
    this.queue.push(event)
    if (this.dispatching) return
    this.dispatching = true
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        const previous = this.current
        this.current = this.flow.reduce(previous, next)
        this.sync()
        if (this.current !== previous) for (const l of [...this.listeners]) l(this.current, previous)
        if (this.disposed) break
      }
    } finally {
      this.dispatching = false
      this.queue.length = 0
    }
  }

  /** Ends the flow's timer, aborts its request, stops listening. Nothing runs after this. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.stopWatching()
    this.abortInFlight()
    this.clearTimer()
    this.listeners.clear()
  }

  private onVisibility(hidden: boolean): void {
    if (hidden) this.abortInFlight()
    if (this.flow.visibility) this.dispatch(this.flow.visibility(!hidden, this.now()))
    else this.sync()
  }

  private sync(): void {
    if (this.disposed) return
    const wanted = this.flow.request(this.current)
    if (this.inFlight !== null && this.inFlight.seq !== wanted?.seq) this.abortInFlight()
    let sendAt: number | null = null
    if (wanted !== null && this.inFlight === null && !this.deps.visibility.hidden) {
      const now = this.now()
      const slot = this.deps.pacer.earliest(this.resource(wanted.call), now)
      if (slot <= now) this.send(wanted)
      else sendAt = slot
    }
    const wake = this.flow.wakeAt?.(this.current) ?? null
    this.setTimer(wake === null ? sendAt : sendAt === null ? wake : Math.min(wake, sendAt))
  }

  private resource(call: C): string {
    const info = this.flow.describe(call)
    return resourceOf(info.call, info.uri)
  }

  private send(wanted: WantedRequest<C>): void {
    const controller = new AbortController()
    const entry = { seq: wanted.seq, controller }
    this.inFlight = entry
    const { clock, pacer, timeoutMs } = this.deps
    const info = this.flow.describe(wanted.call)
    const resource = resourceOf(info.call, info.uri)
    pacer.sent(resource, clock.now())
    const run = (signal: AbortSignal) => this.flow.perform(wanted, signal, () => paceRequest(clock, pacer, resource, signal))
    const work = timeoutMs === undefined ? startSafely(run, controller.signal) : withDeadline(clock, timeoutMs, controller.signal, run)
    work.then(
      (toEvent) => {
        if (this.inFlight !== entry) return
        this.inFlight = null
        this.dispatch(toEvent(clock.now()))
      },
      (error: unknown) => {
        if (this.inFlight !== entry) return
        this.inFlight = null
        const at = clock.now()
        const fault = classify(error, info.call)
        if (fault.kind === 'rateLimited') pacer.rateLimited(resource, at, fault.retryAfterMs)
        this.dispatch(this.flow.failed(wanted.seq, fault, at, fault.retryable ? this.random() : 0))
      },
    )
  }

  private abortInFlight(): void {
    const entry = this.inFlight
    this.inFlight = null
    entry?.controller.abort()
  }

  private setTimer(at: number | null): void {
    if (at === this.timerAt && (at === null || this.timer !== null)) return
    this.clearTimer()
    if (at === null) return
    const { clock } = this.deps
    this.timerAt = at
    this.timer = clock.setTimeout(
      () => {
        this.timer = null
        this.timerAt = null
        const now = clock.now()
        const wake = this.flow.wakeAt?.(this.current) ?? null
        if (wake !== null && wake <= now && this.flow.timer) this.dispatch(this.flow.timer(now))
        else this.sync()
      },
      Math.max(0, at - clock.now()),
    )
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer)
    this.timer = null
    this.timerAt = null
  }
}

/**
 * The request of a call is leaving: it goes now if the Pacer allows, else after a wait owned by the call (an
 * abort ends the wait, and the transport then rejects with Aborted). Either way it is marked as sent when it
 * goes. A call whose preparation took time can still be within a gap of the request before it.
 */
function paceRequest(clock: Clock, pacer: Pacer, resource: string, signal: AbortSignal): Promise<void> | null {
  if (signal.aborted) return null
  const now = clock.now()
  const at = pacer.earliestWire(resource, now)
  if (at <= now) {
    pacer.wired(resource, now)
    return null
  }
  return new Promise<void>((resolve) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer)
      resolve()
    }
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      pacer.wired(resource, clock.now())
      resolve()
    }, at - now)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function startSafely<T>(run: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return run(signal)
  } catch (error) {
    return Promise.reject(asError(error))
  }
}
