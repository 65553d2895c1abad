/**
 * Plex Media Server calls (plex-api.md §10, §11), one connection URI at a time. URIs are absolute per
 * call (a server has several: local, remote, relay), so the single axios instance has no baseURL.
 */
import type { PmsApi, RequestOptions } from './api.js'
import { BadResponse, ServerError, Unauthorized, type PlexError } from './errors.js'
import { isWebUri } from './inputs.js'
import { plexHeaders } from './headers.js'
import { parseJsonBody, parseLibrarySections, parsePmsIdentity, parsePmsRoot } from './parse.js'
import { createTransport, rateLimited, type TransportAdapter, type WireRequest, type WireResponse } from './transport.js'
import type { DeviceIdentity } from './types.js'

export interface PmsClientOptions {
  identity: DeviceIdentity
  /** Per-request timeout; short, since connection probing races several URIs (§7.3). */
  timeoutMs?: number
  adapter?: TransportAdapter
  /**
   * A same-origin proxy (settings' pmsProxyUrl, e.g. "/pms-proxy/"): the target URL, encoded, is appended to
   * it, so the browser never calls the server cross-origin (kiosk/serve.py). Query parameters stay outside.
   */
  proxyUrl?: string
}

/** A non-2xx PMS answer. The PMS 401 body is an HTML page (§11), so only the status is read. */
export function pmsStatusError(res: WireResponse): PlexError {
  if (res.status === 401) return new Unauthorized()
  if (res.status === 429) return rateLimited(res)
  return new ServerError(res.status)
}

/**
 * "https://host:32400/" + "/identity" → "https://host:32400/identity" (through the proxy when one is set).
 * Only http: and https: URIs are ever called (parse drops others; this keeps it so for any URI that
 * reaches here another way).
 */
function endpoint(uri: string, path: string, proxyUrl: string | undefined): string {
  if (!isWebUri(uri)) throw new BadResponse('connection URI is not http or https')
  const target = uri.replace(/\/+$/, '') + path
  return proxyUrl ? proxyUrl + encodeURIComponent(target) : target
}

export function createPmsClient(options: PmsClientOptions): PmsApi {
  const at = (uri: string, path: string) => endpoint(uri, path, options.proxyUrl || undefined)
  const transport = createTransport({
    headers: () => plexHeaders(options.identity),
    timeoutMs: options.timeoutMs ?? 5000,
    ...(options.adapter !== undefined ? { adapter: options.adapter } : {}),
  })

  async function send(request: WireRequest): Promise<WireResponse> {
    const res = await transport.send(request)
    if (res.status < 200 || res.status >= 300) throw pmsStatusError(res)
    return res
  }

  return {
    // No token: /identity is open, which is exactly why it proves reachability but not access (§13.5).
    async identity(uri: string, opts?: RequestOptions) {
      const res = await send({ method: 'GET', url: at(uri, '/identity'), opts })
      return parsePmsIdentity(parseJsonBody(res.body))
    },

    async root(uri: string, token: string, opts?: RequestOptions) {
      const res = await send({ method: 'GET', url: at(uri, '/'), token, opts })
      return parsePmsRoot(parseJsonBody(res.body))
    },

    async librarySections(uri: string, token: string, opts?: RequestOptions) {
      const res = await send({ method: 'GET', url: at(uri, '/library/sections'), token, opts })
      return parseLibrarySections(parseJsonBody(res.body))
    },

    async claim(uri: string, claimToken: string, opts?: RequestOptions) {
      // The claim token goes in the query string: that is the PMS contract (`POST /myplex/claim?token=claim-…`,
      // §10, pms-docker's first-run script). It is a one-time, ~4-minute claim token from
      // /api/claim/token.json, not an account token; account tokens never go in a URL. The guard keeps it so.
      if (!claimToken.startsWith('claim-')) {
        throw new TypeError('claim() takes a claim token ("claim-…"), never an account token')
      }
      await send({ method: 'POST', url: at(uri, '/myplex/claim'), params: { token: claimToken }, opts })
    },
  }
}
