/**
 * What every flow's session shares: a runner that exists while the flow runs (start → stop, and start
 * again), and listeners that outlive a restart and hear about the part of the model they watch.
 */
import type { Clock } from './clock.js'
import { Pacer } from './pacer.js'
import { FlowRunner, type FlowDefinition, type RunnerDeps } from './runner.js'
import { alwaysVisible, type PageVisibility } from './visibility.js'

export class FlowHost<M, E, C> {
  private runner: FlowRunner<M, E, C> | null = null
  private current: M
  private readonly listeners = new Set<(model: M, previous: M) => void>()

  /** `idle`: the model while the flow is not running (before start, after stop). */
  constructor(
    private readonly flow: FlowDefinition<M, E, C>,
    private readonly deps: RunnerDeps,
    private readonly idle: M,
  ) {
    this.current = idle
  }

  get model(): M {
    return this.current
  }

  get running(): boolean {
    return this.runner !== null
  }

  now(): number {
    return this.deps.clock.now()
  }

  /** (Re)starts the flow from `initial`, then hands it `first`. A running flow is stopped first. */
  start(initial: M, first: E): void {
    this.stop()
    const runner = new FlowRunner(this.flow, initial, this.deps)
    this.runner = runner
    // silently: listeners hear about what the first event makes of it, not about a fresh idle model
    this.current = initial
    runner.subscribe((next) => this.set(next))
    runner.dispatch(first)
  }

  dispatch(event: E): void {
    this.runner?.dispatch(event)
  }

  /** Ends the flow's timer and request; the model goes back to `idle`. */
  stop(): void {
    const runner = this.runner
    this.runner = null
    if (runner === null) return
    runner.dispose()
    this.set(this.idle)
  }

  /** Calls `listener` with the watched part of the model whenever it changes; returns the unsubscribe function. */
  watch<S>(select: (model: M) => S, listener: (value: S, previous: S) => void): () => void {
    const l = (model: M, previous: M) => {
      const value = select(model)
      const before = select(previous)
      if (value !== before) listener(value, before)
    }
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  private set(next: M): void {
    const previous = this.current
    if (next === previous) return
    this.current = next
    for (const l of [...this.listeners]) l(next, previous)
  }
}

/** What every flow session takes besides its client: time, the shared pacer, the page, the jitter source. */
export interface FlowOptions {
  clock: Clock
  /** Shared by every flow of the app (services.ts); a private one when omitted. */
  pacer?: Pacer
  /** Nothing is sent while it is hidden; always visible when omitted. */
  visibility?: PageVisibility
  /** [0, 1) source for the backoff's jitter; Math.random when omitted. */
  random?: () => number
}

/** The runner's dependencies for a session's options, with the defaults filled in. */
export function runnerDeps(options: FlowOptions, timeoutMs?: number): RunnerDeps {
  return {
    clock: options.clock,
    pacer: options.pacer ?? new Pacer(),
    visibility: options.visibility ?? alwaysVisible,
    ...(options.random ? { random: options.random } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  }
}
