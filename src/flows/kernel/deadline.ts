/**
 * One request with a deadline kept on the injected Clock (never a bare setTimeout), for the runner's
 * requests that have a deadline and the connection race's probes. The deadline wins even when a client
 * ignores its AbortSignal, so one hanging connection can never hold a list back.
 */
import { Aborted, Timeout } from '../../plex/errors.js'
import type { Clock } from './clock.js'

/**
 * Runs `run` with a signal that is aborted when `ms` pass on `clock` (→ rejects `Timeout(ms)`) or when
 * `parent` aborts (→ rejects `Aborted`). Either way the request is cancelled and the timer cleared, so
 * nothing is left behind once the promise has settled.
 */
export function withDeadline<T>(clock: Clock, ms: number, parent: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
      settle(() => reject(asError(error)))
      return
    }
    work.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(asError(error))),
    )
  })
}

/**
 * Clients reject with a PlexError; anything else that is not even an Error is wrapped, so callers (and
 * `classify`, which calls it a bad answer) always get an Error.
 */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
