/**
 * Slots for connection probes: bounded concurrency (issue 15 item 5). Every probe takes a slot from a `ProbeQueue` first — at most
 * `perHost` in flight per origin (scheme, host and port) and `global` in all. With 500 servers, sending
 * 1000 calls at once made every one wait behind the others (the browser's six connections per origin, a
 * busy page) until the deadline passed, and every row ended "not answering". The server list shares one
 * queue between all its races; a race waiting in the queue is cancelled by stop() like one in flight.
 */

export interface ProbeLimits {
  /** Probes in flight to one origin (scheme://host:port). */
  perHost: number
  /** Probes in flight in all. */
  global: number
}

/**
 * Two per origin leaves the browser's six connections per origin room for the list's own calls; sixteen in
 * all keeps a low-end TV's main thread answering keys while 500 servers are raced (issue 15 item 5).
 */
export const DEFAULT_PROBE_LIMITS: ProbeLimits = { perHost: 2, global: 16 }

interface Waiter {
  origin: string
  grant: (release: () => void) => void
}

/** First come, first served, except that a waiter whose origin is full lets the ones behind it pass. */
export class ProbeQueue {
  private readonly perOrigin = new Map<string, number>()
  private readonly waiting: Waiter[] = []
  private running = 0

  constructor(readonly limits: ProbeLimits = DEFAULT_PROBE_LIMITS) {}

  /** Probes holding a slot now. */
  get inFlight(): number {
    return this.running
  }

  /** Probes waiting for a slot. */
  get queued(): number {
    return this.waiting.length
  }

  /**
   * Resolves with the function that gives the slot back, once `uri`'s origin and the global count are below
   * their caps; resolves null (and leaves the queue) when `signal` aborts first.
   */
  acquire(uri: string, signal: AbortSignal): Promise<(() => void) | null> {
    if (signal.aborted) return Promise.resolve(null)
    return new Promise((resolve) => {
      const waiter: Waiter = {
        origin: originOf(uri),
        grant: (release) => {
          signal.removeEventListener('abort', onAbort)
          resolve(release)
        },
      }
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter)
        if (i >= 0) this.waiting.splice(i, 1)
        resolve(null)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(waiter)
      this.pump()
    })
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.limits.global;) {
      const w = this.waiting[i]!
      const n = this.perOrigin.get(w.origin) ?? 0
      if (n >= this.limits.perHost) {
        i++
        continue
      }
      this.waiting.splice(i, 1)
      this.running++
      this.perOrigin.set(w.origin, n + 1)
      let released = false
      w.grant(() => {
        if (released) return
        released = true
        this.running--
        const left = (this.perOrigin.get(w.origin) ?? 1) - 1
        if (left === 0) this.perOrigin.delete(w.origin)
        else this.perOrigin.set(w.origin, left)
        this.pump()
      })
    }
  }
}

function originOf(uri: string): string {
  try {
    return new URL(uri).origin
  } catch {
    return uri
  }
}
