import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { homeFixture, startSimulator, type RunningSimulator } from '../../sim/index.js'
import { call, typeOf } from './support.js'

let sim: RunningSimulator
let owner: string
let single: string

beforeAll(async () => {
  sim = await startSimulator()
  owner = sim.fixtures.accounts.find((a) => a.key === 'owner')!.token
  single = sim.fixtures.accounts.find((a) => a.key === 'single')!.token
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

const auth = (token: string) => ({ headers: { 'X-Plex-Token': token } })

describe('GET /api/v2/user (§6)', () => {
  it('200 with the required fields for a good token, 401/1001 for a bad one, 400/1000 without a client id', async () => {
    const ok = await call(sim.url, 'GET', '/api/v2/user', auth(owner))
    expect(ok.status).toBe(200)
    const user = ok.json() as Record<string, unknown>
    for (const [field, type] of Object.entries({ authToken: 'string', email: 'string', friendlyName: 'string', hasPassword: 'boolean', id: 'number', joinedAt: 'number', title: 'string', twoFactorEnabled: 'boolean', username: 'string', uuid: 'string' })) {
      expect([field, typeOf(user[field])]).toEqual([field, type])
    }
    expect(user.uuid).toMatch(/^[0-9a-f]{16}$/)
    const bad = await call(sim.url, 'GET', '/api/v2/user', auth('not-a-token'))
    expect([bad.status, bad.json()]).toEqual([401, { errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }] }])
    const noId = await fetch(`${sim.url}/api/v2/user`, { headers: { Accept: 'application/json', 'X-Plex-Token': owner } })
    expect(noId.status).toBe(400)
    expect(await noId.json()).toEqual({ errors: [{ code: 1000, message: 'X-Plex-Client-Identifier is missing', status: 400 }] })
  })

  it('accepts the token as a query parameter too (§0: Plex Web sends every X-Plex value in the query)', async () => {
    expect((await call(sim.url, 'GET', `/api/v2/user?X-Plex-Token=${owner}`)).status).toBe(200)
  })
})

describe('Plex Home (§8)', () => {
  it('lists the Home with the documented fields and never a PIN or token', async () => {
    const res = await call(sim.url, 'GET', '/api/v2/home/users', auth(owner))
    expect(res.status).toBe(200)
    const home = res.json() as { name: string; users: Record<string, unknown>[] }
    expect(home.users.map((u) => u.title)).toEqual(['Alex', 'Mia', 'Jordan', '美咲', 'Robin'])
    for (const u of home.users) {
      expect(Object.keys(u).sort()).toEqual(['admin', 'email', 'friendlyName', 'guest', 'hasPassword', 'id', 'protected', 'restricted', 'restrictionProfile', 'thumb', 'title', 'updatedAt', 'username', 'uuid'])
    }
    expect(res.text).not.toMatch(/"pin"|token/i)
    const kid = home.users.find((u) => u.title === 'Mia')!
    expect([kid.restricted, kid.username, kid.email, kid.restrictionProfile, kid.protected]).toEqual([true, null, null, 'little_kid', false])
  })

  it("serves each user's picture (thumb) as a PNG that needs no token, with CORS", async () => {
    const home = (await call(sim.url, 'GET', '/api/v2/home/users', auth(owner))).json() as { users: { thumb: string }[] }
    for (const { thumb } of home.users) {
      expect(thumb.startsWith(`${sim.url}/users/`)).toBe(true)
      const res = await fetch(thumb, { headers: { Origin: 'http://tv.example' } })
      expect([res.status, res.headers.get('content-type'), res.headers.get('access-control-allow-origin')]).toEqual([200, 'image/png', '*'])
      expect([...new Uint8Array(await res.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]) // "PNG"
    }
  })

  it('an account without a Home gets a Home of one unprotected user', async () => {
    const home = (await call(sim.url, 'GET', '/api/v2/home/users', auth(single))).json() as { users: { title: string; protected: boolean }[] }
    expect(home.users).toEqual([expect.objectContaining({ title: 'Sam', protected: false })])
  })

  it('switch: 403/1041 without or with a wrong PIN, 201 with the user token for the right one', async () => {
    const jordan = homeFixture.users.find((u) => u.title === 'Jordan')!
    const path = `/api/v2/home/users/${jordan.uuid}/switch`
    const invalid = { errors: [{ code: 1041, message: 'Invalid PIN', status: 403 }] }
    const none = await call(sim.url, 'POST', path, auth(owner))
    expect([none.status, none.json()]).toEqual([403, invalid])
    expect((await call(sim.url, 'POST', `${path}?pin=0000`, auth(owner))).status).toBe(403)
    const ok = await call(sim.url, 'POST', `${path}?pin=${jordan.pin}`, auth(owner))
    expect(ok.status).toBe(201)
    const switched = ok.json() as { authToken: string; title: string; uuid: string }
    expect([switched.title, switched.uuid]).toEqual(['Jordan', jordan.uuid])
    // the new token is a real token: plex.tv knows who it is
    const me = (await call(sim.url, 'GET', '/api/v2/user', auth(switched.authToken))).json() as { title: string }
    expect(me.title).toBe('Jordan')
    // the PIN may also come as a form body (Plex's Roku client)
    const form = await call(sim.url, 'POST', path, { headers: { 'X-Plex-Token': owner, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `pin=${jordan.pin}` })
    expect(form.status).toBe(201)
    const mia = homeFixture.users.find((u) => u.title === 'Mia')!
    expect((await call(sim.url, 'POST', `/api/v2/home/users/${mia.uuid}/switch`, auth(owner))).status).toBe(201)
  })
})

describe('resources and fake Plex Media Servers (§7, §11)', () => {
  it('lists servers of every kind with the documented fields; relay connections only with includeRelay=1', async () => {
    const res = await call(sim.url, 'GET', '/api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1', auth(owner))
    expect(res.status).toBe(200)
    const devices = res.json() as Record<string, unknown>[]
    const servers = devices.filter((d) => String(d.provides).split(',').includes('server'))
    expect(servers.map((s) => s.name)).toEqual(['Living Room', 'Basement 4K', "Grandma's Plex", 'Cabin', 'Old Laptop'])
    expect(devices.length).toBe(servers.length + 1) // and a player that is no server
    const shared = servers.find((s) => s.name === "Grandma's Plex")!
    expect([shared.owned, shared.sourceTitle, typeOf(shared.ownerId)]).toEqual([false, 'Grandma Rose', 'number'])
    expect(shared.accessToken).not.toBe(owner)
    expect(servers.find((s) => s.name === 'Old Laptop')!.presence).toBe(false)
    const conn = (servers[0]!.connections as Record<string, unknown>[])[0]!
    expect(Object.fromEntries(Object.entries(conn).map(([k, v]) => [k, typeOf(v)]))).toEqual({ protocol: 'string', address: 'string', port: 'number', uri: 'string', local: 'boolean', relay: 'boolean', IPv6: 'boolean' })
    const noRelay = (await call(sim.url, 'GET', '/api/v2/resources?includeHttps=1', auth(owner))).json() as { connections: { relay: boolean }[] }[]
    expect(noRelay.flatMap((d) => d.connections).some((c) => c.relay)).toBe(false)
    expect((await call(sim.url, 'GET', '/api/v2/resources', auth('nope'))).status).toBe(401)
  })

  it('a PMS answers /identity without a token and 401 HTML without its accessToken', async () => {
    const servers = (await call(sim.url, 'GET', '/api/v2/resources?includeRelay=1', auth(owner))).json() as { name: string; accessToken: string; clientIdentifier: string; connections: { uri: string; local: boolean }[] }[]
    const living = servers.find((s) => s.name === 'Living Room')!
    const lan = living.connections.find((c) => c.local)!.uri
    const identity = await fetch(`${lan}/identity`, { headers: { Accept: 'application/json' } }).then((r) => r.json() as Promise<{ MediaContainer: { machineIdentifier: string; claimed: boolean } }>)
    expect(identity.MediaContainer).toMatchObject({ machineIdentifier: living.clientIdentifier, claimed: true })
    const denied = await fetch(`${lan}/library/sections`, { headers: { Accept: 'application/json', 'X-Plex-Token': owner } })
    expect(denied.status).toBe(401)
    expect(await denied.text()).toBe('<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>')
    const sections = await fetch(`${lan}/library/sections`, { headers: { Accept: 'application/json', 'X-Plex-Token': living.accessToken } }).then((r) => r.json() as Promise<{ MediaContainer: { Directory: { title: string; type: string }[] } }>)
    expect(sections.MediaContainer.Directory.map((d) => [d.title, d.type])).toEqual([['Movies', 'movie'], ['TV Shows', 'show'], ['Music', 'artist'], ['Photos', 'photo']])
    const xml = await fetch(`${lan}/identity`).then((r) => r.text())
    expect(xml).toMatch(/<MediaContainer size="0" apiVersion="[^"]+" claimed="1" machineIdentifier="96f2fe7a/)
  })

  it('every fake PMS connection is its own host: a distinct loopback address, not plex.tv\'s 127.0.0.1', async () => {
    const servers = (await call(sim.url, 'GET', '/api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1', auth(owner))).json() as { connections: { uri: string; address: string }[] }[]
    const connections = servers.flatMap((s) => s.connections)
    const hosts = connections.map((c) => new URL(c.uri).hostname)
    expect(hosts).toEqual(connections.map((c) => c.address))
    expect(new Set(hosts).size).toBe(connections.length)
    for (const h of hosts) expect(h).toMatch(/^127\.0\.\d+\.\d+$/)
    expect(hosts).not.toContain(new URL(sim.url).hostname)
  })

  it('connections refuse, hang, slow down or lie about their identity on request', async () => {
    const byName = Object.fromEntries(sim.pms().map((p) => [p.name, p]))
    await expect(fetch(`${byName['cabin-remote']!.uri}/identity`)).rejects.toThrow()
    const hang = new AbortController()
    const hung = fetch(`${byName['basement-lan-a']!.uri}/identity`, { signal: hang.signal })
    hang.abort()
    await expect(hung).rejects.toThrow()
    await sim.configureConnection('living-lan', { wrongIdentity: true })
    const lie = await fetch(`${byName['living-lan']!.uri}/identity`, { headers: { Accept: 'application/json' } }).then((r) => r.json() as Promise<{ MediaContainer: { machineIdentifier: string } }>)
    expect(lie.MediaContainer.machineIdentifier).not.toBe('96f2fe7a5c0b4c7d8e9f0a1b2c3d4e5f')
    await sim.configureConnection('cabin-remote', { mode: 'ok' })
    expect((await fetch(`${byName['cabin-remote']!.uri}/identity`)).status).toBe(200)
    await sim.reset()
    await expect(fetch(`${byName['cabin-remote']!.uri}/identity`)).rejects.toThrow()
  })

  it('claim: a claim token from plex.tv claims the unclaimed server, which then shows up in resources', async () => {
    const before = await fetch(`${sim.unclaimedServerUrl}/identity`, { headers: { Accept: 'application/json' } }).then((r) => r.json() as Promise<{ MediaContainer: { claimed: boolean } }>)
    expect(before.MediaContainer.claimed).toBe(false)
    const { token } = (await call(sim.url, 'GET', '/api/claim/token.json', auth(single))).json() as { token: string }
    expect(token).toMatch(/^claim-[a-z0-9]{20}$/)
    expect((await fetch(`${sim.unclaimedServerUrl}/myplex/claim?token=claim-forged0000000000000`, { method: 'POST' })).status).toBe(400)
    expect((await fetch(`${sim.unclaimedServerUrl}/myplex/claim?token=${token}`, { method: 'POST' })).status).toBe(200)
    const after = await fetch(`${sim.unclaimedServerUrl}/identity`, { headers: { Accept: 'application/json' } }).then((r) => r.json() as Promise<{ MediaContainer: { claimed: boolean } }>)
    expect(after.MediaContainer.claimed).toBe(true)
    const servers = (await call(sim.url, 'GET', '/api/v2/resources', auth(single))).json() as { name: string }[]
    expect(servers.map((s) => s.name)).toEqual(["Sam's Mac mini", 'New Raspberry Pi'])
  })
})

describe('faults and the request log (control API)', () => {
  it('status, 429 with and without Retry-After, malformed JSON and reset, each for the next N requests', async () => {
    await sim.addFault({ method: 'GET', path: '/api/v2/user', kind: 'status', status: 502, count: 1 })
    await sim.addFault({ method: 'GET', path: '/api/v2/resources', kind: 'rateLimit', retryAfterSec: 7, count: 1 })
    await sim.addFault({ method: 'GET', path: '/api/v2/home/users', kind: 'rateLimit', count: 1 })
    const bad = await call(sim.url, 'GET', '/api/v2/user', auth(owner))
    expect(bad.status).toBe(502)
    expect((bad.json() as { errors: { status: number }[] }).errors[0]!.status).toBe(502)
    expect((await call(sim.url, 'GET', '/api/v2/user', auth(owner))).status).toBe(200) // count: 1 used up
    const limited = await call(sim.url, 'GET', '/api/v2/resources', auth(owner))
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7'])
    const bare = await call(sim.url, 'GET', '/api/v2/home/users', auth(owner))
    expect([bare.status, bare.headers.get('retry-after')]).toEqual([429, null])
    await sim.addFault({ method: 'POST', path: '/api/v2/pins', kind: 'malformed', count: 1 })
    const broken = await call(sim.url, 'POST', '/api/v2/pins')
    expect(broken.status).toBe(200)
    expect(() => broken.json()).toThrow()
    await sim.addFault({ path: '/api/v2/pins', kind: 'reset', count: 1 })
    await expect(call(sim.url, 'POST', '/api/v2/pins')).rejects.toThrow()
  })

  it('a fault for a time window ends by the simulator clock; a hang holds until cleared', async () => {
    let t = 1_000_000
    const timed = await startSimulator({ now: () => t })
    try {
      await timed.addFault({ path: '/api/v2/pins', kind: 'status', status: 503, durationMs: 10_000 })
      expect((await call(timed.url, 'POST', '/api/v2/pins')).status).toBe(503)
      expect((await call(timed.url, 'POST', '/api/v2/pins')).status).toBe(503)
      t += 10_000
      expect((await call(timed.url, 'POST', '/api/v2/pins')).status).toBe(201)
      await timed.addFault({ path: '/api/v2/user', kind: 'hang', durationMs: 60_000 })
      const hung = call(timed.url, 'GET', '/api/v2/user', auth(owner))
      await timed.clearFaults() // closes the hanging request's socket
      await expect(hung).rejects.toThrow()
    } finally {
      await timed.close()
    }
  })

  it('logs method, path without query, time and status — never a token', async () => {
    await sim.clearLog()
    await call(sim.url, 'GET', `/api/v2/user?X-Plex-Token=${owner}`)
    await call(sim.url, 'GET', '/api/v2/user', auth('wrong'))
    const log = await sim.log()
    expect(log.map((e) => [e.method, e.path, e.status])).toEqual([['GET', '/api/v2/user', 200], ['GET', '/api/v2/user', 401]])
    expect(JSON.stringify(log)).not.toContain(owner)
    expect(typeof log[0]!.time).toBe('number')
  })

  it('every answer carries a Date header, shifted by the configured clock skew', async () => {
    await sim.setClockSkew(-3600)
    const res = await call(sim.url, 'GET', '/api/v2/user', auth(owner))
    const skew = Date.parse(res.headers.get('date')!) - Date.now()
    expect(skew).toBeLessThan(-3500_000)
  })
})

describe('world size (POST /__sim/world), for screenshots and benchmarks', () => {
  it('grows the Home and the server list with reachable generated servers, cuts them, and reset restores the seeded world', async () => {
    await sim.setWorld({ homeUsers: 40, servers: 40 })
    const home = (await call(sim.url, 'GET', '/api/v2/home/users', auth(owner))).json() as { users: { uuid: string; title: string }[] }
    expect(home.users).toHaveLength(40)
    expect(home.users.slice(0, homeFixture.users.length).map((u) => u.title)).toEqual(homeFixture.users.map((u) => u.title))
    expect(new Set(home.users.map((u) => u.uuid)).size).toBe(40)
    const servers = ((await call(sim.url, 'GET', '/api/v2/resources?includeHttps=1&includeRelay=1', auth(owner))).json() as { provides: string; name: string; connections: { uri: string }[] }[]).filter((r) => r.provides === 'server')
    expect(servers).toHaveLength(40)
    // a generated server answers /identity on its own fake PMS
    const generated = servers.find((s) => s.name.startsWith('Dachboden'))!
    const identity = await fetch(`${generated.connections[0]!.uri}/identity`, { headers: { Accept: 'application/json' } })
    expect(identity.status).toBe(200)

    await sim.setWorld({ homeUsers: 1, servers: 1 })
    const one = (await call(sim.url, 'GET', '/api/v2/home/users', auth(owner))).json() as { users: { title: string }[] }
    expect(one.users.map((u) => u.title)).toEqual(['Alex'])
    // the owner's token still works with a Home cut to one
    expect((await call(sim.url, 'GET', '/api/v2/user', auth(owner))).status).toBe(200)

    await sim.reset()
    const seeded = (await call(sim.url, 'GET', '/api/v2/home/users', auth(owner))).json() as { users: unknown[] }
    expect(seeded.users).toHaveLength(homeFixture.users.length)
  })

  it('refuses sizes it cannot make', async () => {
    const res = await fetch(`${sim.controlUrl}/world`, { method: 'POST', body: JSON.stringify({ servers: 500 }) })
    expect(res.status).toBe(400)
  })
})
