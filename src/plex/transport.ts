/**
 * One axios instance per client, configured so that every outcome is either a raw HTTP answer
 * (any status, body as text) or a typed transport error (Aborted, Timeout, NetworkError).
 * The clients then map statuses and parse bodies themselves. Works with the XHR adapter (TV browsers)
 * and the http adapter (Node tests) alike: nothing here imports a Node module.
 */
import axios, { isAxiosError, isCancel, type AxiosInstance, type AxiosRequestConfig } from 'axios'
import { Aborted, NetworkError, RateLimited, Timeout, type PlexError } from './errors.js'
import { tokenHeader, type HeaderSet } from './headers.js'
import type { RequestOptions } from './api.js'

/** Same as axios' `adapter` option: 'xhr' | 'http' | 'fetch' | a function. Tests may pass their own. */
export type TransportAdapter = AxiosRequestConfig['adapter']

export interface TransportOptions {
  /** plex.tv base URL; left out for PMS calls, which use absolute URIs. */
  baseURL?: string
  /** The X-Plex-* headers, read for each request: the device name can be changed while the app runs. */
  headers: () => HeaderSet
  timeoutMs: number
  adapter?: TransportAdapter
  /** Query parameters added to every request (settings' plexTvQuery); a request's own params win. */
  query?: Record<string, string>
}

export interface WireRequest {
  method: 'GET' | 'POST' | 'PUT'
  /** Path (with baseURL) or absolute URI. Never holds an account token. */
  url: string
  /** Sent only as the X-Plex-Token header. */
  token?: string | null
  /** Query parameters (non-secret: flags, a Home PIN, a claim token; see callers). */
  params?: Record<string, string>
  /** application/x-www-form-urlencoded body. */
  form?: Record<string, string>
  /** JSON body (plex-api.md §9: pins with a JWK, /auth/jwk, /auth/token). */
  json?: Record<string, unknown>
  opts?: RequestOptions
}

export interface WireResponse {
  status: number
  body: string
  /** A response header by lower-case name, or null. */
  header(name: string): string | null
}

export interface Transport {
  send(request: WireRequest): Promise<WireResponse>
}

function formBody(fields: Record<string, string>): string {
  return Object.keys(fields)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(fields[k] ?? '')}`)
    .join('&')
}

export function createTransport(options: TransportOptions): Transport {
  const instance: AxiosInstance = axios.create({
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs,
    ...(options.adapter !== undefined ? { adapter: options.adapter } : {}),
    // Every status comes back as a response; the clients decide what it means.
    validateStatus: () => true,
    // No parse-by-guessing: axios would otherwise hand back malformed JSON as a silent string.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    // Node's redirect follower re-sends custom headers (X-Plex-Token) to whatever host a 3xx names.
    // Neither plex.tv's v2 API nor a PMS redirects these calls, so a redirect is an error, not a hop.
    maxRedirects: 0,
    // Tells a timeout (ETIMEDOUT) apart from a browser-cancelled XHR (ECONNABORTED).
    transitional: { clarifyTimeoutError: true },
  })

  return {
    async send(request) {
      const timeoutMs = request.opts?.timeoutMs ?? options.timeoutMs
      const signal = request.opts?.signal
      if (signal?.aborted) throw new Aborted()
      const slot = request.opts?.pace?.()
      if (slot) await slot
      if (signal?.aborted) throw new Aborted()
      const headers: HeaderSet = { ...options.headers(), ...(request.token ? tokenHeader(request.token) : {}) }
      let data: string | undefined
      if (request.form) {
        data = formBody(request.form)
        headers['Content-Type'] = 'application/x-www-form-urlencoded'
      } else if (request.json) {
        data = JSON.stringify(request.json)
        headers['Content-Type'] = 'application/json'
      }
      try {
        const res = await instance.request<unknown>({
          method: request.method,
          url: request.url,
          headers,
          timeout: timeoutMs,
          ...(request.params || options.query ? { params: { ...options.query, ...request.params } } : {}),
          ...(data !== undefined ? { data } : {}),
          ...(signal ? { signal } : {}),
        })
        const raw = res.data
        const body = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : JSON.stringify(raw)
        const resHeaders = res.headers as Record<string, unknown>
        return {
          status: res.status,
          body,
          header(name) {
            const v = resHeaders[name.toLowerCase()] ?? resHeaders[name]
            return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null
          },
        }
      } catch (e) {
        throw transportError(e, timeoutMs, signal)
      }
    },
  }
}

/**
 * No HTTP answer → a typed error. The axios error itself is dropped on purpose: its `config` holds the
 * request headers, token included, and must never reach a log or an error report.
 */
export function transportError(e: unknown, timeoutMs: number, signal: AbortSignal | undefined): PlexError {
  if (signal?.aborted || isCancel(e)) return new Aborted()
  if (isAxiosError(e)) {
    // ETIMEDOUT: axios' own timeout (clarifyTimeoutError) or the OS connect timeout. ECONNABORTED: an
    // XHR the browser cancelled by itself; like a timeout it is "no answer, try again".
    if (e.code === 'ETIMEDOUT' || e.code === 'ECONNABORTED') return new Timeout(timeoutMs)
    // ECONNREFUSED, ECONNRESET, ENOTFOUND, ERR_NETWORK (XHR: offline, DNS, CORS, mixed content)...
    return new NetworkError(e.code ?? null)
  }
  return new NetworkError(null)
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or
 * unreadable. In a browser the header is usually unreadable anyway: plex.tv exposes only `Location` to
 * CORS callers (plex-api.md §0), so callers must have their own back-off.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  if (text === '' || !/[a-z]/i.test(text)) return null
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - nowMs)
}

export function rateLimited(res: WireResponse): RateLimited {
  return new RateLimited(parseRetryAfter(res.header('retry-after'), Date.now()))
}

/** The first plex.tv v2 error envelope entry, `{"errors":[{"code":1020,"message":"..."}]}` (§0), if any. */
export function plexTvErrorOf(body: string): { code: number | null; message: string } {
  try {
    const json = JSON.parse(body) as unknown
    const errors = typeof json === 'object' && json !== null ? (json as { errors?: unknown }).errors : undefined
    const first = Array.isArray(errors) ? (errors[0] as unknown) : undefined
    if (typeof first === 'object' && first !== null) {
      const { code, message } = first as { code?: unknown; message?: unknown }
      return { code: typeof code === 'number' ? code : null, message: typeof message === 'string' ? message : '' }
    }
  } catch {
    /* not JSON: no envelope */
  }
  return { code: null, message: '' }
}
