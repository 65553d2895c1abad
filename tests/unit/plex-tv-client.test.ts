/**
 * The plex.tv client against a real HTTP server on 127.0.0.1:0: every wire outcome (status codes, error
 * envelopes, malformed bodies, hangs, resets, aborts) must come out as the right typed error, and tokens
 * must travel only in the X-Plex-Token header.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import type { PlexTvApi } from '../../src/plex/api.js'
import { PlexError } from '../../src/plex/errors.js'
import { classify } from '../../src/flows/kernel/faults.js'
import type { DeviceIdentity } from '../../src/plex/types.js'
import { IDENTITY } from '../support/fakePlex.js'
import { json, startTinyServer, type TinyServer } from '../support/tinyHttp.js'

const TOKEN = 'tok3nSecretValue0001'
const identity: DeviceIdentity = { ...IDENTITY, model: 'QE55' }

const pinBody = (authToken: string | null = null) => ({
  id: 308667304,
  code: '7RQZ',
  product: 'PlexLink TV',
  trusted: false,
  qr: 'https://plex.tv/api/v2/pins/qr/7RQZ',
  clientIdentifier: identity.clientIdentifier,
  location: { code: 'US', european_union_member: false },
  expiresIn: 900,
  createdAt: '2024-07-16T17:03:05Z',
  expiresAt: '2024-07-16T17:18:05Z',
  authToken,
  newRegistration: null,
})

const envelope = (code: number, message: string, status?: number) => ({ errors: [{ code, message, ...(status ? { status } : {}) }] })

/** Awaits a rejection and returns the error, failing the test if the promise resolved. */
async function failure(p: Promise<unknown>): Promise<PlexError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(PlexError)
    const err = e as PlexError
    // no error ever carries a token, in its message or in any own property
    expect(err.message).not.toContain(TOKEN)
    expect(JSON.stringify(err)).not.toContain(TOKEN)
    expect(String(err.stack)).not.toContain(TOKEN)
    return err
  }
  throw new Error('expected a rejection')
}

let server: TinyServer
let client: PlexTvApi

beforeAll(async () => {
  server = await startTinyServer()
  client = createPlexTvClient({ baseUrl: server.url, identity, timeoutMs: 2000 })
})
afterAll(() => server.close())
afterEach(() => {
  // Whatever happened in the test, no token ever appeared in a URL.
  for (const r of server.requests) expect(r.url).not.toContain(TOKEN)
  server.requests.length = 0
})

describe('headers', () => {
  it('sends the X-Plex identity headers and Accept: application/json, and no token on pins', async () => {
    server.handle((_req, res) => json(res, 201, pinBody()))
    await client.createPin()
    const h = server.requests[0]!.headers
    expect(server.requests[0]!.method).toBe('POST')
    expect(server.requests[0]!.url).toBe('/api/v2/pins')
    expect(h['accept']).toBe('application/json')
    expect(h['x-plex-product']).toBe('PlexLink TV')
    expect(h['x-plex-version']).toBe('0.1.0')
    expect(h['x-plex-client-identifier']).toBe(identity.clientIdentifier)
    expect(h['x-plex-platform']).toBe('Tizen')
    expect(h['x-plex-platform-version']).toBe('6.0')
    expect(h['x-plex-device']).toBe('Samsung TV')
    expect(h['x-plex-device-name']).toBe('Living Room TV')
    expect(h['x-plex-model']).toBe('QE55')
    expect(h['x-plex-provides']).toBe('controller')
    expect(h['x-plex-token']).toBeUndefined()
  })

  it('sends the token only as X-Plex-Token on authenticated calls', async () => {
    server.handle((_req, res) => json(res, 200, { token: 'claim-abcdefghijklmnopqrst' }))
    await client.getClaimToken(TOKEN)
    const r = server.requests[0]!
    expect(r.url).toBe('/api/claim/token.json')
    expect(r.headers['x-plex-token']).toBe(TOKEN)
    expect(r.headers['x-plex-client-identifier']).toBe(identity.clientIdentifier)
  })
})

describe('pins', () => {
  it("waits for a call's pacing gate before its request leaves; an abort during the wait sends nothing", async () => {
    server.handle((_req, res) => json(res, 200, pinBody()))
    let open: () => void = () => {}
    const slot = new Promise<void>((resolve) => (open = resolve))
    const polled = client.getPin(308667304, { pace: () => slot })
    await new Promise((r) => setTimeout(r, 50))
    expect(server.requests).toHaveLength(0)
    open()
    expect((await polled).code).toBe('7RQZ')
    expect(server.requests).toHaveLength(1)
    // the runner's gate resolves when the call is aborted during its wait: the request must not leave then
    const controller = new AbortController()
    const waiting = client.getPin(308667304, { signal: controller.signal, pace: () => new Promise((resolve) => controller.signal.addEventListener('abort', () => resolve())) })
    controller.abort()
    expect((await failure(waiting)).constructor.name).toBe('Aborted')
    expect(server.requests).toHaveLength(1)
  })

  it('creates a pin (201) and parses it', async () => {
    server.handle((_req, res) => json(res, 201, pinBody()))
    const pin = await client.createPin()
    expect(pin).toEqual({
      id: 308667304,
      code: '7RQZ',
      clientIdentifier: identity.clientIdentifier,
      expiresIn: 900,
      createdAt: '2024-07-16T17:03:05Z',
      expiresAt: '2024-07-16T17:18:05Z',
      authToken: null,
      qr: 'https://plex.tv/api/v2/pins/qr/7RQZ',
    })
  })

  it('polls a pin by id and returns the token once linked', async () => {
    server.handle((_req, res) => json(res, 200, pinBody(TOKEN)))
    const pin = await client.getPin(308667304)
    expect(server.requests[0]!.url).toBe('/api/v2/pins/308667304')
    expect(server.requests[0]!.headers['x-plex-token']).toBeUndefined()
    expect(pin.authToken).toBe(TOKEN)
  })

  it('maps 404/1020 to PinExpired', async () => {
    server.handle((_req, res) => json(res, 404, envelope(1020, 'Code not found or expired')))
    expect((await failure(client.getPin(1))).kind).toBe('PinExpired')
  })

  it('maps any 404 on a pin (no envelope, HTML body) to PinExpired, and 410 too', async () => {
    server.handle((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' })
      res.end('<html>not found</html>')
    })
    expect((await failure(client.getPin(1))).kind).toBe('PinExpired')
    server.handle((_req, res) => json(res, 410, {}))
    expect((await failure(client.getPin(1))).kind).toBe('PinExpired')
  })

  it('links a code with a form body and the linker token (204)', async () => {
    server.handle((_req, res) => {
      res.writeHead(204)
      res.end()
    })
    await expect(client.linkPin('7RQZ', TOKEN)).resolves.toBeUndefined()
    const r = server.requests[0]!
    expect(r.method).toBe('PUT')
    expect(r.url).toBe('/api/v2/pins/link')
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(r.body).toBe('code=7RQZ')
    expect(r.headers['x-plex-token']).toBe(TOKEN)
  })

  it('maps link 404 to PinExpired and 401 to Unauthorized', async () => {
    server.handle((_req, res) => json(res, 404, envelope(1020, 'Code not found or expired')))
    expect((await failure(client.linkPin('ZZZZ', TOKEN))).kind).toBe('PinExpired')
    server.handle((_req, res) => json(res, 401, envelope(1001, 'User could not be authenticated', 401)))
    expect((await failure(client.linkPin('ZZZZ', TOKEN))).kind).toBe('Unauthorized')
  })
})

describe('status mapping', () => {
  it('401 → Unauthorized', async () => {
    server.handle((_req, res) => json(res, 401, envelope(1001, 'User could not be authenticated', 401)))
    expect((await failure(client.getUser(TOKEN))).kind).toBe('Unauthorized')
  })

  it('422 "Invalid token" → Unauthorized (python-plexapi), other 422 → ServerError', async () => {
    server.handle((_req, res) => json(res, 422, envelope(1002, 'Invalid token')))
    expect((await failure(client.getUser(TOKEN))).kind).toBe('Unauthorized')
    server.handle((_req, res) => json(res, 422, envelope(1099, 'Something else')))
    const err = await failure(client.getUser(TOKEN))
    expect(err.kind).toBe('ServerError')
    expect((err as unknown as { status: number }).status).toBe(422)
  })

  it('a 404 off the pin endpoints is a ServerError, not PinExpired', async () => {
    server.handle((_req, res) => json(res, 404, {}))
    const err = await failure(client.getUser(TOKEN))
    expect(err.kind).toBe('ServerError')
    expect((err as unknown as { status: number }).status).toBe(404)
  })

  it('429 with Retry-After seconds → RateLimited(ms)', async () => {
    server.handle((_req, res) => json(res, 429, {}, { 'Retry-After': '7' }))
    const err = await failure(client.getPin(1))
    expect(err.kind).toBe('RateLimited')
    expect((err as unknown as { retryAfterMs: number | null }).retryAfterMs).toBe(7000)
    expect(classify(err, 'getPin').retryable).toBe(true)
  })

  it('429 without Retry-After (or an unreadable one) → RateLimited(null)', async () => {
    server.handle((_req, res) => json(res, 429, {}))
    const err = await failure(client.getUser(TOKEN))
    expect((err as unknown as { retryAfterMs: number | null }).retryAfterMs).toBeNull()
    server.handle((_req, res) => json(res, 429, {}, { 'Retry-After': 'soon-ish' }))
    const err2 = await failure(client.getUser(TOKEN))
    expect((err2 as unknown as { retryAfterMs: number | null }).retryAfterMs).toBeNull()
  })

  it('5xx and 400 → ServerError(status)', async () => {
    server.handle((_req, res) => json(res, 503, {}))
    const err = await failure(client.createPin())
    expect(err.kind).toBe('ServerError')
    expect((err as unknown as { status: number }).status).toBe(503)
    server.handle((_req, res) => json(res, 400, envelope(1000, 'X-Plex-Client-Identifier is missing')))
    expect(((await failure(client.getUser(TOKEN))) as unknown as { status: number }).status).toBe(400)
  })

  it('does not follow a redirect (the token header would follow it to another host)', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:9/elsewhere' })
      res.end()
    })
    const err = await failure(client.getUser(TOKEN))
    expect(err.kind).toBe('ServerError')
    expect(server.requests).toHaveLength(1)
  })
})

describe('bodies', () => {
  it('malformed JSON on a 2xx → BadResponse', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"id": 1, "code": ')
    })
    const err = await failure(client.getPin(1))
    expect(err.kind).toBe('BadResponse')
  })

  it('an HTML or empty 200 → BadResponse', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html><body>captive portal</body></html>')
    })
    expect((await failure(client.getUser(TOKEN))).kind).toBe('BadResponse')
    server.handle((_req, res) => {
      res.writeHead(200)
      res.end()
    })
    expect((await failure(client.getUser(TOKEN))).kind).toBe('BadResponse')
  })

  it('a missing required field → BadResponse naming the field, without any value', async () => {
    server.handle((_req, res) => json(res, 201, { uuid: 'abc', title: 'Kids', authToken: 42, leaked: TOKEN }))
    const err = await failure(client.switchHomeUser(TOKEN, 'abc', null))
    expect(err.kind).toBe('BadResponse')
    expect((err as unknown as { detail: string }).detail).toContain('authToken')
  })

  it('parses the user', async () => {
    server.handle((_req, res) =>
      json(res, 200, {
        id: 2737029,
        uuid: 'd320a7e6324aacd5',
        username: 'owner',
        title: 'owner',
        friendlyName: 'Owner',
        email: 'o@x',
        thumb: 'https://plex.tv/users/d320a7e6324aacd5/avatar?c=1',
        authToken: TOKEN,
        homeAdmin: true,
        homeSize: 2,
        joinedAt: 1592234494,
      }),
    )
    const user = await client.getUser(TOKEN)
    expect(server.requests[0]!.url).toBe('/api/v2/user')
    expect(user).toEqual({
      id: 2737029,
      uuid: 'd320a7e6324aacd5',
      username: 'owner',
      title: 'owner',
      friendlyName: 'Owner',
      email: 'o@x',
      thumb: 'https://plex.tv/users/d320a7e6324aacd5/avatar?c=1',
      homeAdmin: true,
      homeSize: 2,
    })
  })

  it('asks for resources with https, relay and IPv6 links and keeps non-object entries out', async () => {
    server.handle((_req, res) =>
      json(res, 200, [
        null,
        'junk',
        {
          name: 'Den',
          product: 'Plex Media Server',
          productVersion: '1.41.6',
          platform: 'Linux',
          clientIdentifier: '96f2fe7a',
          provides: 'server',
          owned: true,
          home: false,
          presence: '1',
          relay: 1,
          httpsRequired: false,
          publicAddressMatches: true,
          sourceTitle: null,
          ownerId: null,
          accessToken: 'serverTokenXYZ',
          createdAt: '2024-01-01T00:00:00Z',
          lastSeenAt: '2024-07-16T17:00:00Z',
          connections: [
            { protocol: 'https', address: '192.168.1.20', port: 32400, uri: 'https://192-168-1-20.abc.plex.direct:32400', local: true, relay: false, IPv6: false },
          ],
        },
        { name: 'Phone', clientIdentifier: 'p1', provides: 'client,player,pubsub-player', connections: [] },
      ]),
    )
    const resources = await client.getResources(TOKEN)
    const url = new URL(server.requests[0]!.url, server.url)
    expect(url.pathname).toBe('/api/v2/resources')
    expect(Object.fromEntries(url.searchParams)).toEqual({ includeHttps: '1', includeRelay: '1', includeIPv6: '1' })
    expect(resources.map((r) => r.name)).toEqual(['Den', 'Phone'])
    expect(resources[0]!.presence).toBe(true)
    expect(resources[0]!.relay).toBe(true)
    expect(resources[0]!.accessToken).toBe('serverTokenXYZ')
    expect(resources[1]!.provides).toEqual(['client', 'player', 'pubsub-player'])
  })
})

describe('home users', () => {
  const home = {
    id: 123,
    name: 'My home',
    guestUserID: 33542083,
    subscription: true,
    users: [
      { id: 2737029, uuid: 'd320a7e6324aacd5', title: 'owner', username: 'owner', thumb: 't', admin: true, guest: false, restricted: false, restrictionProfile: null, protected: true },
      { id: 33542084, uuid: '19860c4bdfbf24d5', title: 'Kids', username: null, email: null, thumb: 't', admin: false, guest: false, restricted: true, restrictionProfile: 'little_kid', protected: false },
    ],
  }

  it('lists the Home', async () => {
    server.handle((_req, res) => json(res, 200, home))
    const h = await client.getHomeUsers(TOKEN)
    expect(server.requests[0]!.url).toBe('/api/v2/home/users')
    expect(h.users.map((u) => [u.title, u.protected, u.restricted, u.username])).toEqual([
      ['owner', true, false, 'owner'],
      ['Kids', false, true, null],
    ])
  })

  it('switches with the PIN in the query only when one is given; 201 and 200 both accepted', async () => {
    server.handle((_req, res) => json(res, 201, { uuid: '19860c4bdfbf24d5', title: 'Kids', authToken: 'kidsToken123' }))
    const kids = await client.switchHomeUser(TOKEN, '19860c4bdfbf24d5', null)
    expect(kids).toEqual({ uuid: '19860c4bdfbf24d5', title: 'Kids', authToken: 'kidsToken123' })
    expect(server.requests[0]!.method).toBe('POST')
    expect(server.requests[0]!.url).toBe('/api/v2/home/users/19860c4bdfbf24d5/switch')

    server.handle((_req, res) => json(res, 200, { uuid: 'd320a7e6324aacd5', title: 'owner', authToken: 'ownerToken1' }))
    await client.switchHomeUser(TOKEN, 'd320a7e6324aacd5', '1234')
    expect(server.requests[1]!.url).toBe('/api/v2/home/users/d320a7e6324aacd5/switch?pin=1234')
    expect(server.requests[1]!.headers['x-plex-token']).toBe(TOKEN)
  })

  it('403/1041 → InvalidHomePin; a PIN-worded 403 without the code too; any other 403 → ServerError', async () => {
    server.handle((_req, res) => json(res, 403, envelope(1041, 'Invalid PIN', 403)))
    expect((await failure(client.switchHomeUser(TOKEN, 'u', '0000'))).kind).toBe('InvalidHomePin')
    server.handle((_req, res) => json(res, 403, { errors: [{ message: 'A valid PIN is required to perform this action' }] }))
    expect((await failure(client.switchHomeUser(TOKEN, 'u', null))).kind).toBe('InvalidHomePin')
    server.handle((_req, res) => json(res, 403, envelope(1999, 'Forbidden')))
    expect((await failure(client.switchHomeUser(TOKEN, 'u', null))).kind).toBe('ServerError')
  })

  it('429 on a switch → RateLimited', async () => {
    server.handle((_req, res) => json(res, 429, {}, { 'Retry-After': '30' }))
    const err = await failure(client.switchHomeUser(TOKEN, 'u', '1234'))
    expect(err.kind).toBe('RateLimited')
  })
})

describe('no answer', () => {
  it('a server that never answers → Timeout(ms) (per-call timeout wins)', async () => {
    server.handle(() => {
      /* hang */
    })
    const err = await failure(client.getPin(1, { timeoutMs: 50 }))
    expect(err.kind).toBe('Timeout')
    expect((err as unknown as { timeoutMs: number }).timeoutMs).toBe(50)
    expect(classify(err, 'getPin').retryable).toBe(true)
  })

  it('a client-level timeout applies when the call gives none', async () => {
    const quick = createPlexTvClient({ baseUrl: server.url, identity, timeoutMs: 40 })
    server.handle(() => {
      /* hang */
    })
    const err = await failure(quick.getUser(TOKEN))
    expect(err.kind).toBe('Timeout')
    expect((err as unknown as { timeoutMs: number }).timeoutMs).toBe(40)
  })

  it('a destroyed socket → NetworkError(ECONNRESET)', async () => {
    server.handle((req) => req.socket.destroy())
    const err = await failure(client.getUser(TOKEN))
    expect(err.kind).toBe('NetworkError')
    expect((err as unknown as { causeCode: string | null }).causeCode).toBe('ECONNRESET')
  })

  it('a refused connection → NetworkError(ECONNREFUSED)', async () => {
    const gone = await startTinyServer()
    const url = gone.url
    await gone.close()
    const err = await failure(createPlexTvClient({ baseUrl: url, identity }).createPin())
    expect(err.kind).toBe('NetworkError')
    expect((err as unknown as { causeCode: string | null }).causeCode).toBe('ECONNREFUSED')
  })

  it('aborting an in-flight request → Aborted', async () => {
    server.handle(() => {
      /* hang until aborted */
    })
    const controller = new AbortController()
    const pending = client.getPin(1, { signal: controller.signal })
    await server.nextRequest()
    controller.abort()
    const err = await failure(pending)
    expect(err.kind).toBe('Aborted')
    expect(classify(err, 'getPin').retryable).toBe(false)
  })

  it('an already-aborted signal → Aborted without touching the network', async () => {
    const controller = new AbortController()
    controller.abort()
    expect((await failure(client.createPin({ signal: controller.signal }))).kind).toBe('Aborted')
    expect(server.requests).toHaveLength(0)
  })
})
