/**
 * The connection race (plex-api.md §7.3, §13.5–13.8): identity + token check per connection, per-probe
 * deadline on the clock, relay held back, scoring, early settling, and stop() leaving nothing behind.
 * Every probe is two calls, so a connection with `latencyMs: L` answers after 2·L.
 */
import { describe, expect, it } from 'vitest'
import { compareServerRows, raceConnections, reduceServerList, type ServerRaceResult, type ServerRow } from '../../src/flows/servers/race.js'
import { ServerPickerSession, type ServerPickerState } from '../../src/flows/servers/serverList.js'
import type { Resource } from '../../src/plex/types.js'
import { FakeClock } from '../support/fakeClock.js'
import { FakePlexHome } from '../support/fakePlexHome.js'
import { conn, FakePms, server } from '../support/fakePms.js'

const MID = 'a1f4c9e2b7d3a1f4c9e2b7d3a1f4c9e2'
const LOCAL_HTTPS = `https://192-168-1-20.${MID}.plex.direct:32400`
const LOCAL_HTTP = 'http://192.168.1.20:32400'
const REMOTE_HTTPS = `https://203-0-113-7.${MID}.plex.direct:32400`
const REMOTE_HTTP = 'http://203.0.113.7:32400'
const RELAY = `https://198-51-100-4.${MID}.plex.direct:8443`

function setup() {
  const clock = new FakeClock()
  const pms = new FakePms(clock)
  return { clock, pms }
}

/** Runs a race to the end on the fake clock, recording when it settled. */
async function run(clock: FakeClock, pms: FakePms, resource: Resource, budgetMs = 20_000, probeTimeoutMs?: number) {
  const start = clock.now()
  const race = raceConnections(resource, pms, clock, probeTimeoutMs === undefined ? {} : { probeTimeoutMs })
  let settledAt: number | null = null
  let result: ServerRaceResult | null = null
  void race.result.then((r) => {
    settledAt = clock.now() - start
    result = r
  })
  // Step in 1 ms increments so settledAt is exact.
  for (let t = 0; t < budgetMs && settledAt === null; t++) await clock.advanceAsync(1)
  return { result: result as ServerRaceResult | null, settledAt: settledAt as number | null, race }
}

function srv(connections: ReturnType<typeof conn>[], extra: Partial<Resource> = {}) {
  return server('Basement', MID, connections, extra)
}

describe('raceConnections: scoring', () => {
  it('local beats remote even when remote answers first', async () => {
    const { clock, pms } = setup()
    pms.serve(REMOTE_HTTPS, { machineIdentifier: MID, latencyMs: 10 }).serve(LOCAL_HTTPS, { machineIdentifier: MID, latencyMs: 40 })
    const { result, settledAt } = await run(clock, pms, srv([conn(REMOTE_HTTPS), conn(LOCAL_HTTPS, { local: true })]))
    expect(result?.best?.connection.uri).toBe(LOCAL_HTTPS)
    expect(result?.best).toMatchObject({ kind: 'local', secure: true, latencyMs: 80 })
    expect(result?.onlyRelay).toBe(false)
    expect(result?.unavailable).toBeNull()
    // It waited for the better tier (local), no longer.
    expect(settledAt).toBe(80)
  })

  it('https beats http of the same kind, and the race waits for the pending https probe', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTP, { machineIdentifier: MID, latencyMs: 5 }).serve(LOCAL_HTTPS, { machineIdentifier: MID, latencyMs: 30 })
    const { result, settledAt } = await run(clock, pms, srv([conn(LOCAL_HTTP, { local: true }), conn(LOCAL_HTTPS, { local: true })]))
    expect(result?.best?.connection.uri).toBe(LOCAL_HTTPS)
    expect(result?.best?.secure).toBe(true)
    expect(settledAt).toBe(60)
  })

  it('the lowest latency wins within a tier, and a slower same-tier probe is not waited for', async () => {
    const { clock, pms } = setup()
    const other = `https://198-18-0-9.${MID}.plex.direct:32400`
    pms.serve(REMOTE_HTTPS, { machineIdentifier: MID, latencyMs: 40 }).serve(other, { machineIdentifier: MID, latencyMs: 20 })
    const { result, settledAt } = await run(clock, pms, srv([conn(REMOTE_HTTPS), conn(other)]))
    expect(result?.best?.connection.uri).toBe(other)
    expect(result?.best?.latencyMs).toBe(40)
    expect(settledAt).toBe(40)
    // The slower probe was cancelled, not left running.
    expect(pms.inFlight).toBe(0)
    expect(pms.aborted).toBe(1)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('settles at once when the best possible tier (local https) answers first', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, latencyMs: 5 })
    pms.serve(REMOTE_HTTPS, { machineIdentifier: MID, identity: 'hang' })
    const { result, settledAt } = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true }), conn(REMOTE_HTTPS)]))
    expect(result?.best?.connection.uri).toBe(LOCAL_HTTPS)
    expect(settledAt).toBe(10)
    expect(result?.failures).toEqual([])
    expect(pms.inFlight).toBe(0)
  })
})

describe('raceConnections: failures', () => {
  it('a hanging connection times out at the probe deadline; the others still count', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, identity: 'hang' }).serve(REMOTE_HTTPS, { machineIdentifier: MID, latencyMs: 25 })
    const { result, settledAt } = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true }), conn(REMOTE_HTTPS)]))
    // The local (better) tier was pending, so the race waited for its verdict — until the 4 s deadline only.
    expect(settledAt).toBe(4000)
    expect(result?.best?.connection.uri).toBe(REMOTE_HTTPS)
    expect(result?.best?.latencyMs).toBe(50)
    expect(result?.failures).toEqual([{ uri: LOCAL_HTTPS, reason: 'timeout' }])
    expect(pms.inFlight).toBe(0)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('the probe deadline is configurable and covers both calls (slow answers time out)', async () => {
    const { clock, pms } = setup()
    // 2 × 600 ms = 1.2 s > 1 s deadline: identity answered, the token check did not make it.
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, latencyMs: 600 })
    const { result, settledAt } = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true })]), 20_000, 1000)
    expect(settledAt).toBe(1000)
    expect(result?.best).toBeNull()
    expect(result?.unavailable).toBe('unreachable')
    expect(result?.failures).toEqual([{ uri: LOCAL_HTTPS, reason: 'timeout' }])
  })

  it('a slow but in-time local connection still beats a fast remote one', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, latencyMs: 1500 }).serve(REMOTE_HTTPS, { machineIdentifier: MID, latencyMs: 10 })
    const { result, settledAt } = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true }), conn(REMOTE_HTTPS)]))
    expect(settledAt).toBe(3000)
    expect(result?.best).toMatchObject({ kind: 'local', latencyMs: 3000 })
  })

  it('maps refused, wrong machineIdentifier, 401 and other errors to reasons', async () => {
    const { clock, pms } = setup()
    const a = 'http://10.0.0.2:32400'
    const b = 'http://10.0.0.3:32400'
    const c = 'http://10.0.0.4:32400'
    const d = 'http://10.0.0.5:32400'
    pms.serve(a, { machineIdentifier: MID, identity: 'refuse' })
    pms.serve(b, { machineIdentifier: 'someone-else-entirely', latencyMs: 5 })
    pms.serve(c, { machineIdentifier: MID, root: 'unauthorized', latencyMs: 5 })
    pms.serve(d, { machineIdentifier: MID, identity: 'error' })
    const { result } = await run(clock, pms, srv([conn(a, { local: true }), conn(b, { local: true }), conn(c, { local: true }), conn(d, { local: true })]))
    expect(result?.best).toBeNull()
    expect(result?.failures).toEqual([
      { uri: a, reason: 'refused' },
      { uri: b, reason: 'wrong-server' },
      { uri: c, reason: 'unauthorized' },
      { uri: d, reason: 'error' },
    ])
    // A wrong server is never asked with our token.
    expect(pms.count('root', b)).toBe(0)
    expect(result?.unavailable).toBe('unreachable')
  })

  it('checks access with the resource accessToken, not any other token (§13.5)', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, token: 'shared-server-token', latencyMs: 5 })
    const ok = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true })], { accessToken: 'shared-server-token' }))
    expect(ok.result?.best?.connection.uri).toBe(LOCAL_HTTPS)
    const wrong = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true })], { accessToken: 'account-token' }))
    expect(wrong.result?.failures).toEqual([{ uri: LOCAL_HTTPS, reason: 'unauthorized' }])
    const none = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true })], { accessToken: null }))
    expect(none.result?.failures).toEqual([{ uri: LOCAL_HTTPS, reason: 'unauthorized' }])
  })
})

describe('raceConnections: relay and https rules', () => {
  it('relay is tried only after every direct connection failed, and is flagged onlyRelay', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, identity: 'refuse', latencyMs: 10 })
    pms.serve(REMOTE_HTTPS, { machineIdentifier: MID, identity: 'hang' })
    pms.serve(RELAY, { machineIdentifier: MID, latencyMs: 30 })
    const race = raceConnections(srv([conn(RELAY, { relay: true }), conn(LOCAL_HTTPS, { local: true }), conn(REMOTE_HTTPS)]), pms, clock)
    let result: ServerRaceResult | null = null
    void race.result.then((r) => (result = r))
    await clock.advanceAsync(3999)
    expect(pms.count('identity', RELAY)).toBe(0)
    await clock.advanceAsync(1) // the remote probe's deadline: every direct candidate has now failed
    const relayRequests = pms.requests.filter((r) => r.uri === RELAY)
    expect(relayRequests[0]?.at).toBe(clock.now())
    await clock.advanceAsync(60)
    expect(result).not.toBeNull()
    const r = result as unknown as ServerRaceResult
    expect(r.best).toMatchObject({ kind: 'relay', latencyMs: 60 })
    expect(r.onlyRelay).toBe(true)
    expect(r.failures).toEqual([
      { uri: LOCAL_HTTPS, reason: 'refused' },
      { uri: REMOTE_HTTPS, reason: 'timeout' },
    ])
  })

  it('relay is never probed when a direct connection answers, however slowly', async () => {
    const { clock, pms } = setup()
    pms.serve(REMOTE_HTTPS, { machineIdentifier: MID, latencyMs: 1900 }).serve(RELAY, { machineIdentifier: MID, latencyMs: 1 })
    const { result } = await run(clock, pms, srv([conn(RELAY, { relay: true }), conn(REMOTE_HTTPS)]))
    expect(result?.best?.connection.uri).toBe(REMOTE_HTTPS)
    expect(result?.onlyRelay).toBe(false)
    expect(pms.count(undefined, RELAY)).toBe(0)
  })

  it('a server with only relay connections probes them at once', async () => {
    const { clock, pms } = setup()
    pms.serve(RELAY, { machineIdentifier: MID, latencyMs: 10 })
    const { result, settledAt } = await run(clock, pms, srv([conn(RELAY, { relay: true })]))
    expect(settledAt).toBe(20)
    expect(result?.onlyRelay).toBe(true)
  })

  it('httpsRequired servers never use http connections', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTP, { machineIdentifier: MID, latencyMs: 1 }).serve(REMOTE_HTTPS, { machineIdentifier: MID, latencyMs: 50 })
    const { result } = await run(clock, pms, srv([conn(LOCAL_HTTP, { local: true }), conn(REMOTE_HTTP), conn(REMOTE_HTTPS)], { httpsRequired: true }))
    expect(result?.best?.connection.uri).toBe(REMOTE_HTTPS)
    expect(pms.count(undefined, LOCAL_HTTP)).toBe(0)
    expect(pms.count(undefined, REMOTE_HTTP)).toBe(0)
    // Only http connections → nothing to probe.
    const none = await run(clock, pms, srv([conn(LOCAL_HTTP, { local: true })], { httpsRequired: true }))
    expect(none.result).toMatchObject({ best: null, unavailable: 'no-connections', failures: [] })
  })

  it('an offline server (presence false) is still probed and reported offline when nothing answers', async () => {
    const { clock, pms } = setup()
    const { result } = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true })], { presence: false }))
    expect(result).toMatchObject({ best: null, unavailable: 'offline', failures: [{ uri: LOCAL_HTTPS, reason: 'refused' }] })
    // presence lags: one that answers is used.
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, latencyMs: 5 })
    const back = await run(clock, pms, srv([conn(LOCAL_HTTPS, { local: true })], { presence: false }))
    expect(back.result?.best?.connection.uri).toBe(LOCAL_HTTPS)
  })
})

describe('stop()', () => {
  it('leaves zero pending timers and zero requests in flight, and the result is null', async () => {
    const { clock, pms } = setup()
    pms.serve(LOCAL_HTTPS, { machineIdentifier: MID, identity: 'hang' })
    pms.serve(REMOTE_HTTPS, { machineIdentifier: MID, latencyMs: 300 })
    pms.serve(LOCAL_HTTP, { machineIdentifier: MID, root: 'hang', latencyMs: 5 })
    const race = raceConnections(srv([conn(LOCAL_HTTPS, { local: true }), conn(REMOTE_HTTPS), conn(LOCAL_HTTP, { local: true }), conn(RELAY, { relay: true })]), pms, clock)
    await clock.advanceAsync(100)
    expect(pms.inFlight).toBe(3)
    expect(clock.pendingTimers()).toBeGreaterThan(0)
    race.stop()
    await clock.advanceAsync(0)
    expect(await race.result).toBeNull()
    expect(pms.inFlight).toBe(0)
    expect(clock.pendingTimers()).toBe(0)
    // Nothing starts later either (the relay tier stays held).
    await clock.advanceAsync(10_000)
    expect(pms.count(undefined, RELAY)).toBe(0)
  })

  it("stopping the server list cancels every server's race", async () => {
    const { clock, pms } = setup()
    const a = server('A', 'mid-a', [conn('https://a.plex.direct:32400')])
    const b = server('B', 'mid-b', [conn('https://b.plex.direct:32400')])
    pms.serve('https://a.plex.direct:32400', { machineIdentifier: 'mid-a', identity: 'hang' })
    pms.serve('https://b.plex.direct:32400', { machineIdentifier: 'mid-b', latencyMs: 1000 })
    const plex = new FakePlexHome(clock)
    plex.latencyMs = 0
    plex.resources = [a, b]
    const session = new ServerPickerSession({ client: plex, pms, clock, userToken: 'user-token' })
    session.start()
    await clock.advanceAsync(10)
    expect(pms.inFlight).toBe(2)
    session.stop()
    expect(pms.inFlight).toBe(0)
    expect(pms.aborted).toBe(2)
    expect(clock.pendingTimers()).toBe(0)
  })
})

describe('the server list: every server raced at once, rows in order', () => {
  it('races all servers in parallel, a hanging one does not hold the others back, rows fill in as they settle', async () => {
    const { clock, pms } = setup()
    const fast = server('Zeta', 'mid-z', [conn('https://z.plex.direct:32400')], { owned: false, sourceTitle: 'Bob' })
    const slow = server('Alpha', 'mid-a', [conn('https://a.plex.direct:32400')])
    const dead = server('Attic', 'mid-t', [conn('https://t.plex.direct:32400')], { presence: false })
    const player = { ...server('Phone', 'mid-p', []), provides: ['client', 'player'] }
    pms.serve('https://z.plex.direct:32400', { machineIdentifier: 'mid-z', latencyMs: 10 })
    pms.serve('https://a.plex.direct:32400', { machineIdentifier: 'mid-a', latencyMs: 200 })
    pms.serve('https://t.plex.direct:32400', { machineIdentifier: 'mid-t', identity: 'hang' })
    const plex = new FakePlexHome(clock)
    plex.latencyMs = 0
    plex.resources = [dead, player, fast, slow, fast] // a server listed twice is one row
    const session = new ServerPickerSession({ client: plex, pms, clock, userToken: 'user-token' })
    const states: ServerPickerState[] = []
    session.subscribe((s) => states.push(s))
    const rows = (): string[] => (session.state.kind === 'list' ? session.state.list.rows.map((r) => `${r.resource.name}:${r.status}`) : [])
    session.start()
    await clock.advanceAsync(0)
    expect(rows()).toEqual(['Alpha:probing', 'Attic:probing', 'Zeta:probing']) // owned first, then name

    await clock.advanceAsync(20)
    expect(rows()).toEqual(['Zeta:settled', 'Alpha:probing', 'Attic:probing'])
    await clock.advanceAsync(400)
    expect(session.state).toMatchObject({ kind: 'list', list: { kind: 'racing' } })

    await clock.advanceAsync(4000)
    expect(session.state).toMatchObject({ kind: 'list', list: { kind: 'done' } })
    // Reachable first (owned before shared), then the offline one, with its reason.
    expect(rows()).toEqual(['Alpha:settled', 'Zeta:settled', 'Attic:settled'])
    expect(session.result('mid-t')).toMatchObject({ best: null, unavailable: 'offline', failures: [{ reason: 'timeout' }] })
    expect(states.map((s) => s.kind)).toEqual(['loading', 'list', 'list', 'list', 'list']) // loaded + one per server
    expect(pms.inFlight).toBe(0)
    expect(clock.pendingTimers()).toBe(0)
    session.stop()
  })

  it('sorts reachable, then owned, then name (locale-aware, numeric); probing before unreachable', () => {
    const mk = (name: string, reachable: boolean, owned: boolean): ServerRaceResult => {
      const resource = server(name, `mid-${name}`, [], { owned })
      const c = conn('https://x.plex.direct:32400')
      return {
        resource,
        best: reachable ? { connection: c, latencyMs: 1, kind: 'remote', secure: true } : null,
        failures: [],
        onlyRelay: false,
        unavailable: reachable ? null : 'unreachable',
      }
    }
    const results = [mk('zulu', true, true), mk('Server 10', true, true), mk('Ärger', true, true), mk('server 2', true, true), mk('Shared', true, false), mk('Aaa down', false, true)]
    let list = reduceServerList({ kind: 'idle' }, { type: 'start', resources: results.map((r) => r.resource) })
    for (const result of results) list = reduceServerList(list, { type: 'settled', result })
    const names = list.kind === 'done' ? list.rows.map((r: ServerRow) => r.resource.name) : []
    expect(names).toEqual(['Ärger', 'server 2', 'Server 10', 'zulu', 'Shared', 'Aaa down'])
    const probing = { resource: server('Mid', 'mid-m', []), status: 'probing' as const }
    const down = { resource: server('A', 'mid-a', []), status: 'settled' as const, result: mk('A', false, true) }
    expect(compareServerRows(probing, down)).toBeLessThan(0)
  })
})
