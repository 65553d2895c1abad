/**
 * The server step against the real simulator and its fake Plex Media Servers, over HTTP: resources with
 * the user's token, every server raced in parallel, the list order, automatic retry after a fault, 401
 * not retried, one server tested again, and stop() ending everything.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'
import { systemClock } from '../../src/flows/kernel/clock.js'
import { ServerPickerSession, type ServerPickerState } from '../../src/flows/servers/serverList.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import { createPmsClient } from '../../src/plex/pmsClient.js'
import type { DeviceIdentity } from '../../src/plex/types.js'
import { json, startTinyServer } from '../support/tinyHttp.js'

const identity: DeviceIdentity = {
  clientIdentifier: 'client-server-session-0001',
  product: 'PlexLink TV',
  version: '0.1.0',
  platform: 'Linux',
  platformVersion: '',
  device: 'Linux',
  deviceName: 'Test TV',
}

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

function session(token: string) {
  const s = new ServerPickerSession({
    client: createPlexTvClient({ baseUrl: sim.url, identity, timeoutMs: 2000 }),
    pms: createPmsClient({ identity, timeoutMs: 2000 }),
    clock: systemClock,
    userToken: token,
    // real clock, real HTTP: long enough for an answering server on a loaded CI machine; the hanging
    // addresses (Basement's first LAN one, Old Laptop) still reach it
    probeTimeoutMs: 2500,
    random: () => 0,
  })
  const seen: ServerPickerState[] = []
  s.subscribe((state) => seen.push(state))
  return { s, seen }
}

const ownerToken = () => sim.fixtures.accounts.find((a) => a.key === 'owner')!.token

async function until(s: ServerPickerSession, test: (state: ServerPickerState) => boolean, ms = 20_000): Promise<ServerPickerState> {
  const end = Date.now() + ms
  while (!test(s.state)) {
    if (Date.now() > end) throw new Error(`state never matched; last ${JSON.stringify(s.state).slice(0, 300)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return s.state
}

const done = (st: ServerPickerState) => st.kind === 'list' && st.list.kind === 'done'

describe('ServerPickerSession against the simulator', () => {
  it('lists every server of the account, each with its best connection or the reason it has none, in list order', async () => {
    const { s } = session(ownerToken())
    s.start()
    const state = await until(s, done)
    s.stop()
    if (state.kind !== 'list') throw new Error('no list')
    const rows = state.list.rows.map((r) => (r.status === 'settled' ? { name: r.resource.name, kind: r.result.best?.kind ?? null, onlyRelay: r.result.onlyRelay, unavailable: r.result.unavailable } : null))
    expect(rows).toEqual([
      { name: 'Basement 4K', kind: 'local', onlyRelay: false, unavailable: null },
      { name: 'Cabin', kind: 'relay', onlyRelay: true, unavailable: null },
      { name: 'Living Room', kind: 'local', onlyRelay: false, unavailable: null },
      { name: "Grandma's Plex", kind: 'remote', onlyRelay: false, unavailable: null },
      { name: 'Old Laptop', kind: null, onlyRelay: false, unavailable: 'offline' },
    ])
    // Basement's first LAN address hangs, yet Basement is reachable over LAN (above): the race went on
    // without it, and what it saw of that address is the reason recorded for it
    const basement = state.list.rows.find((r) => r.resource.name === 'Basement 4K')
    expect(basement?.status === 'settled' && basement.result.failures.every((f) => f.reason === 'timeout' || f.reason === 'refused')).toBe(true)
  })

  it('asks plex.tv for resources with the token it was given, in the header and never in the URL', async () => {
    // the request itself, as it crossed the wire (the simulator's log drops the query string by design)
    const tiny = await startTinyServer()
    try {
      tiny.handle((_req, res) => json(res, 200, []))
      const s = new ServerPickerSession({
        client: createPlexTvClient({ baseUrl: tiny.url, identity, timeoutMs: 2000 }),
        pms: createPmsClient({ identity, timeoutMs: 2000 }),
        clock: systemClock,
        userToken: ownerToken(),
      })
      s.start()
      const req = await tiny.nextRequest()
      s.stop()
      expect(req.url.split('?')[0]).toBe('/api/v2/resources')
      expect(req.url).not.toContain(ownerToken())
      expect(decodeURIComponent(req.url).toLowerCase()).not.toContain('token')
      expect(req.headers['x-plex-token']).toBe(ownerToken())
      expect(tiny.requests).toHaveLength(1)
    } finally {
      await tiny.close()
    }
  })

  it('a 503 on resources says so, then loads again by itself', async () => {
    await sim.addFault({ path: '/api/v2/resources', kind: 'status', status: 503, count: 1 })
    const { s, seen } = session(ownerToken())
    s.start()
    await until(s, done)
    s.stop()
    const failed = seen.find((st) => st.kind === 'loadFailed')
    expect(failed).toMatchObject({ kind: 'loadFailed', error: { kind: 'server', status: 503, retryable: true } })
    expect(failed?.kind === 'loadFailed' && failed.retryAt).toBeGreaterThan(0)
    expect((await sim.log()).filter((e) => e.path === '/api/v2/resources').map((e) => e.status)).toEqual([503, 200])
  })

  it('a revoked token (401) is not retried: it waits for the person', async () => {
    const { s } = session('not-a-token-ZZZZZZZZ')
    s.start()
    const state = await until(s, (st) => st.kind === 'loadFailed')
    expect(state).toMatchObject({ kind: 'loadFailed', error: { kind: 'unauthorized' }, retryAt: null })
    await new Promise((r) => setTimeout(r, 1200))
    s.stop()
    expect((await sim.log()).filter((e) => e.path === '/api/v2/resources')).toHaveLength(1)
  })

  it('OK on a server that did not answer races it again, the others stay as they were', async () => {
    await sim.configureConnection('cabin-relay', { mode: 'refuse' })
    const { s } = session(ownerToken())
    s.start()
    await until(s, done)
    const cabinId = sim.fixtures.servers.servers.find((x) => x.name === 'Cabin')!.clientIdentifier
    expect(s.result(cabinId)?.unavailable).toBe('unreachable')
    await sim.configureConnection('cabin-relay', { mode: 'ok' })
    s.retest(cabinId)
    expect(s.result(cabinId)).toBeNull()
    await until(s, (st) => done(st) && s.result(cabinId)?.best !== null)
    expect(s.result(cabinId)?.best?.kind).toBe('relay')
    s.stop()
  })

  it('stop() while probing leaves no request running and no state change after it', async () => {
    await sim.configureConnection('living-lan', { mode: 'hang' })
    const { s, seen } = session(ownerToken())
    s.start()
    await until(s, (st) => st.kind === 'list')
    s.stop()
    const count = seen.length
    await new Promise((r) => setTimeout(r, 900))
    expect(seen.length).toBe(count)
    expect(s.state.kind).toBe('idle')
  })
})
