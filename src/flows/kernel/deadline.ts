/**
 * One request with a deadline kept on the injected Clock (never a bare setTimeout), for the picker flows:
 * the connection race, the Home user calls and the claim. The deadline wins even when a client ignores its
 * AbortSignal, so one hanging connection can never hold a list back.
 */
import { Aborted, Timeout } from '../../plex/errors.js'
import type { Clock } from './clock.js'

/**
 * Runs `run` with a signal that is aborted when `ms` pass on `clock` (→ rejects `Timeout(ms)`) or when
 * `parent` aborts (→ rejects `Aborted`). Either way the request is cancelled and the timer cleared, so
 * nothing is left behind once the promise has settled.
 */
export function withDeadline<T>(
  clock: Clock,
  ms: number,
  parent: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (parent?.aborted) {
      reject(new Aborted())
      return
    }
    const controller = new AbortController()
    let timer: unknown = null
    let settled = false
    const settle = (finish: () => void): void => {
      if (settled) return
      settled = true
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      parent?.removeEventListener('abort', onParentAbort)
      finish()
    }
    const onParentAbort = (): void => {
      settle(() => reject(new Aborted()))
      controller.abort()
    }
    timer = clock.setTimeout(() => {
      timer = null
      settle(() => reject(new Timeout(ms)))
      controller.abort()
    }, ms)
    parent?.addEventListener('abort', onParentAbort, { once: true })
    let work: Promise<T>
    try {
      work = run(controller.signal)
    } catch (error) {
      settle(() => reject(error))
      return
    }
    work.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    )
  })
}

/**
 * One request at a time, each under a deadline: sending a new one cancels the previous, and answers to a
 * cancelled one are dropped. The owner calls `cancel()` when it stops, so nothing is left in flight.
 */
export class LatestRequest {
  private controller: AbortController | null = null

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  send<T>(run: (signal: AbortSignal) => Promise<T>, ok: (value: T) => void, fail: (error: unknown) => void): void {
    this.cancel()
    const controller = new AbortController()
    this.controller = controller
    withDeadline(this.clock, this.timeoutMs, controller.signal, run).then(
      (value) => {
        if (this.controller !== controller) return
        this.controller = null
        ok(value)
      },
      (error: unknown) => {
        if (this.controller !== controller) return
        this.controller = null
        fail(error)
      },
    )
  }

  cancel(): void {
    const c = this.controller
    this.controller = null
    c?.abort()
  }
}
