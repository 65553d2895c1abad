/**
 * Diagnostics against the simulator: reachability and round trip, plex.tv in trouble, nothing answering,
 * and the TV's clock against plex.tv's (the new pin's createdAt); the words name the cause; errors are kept redacted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'
import { DiagnosticsSession, type DiagnosticsState } from '../../src/flows/diagnostics/diagnostics.js'
import { ErrorLog, redact } from '../../src/flows/diagnostics/errorLog.js'
import { savePendingPins } from '../../src/flows/link/pendingPins.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { NetworkError } from '../../src/plex/errors.js'
import { FakeClock } from '../support/fakeClock.js'
import { FakePlexTv, IDENTITY } from '../support/fakePlexTv.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import { diagnosticsModel, driftWords, shortId } from '../../src/ui/diagnosticsWords.js'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

const identity = { clientIdentifier: 'diag-client-0001', product: 'PlexLink TV', version: '0.1.0', platform: 'Linux', platformVersion: '', device: 'Linux', deviceName: 'Kitchen Pi' }

/** One probe over HTTP; the fake clock starts at the real time and stands still (it is the TV's clock). */
function diagnose(baseUrl = sim.url): Promise<DiagnosticsState & { kind: 'done' }> {
  const session = new DiagnosticsSession({ client: createPlexTvClient({ baseUrl, identity, timeoutMs: 1500 }), clock: new FakeClock(Date.now()), store: new MemoryStore(), timeoutMs: 1500 })
  const done = new Promise<DiagnosticsState & { kind: 'done' }>((resolve) => session.subscribe((s) => s.kind === 'done' && resolve(s)))
  session.run()
  return done
}

const facts = { deviceName: 'Kitchen Pi', clientIdentifier: 'f3a1c2d4-5b6e-4789-a012-b3c4d5e6f708', version: '0.1.0', platform: 'Linux', renderer: 'WebGL' as const, errors: [], linkUrl: 'plex.tv/link' }

describe('diagnostics', () => {
  it('a healthy plex.tv and a right clock: reachable with a round trip, every cause fine', async () => {
    const state = await diagnose()
    expect(state.result.reach).toMatchObject({ kind: 'ok' })
    expect(Math.abs(state.result.clockSkewMs!)).toBeLessThan(2000)
    const model = diagnosticsModel(state, facts)
    expect(model.facts[0]!.value).toMatch(/^Answers in \d+ ms$/)
    expect(model.causes.map((c) => c.tone)).toEqual(['ok', 'ok', 'ok', 'info'])
    expect(model.facts.find((f) => f.label === 'Device ID')!.value).toBe('f3a1…f708')
  })

  it("a TV clock 3 hours behind plex.tv's is named, with what to do", async () => {
    await sim.setClockSkew(3 * 3600)
    const state = await diagnose()
    expect(state.result.clockSkewMs! / 3_600_000).toBeCloseTo(3, 1)
    const model = diagnosticsModel(state, facts)
    expect(model.facts[1]).toEqual({ label: "This TV's clock", value: '3 h behind' })
    expect(model.causes).toContainEqual({ text: "This TV's clock is 3 h off. Set the date and time in the TV's settings: a wrong clock breaks secure connections.", tone: 'error' })
  })

  it('plex.tv answering 503 is "having trouble", not "unreachable"', async () => {
    await sim.addFault({ method: 'POST', path: '/api/v2/pins', exact: true, kind: 'status', status: 503 })
    const state = await diagnose()
    expect(state.result.reach).toMatchObject({ kind: 'trouble', status: 503 })
    expect(diagnosticsModel(state, facts).causes[1]).toMatchObject({ tone: 'error', text: expect.stringMatching(/^plex.tv is having trouble right now/) })
  })

  it('nothing answering says to check the network, and the clock cannot be compared', async () => {
    const state = await diagnose('http://127.0.0.1:9') // discard port: refused
    expect(state.result).toEqual({ reach: { kind: 'unreachable', fault: 'network' }, clockSkewMs: null })
    const model = diagnosticsModel(state, facts)
    expect(model.causes.map((c) => c.tone)).toEqual(['error', 'warn', 'info'])
    expect(model.causes[0]!.text).toMatch(/^This TV can't reach plex.tv/)
  })
})

describe('"Check again" pressed many times', () => {
  function setup() {
    const clock = new FakeClock()
    const plex = new FakePlexTv(clock)
    const store = new MemoryStore()
    const session = new DiagnosticsSession({ client: plex, clock, store, timeoutMs: 10_000 })
    return { clock, plex, store, session }
  }

  it('reuses the code on screen: 15 presses create no pin and send at most one request a second', async () => {
    // Before: every press created a pin at plex.tv (15 presses, 15 pins).
    const h = setup()
    const pin = await h.plex.createPin()
    savePendingPins(h.store, [{ id: pin.id, code: pin.code, qr: null, clientIdentifier: IDENTITY.clientIdentifier, expiresAt: h.clock.now() + 900_000, lifetimeMs: 900_000 }])
    const created = h.plex.count('createPin')
    for (let i = 0; i < 15; i++) {
      h.session.run()
      await h.clock.advanceAsync(200) // 15 presses in 3 s
    }
    expect(h.plex.count('createPin')).toBe(created)
    const polls = h.plex.times('getPin')
    expect(polls.length).toBeGreaterThan(0)
    expect(polls.length).toBeLessThanOrEqual(4)
    for (let i = 1; i < polls.length; i++) expect(polls[i]! - polls[i - 1]!).toBeGreaterThanOrEqual(1_000)
    expect(h.session.state).toMatchObject({ kind: 'done', result: { reach: { kind: 'ok' } } })
  })

  it('with no code on screen, one pin is made and kept for the link screen; later presses poll it', async () => {
    const h = setup()
    for (let i = 0; i < 15; i++) {
      h.session.run()
      await h.clock.advanceAsync(200)
    }
    expect(h.plex.count('createPin')).toBe(1)
    const stored = JSON.parse(h.store.get(storageKeys.pendingPins)!)
    expect(stored.pins).toHaveLength(1)
    expect(h.plex.count('getPin')).toBeGreaterThan(0)
  })

  it('nothing answering is "unreachable", and a press during the probe is that same probe', async () => {
    const h = setup()
    h.plex.outage('createPin', new NetworkError())
    h.plex.latencyMs = 500
    h.session.run()
    h.session.run()
    await h.clock.advanceAsync(600)
    expect(h.plex.count('createPin')).toBe(1)
    expect(h.session.state).toEqual({ kind: 'done', result: { reach: { kind: 'unreachable', fault: 'network' }, clockSkewMs: null } })
    h.session.stop()
    expect(h.clock.pendingTimers()).toBe(0)
  })
})

describe('what diagnostics keep and show', () => {
  it('redacts anything token-like and pin ids; repeats of one fault are one line', () => {
    expect(redact('getPin 308667304 owner-token-AAAAAAAAAAAA')).toBe('getPin … …')
    const log = new ErrorLog(3)
    for (let i = 0; i < 5; i++) log.record({ at: i, request: 'getPin', fault: 'network', status: null })
    log.record({ at: 9, request: 'createPin', fault: 'server', status: 503 })
    expect(log.recent()).toEqual([
      { at: 4, request: 'getPin', fault: 'network', status: null },
      { at: 9, request: 'createPin', fault: 'server', status: 503 },
    ])
  })

  it('drift words and short ids', () => {
    expect(driftWords(-12 * 60_000)).toBe('12 min')
    expect(driftWords(5 * 3_600_000)).toBe('5 h')
    expect(driftWords(3 * 86_400_000)).toBe('3 days')
    expect(shortId('abc')).toBe('abc')
  })
})
