/**
 * Faults injected into plex.tv paths (never the control API): error statuses, 429s, delays, hanging
 * requests, cut-off bodies and reset sockets, for the next N requests or for a while.
 */
import type { ServerResponse } from 'node:http'
import { errorBody, type Exchange } from './http.js'

export interface FaultSpec {
  /** Exact method, or any when absent. */
  method?: string
  /** Path the fault applies to, e.g. "/api/v2/pins/" (query ignored): a prefix unless `exact` is true. */
  path: string
  /** Match the path exactly instead of as a prefix. */
  exact?: boolean
  kind: 'status' | 'rateLimit' | 'delay' | 'hang' | 'malformed' | 'reset'
  /** For kind 'status': 500, 502, 503… */
  status?: number
  /** For kind 'rateLimit' (or 'status' 429): the Retry-After header in seconds; absent = no header. */
  retryAfterSec?: number
  /** For kind 'delay'. */
  delayMs?: number
  /** Applies to the next N matching requests… */
  count?: number
  /** …or for this long from now (simulator clock). */
  durationMs?: number
}

export const FAULT_KINDS: FaultSpec['kind'][] = ['status', 'rateLimit', 'delay', 'hang', 'malformed', 'reset']

interface ActiveFault extends FaultSpec {
  remaining: number | null
  until: number | null
}

export class Faults {
  private active: ActiveFault[] = []
  /** Requests held by a 'hang' fault. */
  private readonly hanging = new Set<ServerResponse>()

  constructor(private readonly now: () => number) {}

  add(f: FaultSpec): number {
    this.active.push({
      ...f,
      remaining: f.count ?? (f.durationMs === undefined ? 1 : null),
      until: f.durationMs !== undefined ? this.now() + f.durationMs : null,
    })
    return this.active.length
  }

  list() {
    return this.active.map(({ remaining, until, ...spec }) => ({ ...spec, remaining, until }))
  }

  clear(): void {
    this.active = []
    this.closeHanging()
  }

  /** Ends every request held by a 'hang' fault: its socket is destroyed, the client sees a network error. */
  closeHanging(): void {
    for (const r of this.hanging) r.socket?.destroy()
    this.hanging.clear()
  }

  /** The fault that applies to this request, if any (used up by one when counted). */
  match(method: string, path: string): FaultSpec | null {
    const t = this.now()
    this.active = this.active.filter((f) => (f.remaining === null || f.remaining > 0) && (f.until === null || f.until > t))
    const f = this.active.find((x) => (!x.method || x.method.toUpperCase() === method) && (x.exact ? path === x.path : path.startsWith(x.path)))
    if (!f) return null
    if (f.remaining !== null) f.remaining--
    return f
  }

  /**
   * Acts out a fault on a request: true when the request is answered (or dropped) by it, false when the
   * route should answer after all (a 'delay' has waited its time).
   */
  async apply(fault: FaultSpec, x: Exchange, log: (status: number) => void, headers: () => Record<string, string>): Promise<boolean> {
    const { req, res } = x
    if (fault.kind === 'reset') {
      log(0)
      req.socket.destroy()
      return true
    }
    if (fault.kind === 'hang') {
      log(0)
      this.hanging.add(res)
      res.on('close', () => this.hanging.delete(res))
      return true
    }
    const tooMany = () =>
      x.send(429, errorBody(1003, 'Too many requests', 429), fault.retryAfterSec !== undefined ? { 'Retry-After': String(fault.retryAfterSec) } : {})
    if (fault.kind === 'status') {
      const status = fault.status ?? 503
      if (status === 429) tooMany()
      else x.send(status, errorBody(1999, 'Service temporarily unavailable', status))
      return true
    }
    if (fault.kind === 'rateLimit') {
      tooMany()
      return true
    }
    if (fault.kind === 'malformed') {
      log(200)
      res.writeHead(200, { ...headers(), 'Content-Type': 'application/json; charset=utf-8' })
      res.end('{"id": 308667304, "code": "7R') // cut off mid-body
      return true
    }
    if (fault.kind === 'delay') await new Promise((ok) => setTimeout(ok, fault.delayMs ?? 1000))
    return false
  }
}
