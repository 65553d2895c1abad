/** HTTP helpers shared by the simulator's routes: CORS as plex.tv sends it, bodies, the v2 error envelope, answers. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { toXml } from './xml.js'

/** The v2 error envelope (plex-api.md §0): `{"errors":[{code, message, status?}]}`. */
export function errorBody(code: number, message: string, status?: number) {
  return { errors: [{ code, message, ...(status !== undefined ? { status } : {}) }] }
}

/** ISO-8601 without milliseconds, as plex.tv v2 writes pin and resource times (plex-api.md §0). */
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** CORS as plex.tv answers it (plex-api.md §0, captured 2020), with the requested headers allowed. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': (req.headers['access-control-request-headers'] as string | undefined) ?? '*',
    // plex.tv exposes Location only (§0): a browser app can read neither Date nor Retry-After (its 429s
    // are waited out with the client's own minimum), and must not need to.
    'Access-Control-Expose-Headers': 'Location',
    'Access-Control-Max-Age': '86400',
    Vary: 'Origin',
  }
}

/** A field of a form body (application/x-www-form-urlencoded) or a JSON body, as a string; null when absent. */
export function bodyField(req: IncomingMessage, body: string, name: string): string | null {
  if (!body) return null
  if (/json/.test(req.headers['content-type'] ?? '')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>
      const v = parsed[name]
      return v === undefined || v === null ? null : String(v)
    } catch {
      return null
    }
  }
  return new URLSearchParams(body).get(name)
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

/** Writes an answer: `payload` a string (HTML etc.), a JSON value, or undefined for no body. */
export type Send = (status: number, payload: unknown, headers?: Record<string, string>, root?: string) => void

/** One request as the routes see it, with its body read and a `send` that answers JSON or XML. */
export interface Exchange {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  method: string
  path: string
  body: string
  /** Simulator clock, epoch ms, when the request arrived. */
  arrived: number
  send: Send
}

export interface AnswerOptions {
  /** Always JSON (the control API). */
  json: boolean
  /** Headers every answer carries (CORS, Date). */
  headers: () => Record<string, string>
  /** Applied to the text of every JSON/XML answer (e.g. plex.tv's picture URLs → the simulator's). */
  rewrite: (text: string) => string
  /** Called with each status sent. */
  onSend: (status: number) => void
}

/** plex.tv and a PMS answer JSON for `Accept: application/json` or a `.json` suffix, else XML (plex-api.md §0, §11). */
export function wantsJson(req: IncomingMessage, path: string): boolean {
  return /application\/json/.test(req.headers.accept ?? '') || /\.json$/.test(path)
}

/**
 * Rails' boolean casting (ActiveModel::Type::Boolean, rails/rails activemodel/lib/active_model/type/boolean.rb):
 * "" and absent → nil; false, 0, "0", "f", "F", "false", "FALSE", "off", "OFF" → false; anything else → true
 * ("1", "true", "True", "t", "on", "yes", even "False"). plex.tv is a Rails app, so a parameter such as
 * `strong` is read this way (which cast plex.tv applies to that parameter is not public: UNCERTAIN).
 */
export function railsBoolean(value: string | null): boolean | null {
  if (value === null || value === '') return null
  return !['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF'].includes(value)
}

/** The `send` of an exchange: JSON when asked for (Accept or a .json suffix), else XML rooted at `root`. */
export function answerer(req: IncomingMessage, res: ServerResponse, path: string, opts: AnswerOptions): Send {
  return (status, payload, headers = {}, root = 'response') => {
    const json = opts.json || wantsJson(req, path) || typeof payload === 'string'
    let text = ''
    let type = 'application/json; charset=utf-8'
    if (typeof payload === 'string') {
      text = payload
      type = headers['Content-Type'] ?? 'text/html; charset=utf-8'
    } else if (payload !== undefined) {
      // the v2 error envelope in XML: <errors><error code=".." message=".." status=".."/></errors>
      const isError = typeof payload === 'object' && payload !== null && 'errors' in payload
      // PMS and v1 answers are MediaContainers (repeated children); v2 answers nest lists in wrappers (sim/xml.ts)
      text = opts.rewrite(json ? JSON.stringify(payload) : toXml(isError ? 'errors' : root, payload, root === 'MediaContainer' ? 'container' : 'v2'))
      if (!json) type = 'application/xml; charset=utf-8'
    }
    opts.onSend(status)
    res.writeHead(status, {
      ...opts.headers(),
      ...(payload !== undefined && status !== 204 ? { 'Content-Type': type } : {}),
      ...headers,
    })
    res.end(status === 204 ? undefined : text)
  }
}
