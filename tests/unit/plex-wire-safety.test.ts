/**
 * plex.tv and servers are input (issue 12): each rule here failed before it was enforced.
 *  - only http: and https: connection URIs are raced, remembered or handed over; others are dropped and counted;
 *  - security is the URI's scheme, never `protocol`; an `httpsRequired` server never gets its token over http;
 *  - names are cleaned before drawing; pictures come only from plex.tv's hosts or a configured base.
 * Real clients over real sockets (tests/support/tinyHttp.ts): what crosses the wire is what is asserted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { candidateConnections, isSecure, raceConnections } from '../../src/flows/servers/race.js'
import { systemClock } from '../../src/flows/kernel/clock.js'
import { cleanName, MAX_NAME_LENGTH, pictureAllowed } from '../../src/plex/inputs.js'
import { parseAccount, parseHome, parseLibrarySections, parsePmsRoot, parseResources } from '../../src/plex/parse.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import { createPmsClient } from '../../src/plex/pmsClient.js'
import type { DeviceIdentity, Resource } from '../../src/plex/types.js'
import { configFrom } from '../../src/platform/config.js'
import { silentAnnouncer } from '../../src/platform/speech.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { createServices } from '../../src/services.js'
import { json, startTinyServer, type TinyServer } from '../support/tinyHttp.js'

const TOKEN = 'account-token-AAAAAAAA'
const SERVER_TOKEN = 'server-token-BBBBBBBB'
const MID = 'a1f4c9e2b7d3a1f4c9e2b7d3a1f4c9e2'
const identity: DeviceIdentity = {
  clientIdentifier: 'wire-safety-0001', product: 'PlexLink TV', version: '1', platform: 'Chrome', platformVersion: '1', device: 'PC', deviceName: 'TV',
}

let plexTv: TinyServer
let pms: TinyServer
beforeAll(async () => {
  plexTv = await startTinyServer()
  pms = await startTinyServer()
  // a PMS that answers like the real one: /identity open, / with its token
  pms.handle((req, res) => {
    if (req.url === '/identity') return json(res, 200, { MediaContainer: { size: 0, claimed: true, machineIdentifier: MID, version: '1.41' } })
    if (req.headers['x-plex-token'] !== SERVER_TOKEN) return json(res, 401, {})
    json(res, 200, { MediaContainer: { machineIdentifier: MID, friendlyName: 'Den', version: '1.41' } })
  })
})
afterAll(async () => {
  await plexTv.close()
  await pms.close()
})
afterEach(() => {
  plexTv.requests.length = 0
  pms.requests.length = 0
})

const device = (connections: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'Den', product: 'Plex Media Server', clientIdentifier: MID, provides: 'server', owned: true, presence: true, accessToken: SERVER_TOKEN,
  httpsRequired: false, connections, ...extra,
})
const connection = (uri: string, protocol = 'https', local = true) => ({ protocol, address: '10.0.0.2', port: 32400, uri, local, relay: false, IPv6: false })

async function resources(body: unknown[]): Promise<{ resources: Resource[]; rejected: number[] }> {
  plexTv.handle((_req, res) => json(res, 200, body))
  const rejected: number[] = []
  const client = createPlexTvClient({ baseUrl: plexTv.url, identity, onRejectedUris: (n) => rejected.push(n) })
  return { resources: await client.getResources(TOKEN), rejected }
}

// axios' fetch adapter, as a browser would: it reads data: URLs and drops their #fragment like XHR does
const race = (resource: Resource) => raceConnections(resource, createPmsClient({ identity, timeoutMs: 2000, adapter: 'fetch' }), systemClock, { probeTimeoutMs: 3000 }).result

describe('connection URIs', () => {
  it('only http: and https: URIs survive parsing; the rest are dropped and counted', async () => {
    const hostile = [
      'data:text/html,<script>alert(1)</script>', 'javascript:alert(1)', 'file:///etc/passwd', 'ftp://10.0.0.2:32400', '/relative', 'http://',
    ]
    const good = [`https://10-0-0-2.${MID}.plex.direct:32400`, pms.url]
    const { resources: [den], rejected } = await resources([device([...hostile.map((u) => connection(u)), ...good.map((u) => connection(u, 'http'))])])
    expect(den!.connections.map((c) => c.uri)).toEqual(good)
    expect(rejected).toEqual([hostile.length])
  })

  it('the app counts dropped URIs where Diagnostics shows recent errors', async () => {
    plexTv.handle((_req, res) => json(res, 200, [device([connection('data:text/html,x'), connection('javascript:alert(1)'), connection(pms.url, 'http')])]))
    const services = createServices(configFrom({ plexTvUrl: plexTv.url, clientsUrl: plexTv.url }), { version: '1', store: new MemoryStore(), announcer: silentAnnouncer })
    await services.plexTv.getResources(TOKEN)
    expect(services.errors.recent().map((e) => [e.request, e.fault])).toEqual([['getResources', 'dropped 2 non-http connection URIs']])
  })

  it('a data: URI that reached the race anyway is never probed and never wins', async () => {
    // a data: URI ending in '#' answers every path the race appends (it lands in the fragment) with the
    // right machineIdentifier: as a "local" connection it would beat the real remote one
    const forged = `data:application/json,${encodeURIComponent(JSON.stringify({ MediaContainer: { machineIdentifier: MID, friendlyName: 'Den', claimed: true, version: '1' } }))}#`
    const den = parseResources([device([connection(pms.url, 'http')])])[0]!
    const planted: Resource = { ...den, connections: [{ ...den.connections[0]!, uri: forged, local: true }, { ...den.connections[0]!, local: false }] }
    const result = await race(planted)
    expect(result!.best!.connection.uri).toBe(pms.url)
    expect(result!.failures.map((f) => f.uri)).toEqual([forged])
  })
})

describe('security is the URI scheme', () => {
  it('"protocol: https" on an http:// URI is plain http: parsed as http, raced as not secure', async () => {
    const { resources: [den] } = await resources([device([connection(pms.url, 'https')])])
    expect(den!.connections[0]!.protocol).toBe('http')
    expect(isSecure({ ...den!.connections[0]!, protocol: 'https' })).toBe(false)
    const result = await race(den!)
    expect([result!.best!.connection.uri, result!.best!.secure]).toEqual([pms.url, false])
  })

  it('a server with httpsRequired never receives its token over http, whatever its connections say', async () => {
    const { resources: [den] } = await resources([device([connection(pms.url, 'https')], { httpsRequired: true })])
    expect(den!.connections).toEqual([])
    // the same resource built by hand (as an older parser produced it) is not probed either
    const planted: Resource = { ...den!, connections: [{ protocol: 'https', address: '127.0.0.1', port: 1, uri: pms.url, local: true, relay: false, IPv6: false }] }
    expect(candidateConnections(planted)).toEqual([])
    const result = await race(planted)
    expect(result!.unavailable).toBe('no-connections')
    expect(pms.requests.filter((r) => r.headers['x-plex-token'] !== undefined)).toEqual([])
    expect(pms.requests).toEqual([])
  })
})

describe('names from plex.tv and servers', () => {
  it('bidi controls are removed, control characters and newlines become spaces, length is capped', () => {
    expect(cleanName('\u202Eevil.exe\u202C')).toBe('evil.exe')
    expect(cleanName('Al\u2066ex\u2069\u200F')).toBe('Alex')
    expect(cleanName('Jor\ndan\r\n\tSmith\u0007\u0000')).toBe('Jor dan Smith')
    expect(cleanName('Line\u2028break')).toBe('Line break')
    const long = cleanName('x'.repeat(500))
    expect(Array.from(long)).toHaveLength(MAX_NAME_LENGTH)
    expect(long.endsWith('…')).toBe(true)
    // letters of every script stay as they are
    expect(cleanName('محمد')).toBe('محمد')
    expect(cleanName('美咲 👩‍👧')).toBe('美咲 👩‍👧')
  })

  it('every name the app draws is cleaned at parse time', () => {
    const evil = '\u202Eevil\nname\u0007'
    const account = parseAccount({ id: 1, uuid: 'u', title: evil, friendlyName: evil, username: evil })
    expect([account.title, account.friendlyName, account.username]).toEqual(['evil name', 'evil name', 'evil name'])
    const home = parseHome({ id: 1, name: evil, users: [{ id: 2, uuid: 'v', title: evil }] })
    expect([home.name, home.users[0]!.title]).toEqual(['evil name', 'evil name'])
    const [srv] = parseResources([device([], { name: evil, sourceTitle: evil })])
    expect([srv!.name, srv!.sourceTitle]).toEqual(['evil name', 'evil name'])
    expect(parsePmsRoot({ MediaContainer: { machineIdentifier: 'm', friendlyName: evil, myPlexUsername: evil } })).toMatchObject({ friendlyName: 'evil name', myPlexUsername: 'evil name' })
    expect(parseLibrarySections({ MediaContainer: { Directory: [{ key: '1', type: 'movie', title: evil }] } })[0]!.title).toBe('evil name')
  })
})

describe('pictures', () => {
  it("are fetched only from plex.tv's own hosts (https) or a configured base", () => {
    const bases = ['http://127.0.0.1:32480', 'https://plex-proxy.example/plex']
    expect(pictureAllowed('https://plex.tv/users/abc/avatar?c=1', bases)).toBe(true)
    expect(pictureAllowed('https://assets.plex.tv/x.png', bases)).toBe(true)
    expect(pictureAllowed('http://127.0.0.1:32480/users/abc/avatar', bases)).toBe(true)
    expect(pictureAllowed('https://plex-proxy.example/other/x.png', bases)).toBe(true)
    for (const thumb of ['https://tracker.example/p.png?who=alex', 'http://plex.tv/users/abc/avatar', 'https://plex.tv.evil.example/a.png',
      'https://evilplex.tv/a.png', 'http://127.0.0.1:9999/a.png', 'javascript:alert(1)', 'data:image/png;base64,AAAA']) {
      expect([thumb, pictureAllowed(thumb, bases)]).toEqual([thumb, false])
    }
  })

  it('a picture URL carrying a token or a password is refused, even on plex.tv (it is stored and drawn)', () => {
    const bases = ['http://127.0.0.1:32480']
    for (const thumb of ['https://plex.tv/users/abc/avatar?c=1&X-Plex-Token=secret', 'https://plex.tv/users/abc/avatar?token=secret',
      'https://plex.tv/a.png?access_token=secret', 'https://alex:secret@plex.tv/users/abc/avatar', 'http://127.0.0.1:32480/a.png?X-Plex-Token=secret']) {
      expect([thumb, pictureAllowed(thumb, bases)]).toEqual([thumb, false])
    }
  })

  it('the client blanks a foreign picture in the account and the Home list (initials are drawn instead)', async () => {
    const foreign = 'https://tracker.example/p.png'
    const own = 'https://plex.tv/users/d320a7e6324aacd5/avatar?c=1'
    const client = createPlexTvClient({ baseUrl: plexTv.url, identity })
    plexTv.handle((_req, res) => json(res, 200, { id: 1, uuid: 'u', title: 'Alex', thumb: foreign }))
    expect((await client.getUser(TOKEN)).thumb).toBe('')
    plexTv.handle((_req, res) => json(res, 200, { id: 1, name: 'Home', users: [{ id: 2, uuid: 'a', title: 'A', thumb: foreign }, { id: 3, uuid: 'b', title: 'B', thumb: own }, { id: 4, uuid: 'c', title: 'C', thumb: `${plexTv.url}/users/c/avatar` }] }))
    expect((await client.getHomeUsers(TOKEN)).users.map((u) => u.thumb)).toEqual(['', own, `${plexTv.url}/users/c/avatar`])
  })
})
