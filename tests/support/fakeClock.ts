/**
 * A Clock for tests: time moves only when a test says so. `advance(ms)` runs the timers that fall due, in
 * due-time order (ties in the order they were set), with `now()` equal to each timer's due time; timers
 * set while advancing run too if they fall due inside the window. `advanceAsync` also lets promise
 * continuations run after every timer, which is what an effect runner awaiting a fake client needs.
 */
import type { Clock } from '../../src/flows/kernel/clock.js'

interface Scheduled {
  id: number
  due: number
  fn: () => void
}

/** 2026-11-23T00:00:00Z: an epoch-like start, since stored deadlines are epoch ms. */
export const FAKE_EPOCH = Date.UTC(2026, 10, 23)

export class FakeClock implements Clock {
  private time: number
  private nextId = 1
  private readonly timers = new Map<number, Scheduled>()

  constructor(start = FAKE_EPOCH) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++
    this.timers.set(id, { id, due: this.time + Math.max(0, ms), fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle)
  }

  /** Timers set and not yet run nor cleared. */
  pendingTimers(): number {
    return this.timers.size
  }

  /** Due time of the earliest pending timer, or null. */
  nextDue(): number | null {
    return this.earliest()?.due ?? null
  }

  /** Moves time forward by `ms`, running due timers synchronously. */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const t = this.earliest()
      if (t === undefined || t.due > end) break
      this.timers.delete(t.id)
      this.time = Math.max(this.time, t.due)
      t.fn()
    }
    this.time = end
  }

  /** Like advance, but drains pending promise work before and after each timer. */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.time + ms
    await flushPromises()
    for (;;) {
      const t = this.earliest()
      if (t === undefined || t.due > end) break
      this.timers.delete(t.id)
      this.time = Math.max(this.time, t.due)
      t.fn()
      await flushPromises()
    }
    this.time = end
    await flushPromises()
  }

  private earliest(): Scheduled | undefined {
    let best: Scheduled | undefined
    for (const t of this.timers.values()) if (best === undefined || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t
    return best
  }
}

/**
 * Lets every queued promise continuation run. setImmediate is a macrotask: by the time it fires, the
 * microtask queue is empty. No time passes on any clock.
 */
export function flushPromises(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
}
