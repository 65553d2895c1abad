// @vitest-environment jsdom
/**
 * The same client through axios' XHR adapter (what a TV browser uses), in jsdom against a real server on
 * 127.0.0.1: cross-origin, so every call goes through CORS like plex.tv from a TV app (plex-api.md §0).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ServerResponse } from 'node:http'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import type { PlexTvApi } from '../../src/plex/api.js'
import { PlexError } from '../../src/plex/errors.js'
import { startTinyServer, type TinyServer } from '../support/tinyHttp.js'

const TOKEN = 'xhrTok3nSecret000042'
const identity = {
  clientIdentifier: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  product: 'PlexLink TV',
  version: '0.1.0',
  platform: 'Chrome',
  platformVersion: '131',
  device: 'Linux',
  deviceName: 'Test TV',
}

/** plex.tv's CORS answer (§0): any origin, Location the only exposed header. */
function cors(res: ServerResponse, extra: Record<string, string> = {}): Record<string, string> {
  return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Location', ...extra }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...cors(res), ...headers })
  res.end(body)
}

async function failure(p: Promise<unknown>): Promise<PlexError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(PlexError)
    expect(JSON.stringify(e)).not.toContain(TOKEN)
    return e as PlexError
  }
  throw new Error('expected a rejection')
}

let server: TinyServer
let client: PlexTvApi
let route: (method: string, url: string, res: ServerResponse) => void

beforeAll(async () => {
  server = await startTinyServer()
  server.handle((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
        'Access-Control-Max-Age': '86400',
      })
      res.end()
      return
    }
    route(req.method ?? '', req.url ?? '', res)
  })
  client = createPlexTvClient({ baseUrl: server.url, identity, timeoutMs: 2000, adapter: 'xhr' })
})
afterAll(() => server.close())
afterEach(() => {
  for (const r of server.requests) expect(r.url).not.toContain(TOKEN)
  server.requests.length = 0
})

describe('plex.tv client over XHR (browser adapter)', () => {
  it('runs in a browser-like environment', () => {
    expect(typeof XMLHttpRequest).toBe('function')
  })

  it('creates a pin and sends the X-Plex headers through CORS', async () => {
    route = (_m, _u, res) =>
      send(res, 201, JSON.stringify({ id: 5, code: 'ABCD', clientIdentifier: identity.clientIdentifier, expiresIn: 900, createdAt: 'c', expiresAt: 'e', authToken: null, qr: null }))
    const pin = await client.createPin()
    expect(pin.code).toBe('ABCD')
    const post = server.requests.find((r) => r.method === 'POST')!
    expect(post.headers['x-plex-client-identifier']).toBe(identity.clientIdentifier)
    expect(post.headers['x-plex-product']).toBe('PlexLink TV')
    expect(post.headers['accept']).toBe('application/json')
  })

  it('sends the token as a header, answers the user, and maps 401', async () => {
    route = (_m, _u, res) => send(res, 200, JSON.stringify({ id: 1, uuid: 'u', username: 'n', title: 't' }))
    expect((await client.getUser(TOKEN)).uuid).toBe('u')
    expect(server.requests.find((r) => r.method === 'GET')!.headers['x-plex-token']).toBe(TOKEN)
    route = (_m, _u, res) => send(res, 401, JSON.stringify({ errors: [{ code: 1001, message: 'User could not be authenticated' }] }))
    expect((await failure(client.getUser(TOKEN))).kind).toBe('Unauthorized')
  })

  it('malformed JSON is a BadResponse here too', async () => {
    route = (_m, _u, res) => send(res, 200, '{"id":')
    expect((await failure(client.getPin(5))).kind).toBe('BadResponse')
  })

  it('Retry-After is unreadable cross-origin unless exposed → RateLimited(null); exposed → ms', async () => {
    route = (_m, _u, res) => send(res, 429, '{}', { 'Retry-After': '9' })
    expect(((await failure(client.getPin(5))) as unknown as { retryAfterMs: number | null }).retryAfterMs).toBeNull()
    route = (_m, _u, res) => send(res, 429, '{}', { 'Retry-After': '9', 'Access-Control-Expose-Headers': 'Location, Retry-After' })
    expect(((await failure(client.getPin(5))) as unknown as { retryAfterMs: number | null }).retryAfterMs).toBe(9000)
  })

  it('an answer without CORS headers → NetworkError (the browser hides it)', async () => {
    route = (_m, _u, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{}')
    }
    expect((await failure(client.getPin(5))).kind).toBe('NetworkError')
  })

  it('a reset connection → NetworkError, a hang → Timeout', async () => {
    route = (_m, _u, res) => res.socket?.destroy()
    expect((await failure(client.getPin(5))).kind).toBe('NetworkError')
    route = () => {
      /* hang */
    }
    expect((await failure(client.getPin(5, { timeoutMs: 40 }))).kind).toBe('Timeout')
  })

  it('an abort while the request is in flight → Aborted', async () => {
    route = () => {
      /* hang until aborted */
    }
    const controller = new AbortController()
    const pending = client.getPin(5, { signal: controller.signal })
    // the first request may be the CORS preflight; wait for the GET itself
    while (!server.requests.some((r) => r.method === 'GET')) await server.nextRequest()
    controller.abort()
    expect((await failure(pending)).kind).toBe('Aborted')
  })
})
