// @vitest-environment jsdom
/**
 * Diagnostics as a TV browser runs them: XHR across origins to a server that answers CORS as plex.tv does
 * (plex-api.md §0: only `Location` exposed, so its `Date` header is hidden from the page). The TV's clock
 * must still be compared with plex.tv's, or the diagnostics screen could never name a wrong clock on a TV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerResponse } from 'node:http'
import { DiagnosticsSession, type DiagnosticsState } from '../../src/flows/diagnostics/diagnostics.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { FakeClock } from '../support/fakeClock.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import { diagnosticsModel } from '../../src/ui/diagnosticsWords.js'
import { startTinyServer, type TinyServer } from '../support/tinyHttp.js'

const identity = { clientIdentifier: 'diag-browser-0001', product: 'PlexLink TV', version: '0.1.0', platform: 'Chrome', platformVersion: '', device: 'Linux', deviceName: 'Kitchen Pi' }
const facts = { deviceName: 'Kitchen Pi', clientIdentifier: identity.clientIdentifier, version: '0.1.0', platform: 'Chrome', renderer: 'WebGL' as const, errors: [], linkUrl: 'plex.tv/link' }
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

let server: TinyServer
/** plex.tv's clock minus the real one, for the next answers. */
let skewMs = 0

beforeAll(async () => {
  server = await startTinyServer()
  server.handle((req, res: ServerResponse) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Location' }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '' })
      return void res.end()
    }
    const now = Date.now() + skewMs
    // a fresh 4-character pin as plex.tv creates it (§2), and plex.tv's Date header
    res.writeHead(201, { ...cors, 'Content-Type': 'application/json', Date: new Date(now).toUTCString() })
    res.end(JSON.stringify({ id: 308667304, code: '7RQZ', clientIdentifier: identity.clientIdentifier, expiresIn: 900, createdAt: iso(now), expiresAt: iso(now + 900_000), authToken: null, qr: null }))
  })
})
afterAll(() => server.close())

function diagnose(): Promise<DiagnosticsState & { kind: 'done' }> {
  // the fake clock starts at the real time and stands still: the TV's clock, for the comparison
  const client = createPlexTvClient({ baseUrl: server.url, identity, timeoutMs: 3000, adapter: 'xhr' })
  const session = new DiagnosticsSession({ client, clock: new FakeClock(Date.now()), store: new MemoryStore(), timeoutMs: 3000 })
  const done = new Promise<DiagnosticsState & { kind: 'done' }>((resolve) => session.subscribe((s) => s.kind === 'done' && resolve(s)))
  session.run()
  return done
}

/** What a page's script can read of the Date header on this cross-origin answer. */
function readableDateHeader(): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${server.url}/api/v2/pins`)
    xhr.onload = () => resolve(xhr.getResponseHeader('Date'))
    xhr.onerror = () => reject(new Error('no answer'))
    xhr.send()
  })
}

describe('diagnostics in a browser, against plex.tv’s CORS', () => {
  it('the Date header cannot be read cross-origin', async () => {
    expect(await readableDateHeader()).toBeNull()
  })

  it("names a TV clock 3 hours behind plex.tv's all the same, from the time plex.tv gives in its answer", async () => {
    skewMs = 3 * 3_600_000
    const state = await diagnose()
    expect(state.result.reach).toMatchObject({ kind: 'ok' })
    expect(state.result.clockSkewMs! / 3_600_000).toBeCloseTo(3, 1)
    const model = diagnosticsModel(state, facts)
    expect(model.facts[1]).toEqual({ label: "This TV's clock", value: '3 h behind' })
    expect(model.causes).toContainEqual({ text: "This TV's clock is 3 h off. Set the date and time in the TV's settings: a wrong clock breaks secure connections.", tone: 'error' })
    // what was asked: a code, with no token
    const last = server.requests.at(-1)!
    expect([last.method, last.url.split('?')[0], last.headers['x-plex-token']]).toEqual(['POST', '/api/v2/pins', undefined])
  })

  it('a right clock reads as right', async () => {
    skewMs = 0
    const state = await diagnose()
    expect(Math.abs(state.result.clockSkewMs!)).toBeLessThan(2000)
    expect(diagnosticsModel(state, facts).facts[1]).toEqual({ label: "This TV's clock", value: 'Right' })
  })
})
