/**
 * 500 servers (issue 15 item 5): every server's race shares one queue of probe slots — at most `perHost`
 * calls in flight per origin and `global` in all — and a probe is timed, and its deadline counted, from when
 * it is sent, not from when the race began. On the fake clock: no real waiting, nothing timed.
 */
import { describe, expect, it } from 'vitest'
import { ProbeQueue } from '../../src/flows/servers/probeQueue.js'
import { raceConnections, type ServerRaceResult } from '../../src/flows/servers/race.js'
import type { PmsApi, RequestOptions } from '../../src/plex/api.js'
import type { LibrarySection, PmsIdentity, PmsRoot, Resource } from '../../src/plex/types.js'
import { FakeClock } from '../support/fakeClock.js'
import { conn, FakePlex, server, type FakeEndpoint, type FakeRequest } from '../support/fakePlex.js'

/** The one fake's servers (tests/support/fakePlex.ts), remembering the most calls ever in flight, in all and per origin. */
class CountingPms implements PmsApi {
  maxInFlight = 0
  maxPerOrigin = 0
  private readonly perOrigin = new Map<string, number>()
  private readonly plex: FakePlex

  get requests(): readonly FakeRequest[] {
    return this.plex.requests
  }

  constructor(clock: FakeClock) {
    this.plex = new FakePlex(clock)
  }

  serve(uri: string, endpoint: FakeEndpoint): this {
    this.plex.serve(uri, endpoint)
    return this
  }

  identity(uri: string, opts?: RequestOptions): Promise<PmsIdentity> {
    return this.tally(uri, this.plex.pms.identity(uri, opts))
  }

  root(uri: string, token: string, opts?: RequestOptions): Promise<PmsRoot> {
    return this.tally(uri, this.plex.pms.root(uri, token, opts))
  }

  librarySections(uri: string, token: string, opts?: RequestOptions): Promise<LibrarySection[]> {
    return this.plex.pms.librarySections(uri, token, opts)
  }

  claim(uri: string, claimToken: string, opts?: RequestOptions): Promise<void> {
    return this.plex.pms.claim(uri, claimToken, opts)
  }

  private tally<T>(uri: string, call: Promise<T>): Promise<T> {
    const origin = new URL(uri).origin
    const n = (this.perOrigin.get(origin) ?? 0) + 1
    this.perOrigin.set(origin, n)
    this.maxPerOrigin = Math.max(this.maxPerOrigin, n)
    this.maxInFlight = Math.max(this.maxInFlight, this.plex.inFlight)
    const done = (): void => void this.perOrigin.set(origin, (this.perOrigin.get(origin) ?? 1) - 1)
    call.then(done, done)
    return call
  }
}

const mid = (i: number) => `d00d${String(i).padStart(28, '0')}`
const uri = (i: number) => `http://10.0.${Math.floor(i / 250)}.${(i % 250) + 1}:32400`

function crowd(count: number, latencyMs: number) {
  const clock = new FakeClock()
  const pms = new CountingPms(clock)
  const resources: Resource[] = []
  for (let i = 0; i < count; i++) {
    pms.serve(uri(i), { machineIdentifier: mid(i), latencyMs })
    resources.push(server(`NAS ${i + 1}`, mid(i), [conn(uri(i), { local: true })]))
  }
  return { clock, pms, resources }
}

describe('connection races share bounded slots', () => {
  it('500 servers whose probes take 200 ms each all end reachable, each charged its own 200 ms, with no more than the caps in flight', async () => {
    const { clock, pms, resources } = crowd(500, 100)
    const queue = new ProbeQueue({ perHost: 2, global: 16 })
    const results: ServerRaceResult[] = []
    const races = resources.map((r) => raceConnections(r, pms, clock, { probeTimeoutMs: 4000, queue }))
    for (const race of races) void race.result.then((r) => r !== null && results.push(r))
    // 500 probes of 200 ms, 16 at a time: 32 rounds, 6.4 s — longer than the 4 s deadline of one probe.
    for (let t = 0; t < 8000 && results.length < 500; t += 50) await clock.advanceAsync(50)
    expect(results).toHaveLength(500)
    expect(results.filter((r) => r.best === null).map((r) => r.failures)).toEqual([])
    // Timed from when it was sent: the last server waited about 6 s for a slot, and is charged 200 ms.
    expect(new Set(results.map((r) => r.best?.latencyMs))).toEqual(new Set([200]))
    expect(pms.maxInFlight).toBe(16)
    expect(queue.inFlight).toBe(0)
    expect(queue.queued).toBe(0)
  })

  it('a probe queued behind others gets its whole deadline once it is sent', async () => {
    const { clock, pms, resources } = crowd(3, 1500)
    // One slot: the third probe waits 6 s (two probes of 3 s) before it is sent.
    const queue = new ProbeQueue({ perHost: 2, global: 1 })
    const results: ServerRaceResult[] = []
    for (const r of resources) void raceConnections(r, pms, clock, { probeTimeoutMs: 4000, queue }).result.then((x) => x !== null && results.push(x))
    await clock.advanceAsync(5999)
    expect(results.map((r) => r.best?.latencyMs)).toEqual([3000])
    await clock.advanceAsync(1)
    expect(results.map((r) => r.best?.latencyMs)).toEqual([3000, 3000])
    await clock.advanceAsync(3000)
    expect(results.map((r) => r.resource.name)).toEqual(['NAS 1', 'NAS 2', 'NAS 3'])
    expect(results.map((r) => r.best?.latencyMs)).toEqual([3000, 3000, 3000])
  })

  it('at most perHost probes reach one origin at a time, and other origins pass the ones waiting for it', async () => {
    const clock = new FakeClock()
    const pms = new CountingPms(clock)
    const shared = 'http://192.168.1.20:32400'
    // Six servers that all list the same LAN address (a reused address: five of them get the wrong box).
    const resources = Array.from({ length: 6 }, (_, i) => server(`Box ${i}`, mid(i), [conn(shared, { local: true })]))
    pms.serve(shared, { machineIdentifier: mid(0), latencyMs: 100 })
    pms.serve(uri(99), { machineIdentifier: mid(99), latencyMs: 100 })
    const other = server('Elsewhere', mid(99), [conn(uri(99), { local: true })])
    const queue = new ProbeQueue({ perHost: 2, global: 16 })
    const results: ServerRaceResult[] = []
    for (const r of [...resources, other]) void raceConnections(r, pms, clock, { queue }).result.then((x) => x !== null && results.push(x))
    await clock.advanceAsync(200)
    // The server on another origin did not wait behind the six on the shared one.
    expect(results.map((r) => r.resource.name)).toContain('Elsewhere')
    await clock.advanceAsync(2000)
    expect(results).toHaveLength(7)
    expect(pms.maxPerOrigin).toBe(2)
    expect(results.find((r) => r.resource.name === 'Box 0')?.best?.connection.uri).toBe(shared)
    expect(results.filter((r) => r.failures[0]?.reason === 'wrong-server')).toHaveLength(5)
  })

  it('stopping a race that waits for a slot sends nothing for it and leaves the queue', async () => {
    const { clock, pms, resources } = crowd(3, 100)
    const queue = new ProbeQueue({ perHost: 2, global: 1 })
    const races = resources.map((r) => raceConnections(r, pms, clock, { queue }))
    expect(queue.queued).toBe(2)
    races[2]!.stop()
    expect(queue.queued).toBe(1)
    expect(await races[2]!.result).toBeNull()
    await clock.advanceAsync(1000)
    expect(pms.requests.map((r) => r.arg)).not.toContain(uri(2))
    expect(queue.inFlight).toBe(0)
  })
})
