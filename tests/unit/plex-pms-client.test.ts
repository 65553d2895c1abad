/** The PMS client against a real HTTP server: absolute URIs per call, the server token only as a header. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPmsClient } from '../../src/plex/pmsClient.js'
import type { PmsApi } from '../../src/plex/api.js'
import { PlexError } from '../../src/plex/errors.js'
import type { DeviceIdentity } from '../../src/plex/types.js'
import { json, startTinyServer, type TinyServer } from '../support/tinyHttp.js'

const SERVER_TOKEN = 'serverAccessTok3n999'
const identity: DeviceIdentity = {
  clientIdentifier: 'c0ffee00-0000-4000-8000-000000000001',
  product: 'PlexLink TV',
  version: '0.1.0',
  platform: 'webOS',
  platformVersion: '6',
  device: 'LG TV',
  deviceName: 'Bedroom TV',
}

async function failure(p: Promise<unknown>): Promise<PlexError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(PlexError)
    expect(JSON.stringify(e)).not.toContain(SERVER_TOKEN)
    expect((e as Error).message).not.toContain(SERVER_TOKEN)
    return e as PlexError
  }
  throw new Error('expected a rejection')
}

let server: TinyServer
let pms: PmsApi

beforeAll(async () => {
  server = await startTinyServer()
  pms = createPmsClient({ identity, timeoutMs: 2000 })
})
afterAll(() => server.close())
afterEach(() => {
  for (const r of server.requests) expect(r.url).not.toContain(SERVER_TOKEN)
  server.requests.length = 0
})

describe('PMS client', () => {
  it('reads /identity without a token', async () => {
    server.handle((_req, res) =>
      json(res, 200, { MediaContainer: { size: 0, apiVersion: '1.1.1', claimed: true, machineIdentifier: '96f2fe7a', version: '1.41.6.9685-d301f511a' } }),
    )
    const id = await pms.identity(server.url + '/')
    expect(id).toEqual({ machineIdentifier: '96f2fe7a', claimed: true, version: '1.41.6.9685-d301f511a' })
    const r = server.requests[0]!
    expect(r.url).toBe('/identity')
    expect(r.headers['x-plex-token']).toBeUndefined()
    expect(r.headers['x-plex-client-identifier']).toBe(identity.clientIdentifier)
    expect(r.headers['accept']).toBe('application/json')
  })

  it('reads / and /library/sections with the server token in X-Plex-Token', async () => {
    server.handle((req, res) => {
      if (req.headers['x-plex-token'] !== SERVER_TOKEN) {
        res.writeHead(401, { 'Content-Type': 'text/html' })
        res.end('<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>')
        return
      }
      if (req.url === '/') {
        json(res, 200, { MediaContainer: { friendlyName: 'Den', machineIdentifier: '96f2fe7a', version: '1.41.6', myPlexUsername: 'owner', Directory: [] } })
      } else {
        json(res, 200, {
          MediaContainer: {
            size: 2,
            Directory: [
              { key: '1', type: 'movie', title: 'Movies', agent: 'tv.plex.agents.movie' },
              { key: 2, type: 'show', title: 'TV Shows' },
            ],
          },
        })
      }
    })
    const root = await pms.root(server.url, SERVER_TOKEN)
    expect(root).toEqual({ machineIdentifier: '96f2fe7a', friendlyName: 'Den', version: '1.41.6', myPlexUsername: 'owner' })
    const sections = await pms.librarySections(server.url, SERVER_TOKEN)
    expect(sections).toEqual([
      { key: '1', type: 'movie', title: 'Movies' },
      { key: '2', type: 'show', title: 'TV Shows' },
    ])
    expect(server.requests.map((r) => [r.url, r.headers['x-plex-token']])).toEqual([
      ['/', SERVER_TOKEN],
      ['/library/sections', SERVER_TOKEN],
    ])
  })

  it('maps the HTML 401 to Unauthorized', async () => {
    server.handle((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/html' })
      res.end('<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>')
    })
    expect((await failure(pms.librarySections(server.url, 'wrong-token'))).kind).toBe('Unauthorized')
  })

  it('a PMS 404 is a ServerError (pins are a plex.tv matter), 500 too', async () => {
    server.handle((_req, res) => json(res, 404, {}))
    expect((await failure(pms.root(server.url, SERVER_TOKEN))).kind).toBe('ServerError')
    server.handle((_req, res) => json(res, 500, {}))
    expect((await failure(pms.identity(server.url))).kind).toBe('ServerError')
  })

  it('a body that is not a MediaContainer → BadResponse', async () => {
    server.handle((_req, res) => json(res, 200, { machineIdentifier: 'x' }))
    const err = await failure(pms.identity(server.url))
    expect(err.kind).toBe('BadResponse')
    expect((err as unknown as { detail: string }).detail).toContain('MediaContainer')
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' })
      res.end('<MediaContainer size="0" claimed="1" machineIdentifier="x"/>')
    })
    expect((await failure(pms.identity(server.url))).kind).toBe('BadResponse')
  })

  it('an empty library list leaves Directory out', async () => {
    server.handle((_req, res) => json(res, 200, { MediaContainer: { size: 0 } }))
    expect(await pms.librarySections(server.url, SERVER_TOKEN)).toEqual([])
  })

  it('claims with POST /myplex/claim?token=claim-… and no account token header', async () => {
    server.handle((_req, res) => json(res, 200, {}))
    await pms.claim(server.url, 'claim-abcdefghijklmnopqrst')
    const r = server.requests[0]!
    expect(r.method).toBe('POST')
    expect(r.url).toBe('/myplex/claim?token=claim-abcdefghijklmnopqrst')
    expect(r.headers['x-plex-token']).toBeUndefined()
  })

  it('refuses to put anything but a claim token in the claim URL', async () => {
    await expect(pms.claim(server.url, SERVER_TOKEN)).rejects.toThrow(TypeError)
    expect(server.requests).toHaveLength(0)
  })

  it('hang → Timeout, reset → NetworkError, abort → Aborted', async () => {
    server.handle(() => {
      /* hang */
    })
    expect((await failure(pms.identity(server.url, { timeoutMs: 30 }))).kind).toBe('Timeout')
    const controller = new AbortController()
    const pending = pms.root(server.url, SERVER_TOKEN, { signal: controller.signal })
    await server.nextRequest()
    controller.abort()
    expect((await failure(pending)).kind).toBe('Aborted')
    server.handle((req) => req.socket.destroy())
    expect((await failure(pms.identity(server.url))).kind).toBe('NetworkError')
  })
})
