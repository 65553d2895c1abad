import type { Clock } from '../../flows/kernel/clock.js'

/**
 * Calls `fn` once a second while started, for countdowns on screen. Owned by a controller, which
 * stops it when its screen goes away.
 */
export class Ticker {
  private handle: unknown = null

  constructor(
    private readonly clock: Clock,
    private readonly fn: () => void,
    private readonly periodMs = 1000,
  ) {}

  start(): void {
    if (this.handle !== null) return
    const tick = () => {
      this.handle = this.clock.setTimeout(tick, this.periodMs)
      this.fn()
    }
    this.handle = this.clock.setTimeout(tick, this.periodMs)
  }

  stop(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle)
    this.handle = null
  }

  get running(): boolean {
    return this.handle !== null
  }
}
