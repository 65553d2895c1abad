/**
 * Diagnostics for "linking does not work": is plex.tv reachable and how fast, is it healthy, and is this
 * TV's clock right (a wrong clock breaks TLS on set-top boxes and makes codes look expired). One request
 * (POST /api/v2/pins without a token, what a code needs: any answer means reachable), timed on the
 * injected clock; plex.tv's clock (the new pin's `createdAt`; its `Date` header is hidden from a browser
 * by CORS) against the device clock. Pure: no view, no Lightning.
 */
import type { PlexTvApi } from '../plex/api.js'
import type { Clock } from './clock.js'
import { LatestRequest } from './deadline.js'
import { classifyPickerError } from './pickerFaults.js'

/** TLS and the pin countdown cope with a little drift; beyond this the clock is worth fixing. */
export const CLOCK_TOLERANCE_MS = 2 * 60_000

export type Reach =
  | { kind: 'ok'; rttMs: number }
  /** plex.tv answered with a 5xx or 429: reachable, but in trouble. */
  | { kind: 'trouble'; status: number; rttMs: number }
  | { kind: 'unreachable'; fault: 'network' | 'timeout' | 'other' }

export interface DiagnosticsResult {
  reach: Reach
  /** plex.tv's clock minus this TV's, ms; null when it could not be compared. */
  clockSkewMs: number | null
}

export type DiagnosticsState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: DiagnosticsResult }

export function clockIsWrong(skewMs: number | null): boolean {
  return skewMs !== null && Math.abs(skewMs) > CLOCK_TOLERANCE_MS
}

export class DiagnosticsSession {
  private current: DiagnosticsState = { kind: 'idle' }
  private readonly request: LatestRequest
  private readonly listeners = new Set<(s: DiagnosticsState) => void>()

  constructor(
    private readonly client: PlexTvApi,
    private readonly clock: Clock,
    timeoutMs: number,
  ) {
    this.request = new LatestRequest(clock, timeoutMs)
  }

  get state(): DiagnosticsState {
    return this.current
  }

  subscribe(listener: (s: DiagnosticsState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  run(): void {
    const started = this.clock.now()
    this.set({ kind: 'running' })
    this.request.send(
      (signal) => this.client.ping({ signal }),
      ({ status, serverDate }) => {
        const ended = this.clock.now()
        const rttMs = ended - started
        const reach: Reach = status >= 500 || status === 429 ? { kind: 'trouble', status, rttMs } : { kind: 'ok', rttMs }
        // the Date header was written somewhere between sending and receiving: compare with the middle
        // (it has one-second resolution, far below the tolerance)
        const clockSkewMs = serverDate === null ? null : serverDate - (started + ended) / 2
        this.set({ kind: 'done', result: { reach, clockSkewMs } })
      },
      (error) => {
        const c = classifyPickerError(error)
        if (c === 'aborted') return
        const fault = c.fault === 'network' || c.fault === 'timeout' ? c.fault : 'other'
        this.set({ kind: 'done', result: { reach: { kind: 'unreachable', fault }, clockSkewMs: null } })
      },
    )
  }

  stop(): void {
    this.request.cancel()
    this.set({ kind: 'idle' })
  }

  private set(state: DiagnosticsState): void {
    this.current = state
    for (const l of [...this.listeners]) l(state)
  }
}

/** What went wrong lately, for the diagnostics screen: no tokens, codes or pin ids ever get in here. */
export interface ErrorEntry {
  at: number
  /** Which call: "getPin", "createPin", "getUser", "getHomeUsers", "getResources"… */
  request: string
  fault: string
  status: number | null
}

export class ErrorLog {
  private readonly entries: ErrorEntry[] = []
  constructor(private readonly size = 8) {}

  record(entry: ErrorEntry): void {
    const last = this.entries.at(-1)
    // one line per episode: a fault retried every few seconds is still one fault
    if (last && last.request === entry.request && last.fault === entry.fault && last.status === entry.status) {
      last.at = entry.at
      return
    }
    this.entries.push({ ...entry, request: redact(entry.request), fault: redact(entry.fault) })
    if (this.entries.length > this.size) this.entries.shift()
  }

  recent(): readonly ErrorEntry[] {
    return this.entries
  }
}

/** Anything that looks like a token (long run of letters, digits, -, _) or a pin id (6+ digits) → "…". */
export function redact(text: string): string {
  return text.replace(/[A-Za-z0-9_-]{20,}/g, '…').replace(/\d{6,}/g, '…')
}
