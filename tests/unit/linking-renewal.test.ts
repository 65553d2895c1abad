/**
 * Renewal without a button: a new code ~60 s before the shown one expires, the old one still polled
 * (alternating) until plex.tv says it expired; and the unattended kiosk stopping after 4 codes.
 */
import { describe, expect, it } from 'vitest'
import { MAX_UNATTENDED_CODES, RENEW_BEFORE_MS } from '../../src/flows/link/renewal.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { ServerError } from '../../src/plex/errors.js'
import { ALICE } from '../support/fakePlexTv.js'
import { expectKind, linkHarness, type Harness } from '../support/linkHarness.js'

const LIFETIME = 900_000

/** Starts a session and runs it until the next code has just been created (60 s left on the first). */
async function untilRenewal(): Promise<{ h: Harness; t0: number; oldId: number; newId: number }> {
  const h = linkHarness()
  h.session.start()
  const t0 = h.clock.now()
  await h.clock.advanceAsync(LIFETIME - RENEW_BEFORE_MS)
  const waiting = expectKind(h.session.state, 'waiting')
  const oldId = waiting.previousCode?.pinId ?? -1
  return { h, t0, oldId, newId: waiting.code.pinId }
}

describe('renewal overlap', () => {
  it('shows the next code when 60 s are left, without a button', async () => {
    const { h, t0, oldId } = await untilRenewal()
    expect(h.plex.count('createPin')).toBe(2)
    expect(h.plex.times('createPin')[1]! - t0).toBe(LIFETIME - RENEW_BEFORE_MS)
    const waiting = expectKind(h.session.state, 'waiting')
    expect(waiting.code.code).toBe('9X9Y')
    expect(waiting.code.qr).toBe('https://plex.tv/api/v2/pins/qr/9X9Y')
    expect(waiting.previousCode?.code).toBe('7RQZ')
    expect(waiting.previousCode?.pinId).toBe(oldId)
    // Persisted: both pins, so a reload during the overlap keeps polling the old one too.
    expect(JSON.parse(h.store.get(storageKeys.pendingPins)!).pins.map((p: { code: string }) => p.code)).toEqual(['7RQZ', '9X9Y'])
  })

  it('alternates old and new pin, one request in flight, each polled every 2 s', async () => {
    const { h, t0, oldId, newId } = await untilRenewal()
    await h.clock.advanceAsync(10_000)
    const since = (ts: number[]) => ts.filter((t) => t > t0 + LIFETIME - RENEW_BEFORE_MS).map((t) => (t - t0) / 1000)
    expect(since(h.plex.times('getPin', oldId))).toEqual([841, 843, 845, 847, 849])
    expect(since(h.plex.times('getPin', newId))).toEqual([842, 844, 846, 848, 850])
    expect(h.plex.maxInFlight).toBe(1)
  })

  it('a link on the OLD code during the overlap succeeds within ~2 s', async () => {
    const { h } = await untilRenewal()
    await h.clock.advanceAsync(5_500)
    const linkedAt = h.clock.now()
    const token = h.plex.link('7RQZ')
    expect(token).not.toBeNull()
    await h.clock.advanceAsync(2_000)
    expect(h.session.state).toEqual({ kind: 'linked', token, account: ALICE, accountFault: null })
    expect(h.plex.times('getUser')[0]! - linkedAt).toBeLessThanOrEqual(2_000)
    expect(h.linked).toEqual([{ token, account: ALICE }])
    // Both pins are dropped: nothing more is polled.
    const requests = h.plex.requests.length
    await h.clock.advanceAsync(30_000)
    expect(h.plex.requests.length).toBe(requests)
    expect(h.clock.pendingTimers()).toBe(0)
  })

  it('a link on the NEW code during the overlap succeeds within ~2 s', async () => {
    const { h } = await untilRenewal()
    await h.clock.advanceAsync(4_500)
    const linkedAt = h.clock.now()
    const token = h.plex.link('9X9Y')
    await h.clock.advanceAsync(2_000)
    expect(h.session.state).toMatchObject({ kind: 'linked', token, account: ALICE })
    expect(h.plex.times('getUser')[0]! - linkedAt).toBeLessThanOrEqual(2_000)
  })

  it('polls the old code until plex.tv answers 404, then only the new one, every second', async () => {
    const { h, t0, oldId, newId } = await untilRenewal()
    await h.clock.advanceAsync(70_000)
    const oldPolls = h.plex.requests.filter((r) => r.call === 'getPin' && r.arg === oldId)
    const lastOld = oldPolls[oldPolls.length - 1]!
    expect(lastOld.outcome).toBe('error')
    expect(lastOld.error).toBe('PinExpired')
    expect(lastOld.at - t0).toBe(901_000)
    expect(oldPolls.slice(0, -1).every((r) => r.outcome === 'ok')).toBe(true)
    const newAfter = h.plex.times('getPin', newId).filter((t) => t > lastOld.at).slice(0, 4).map((t) => (t - t0) / 1000)
    expect(newAfter).toEqual([902, 903, 904, 905])
    const waiting = expectKind(h.session.state, 'waiting')
    expect(waiting.code.code).toBe('9X9Y')
    expect(waiting.previousCode).toBeNull()
    expect(h.plex.count('createPin')).toBe(2)
  })

  it('if creating the next code fails, it backs off alone while the old code is still polled every second', async () => {
    const h = linkHarness()
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(LIFETIME - RENEW_BEFORE_MS - 500)
    h.plex.outage('createPin', new ServerError(503))
    await h.clock.advanceAsync(8_000)
    const err = expectKind(h.session.state, 'error')
    expect(err).toMatchObject({ fault: 'server', request: 'createPin', status: 503 })
    expect(err.code?.code).toBe('7RQZ')
    // create fails at 840 s (next create not before 842) → poll 841 → create 842 fails (not before 846)
    // → poll 843, 844, 845 → create 846 fails (not before 854) → poll 847 …
    const calls = h.plex.requests.filter((r) => r.at - t0 >= 840_000).map((r) => `${r.call === 'createPin' ? 'C' : 'p'}@${(r.at - t0) / 1000}`)
    expect(calls).toEqual(['C@840', 'p@841', 'C@842', 'p@843', 'p@844', 'p@845', 'C@846', 'p@847'])
    expect(h.plex.maxInFlight).toBe(1)
    // The error stays on screen while the old code answers fine (no flicker back to waiting).
    expect(h.states.slice(-3).every((s) => s.kind === 'error')).toBe(true)

    // 848: the old code's turn → linked within 2 s.
    h.plex.link('7RQZ')
    await h.clock.advanceAsync(2_000)
    expect(h.session.state.kind).toBe('linked')
  })

  it('once creating works again the new code shows and the error clears by itself', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(LIFETIME - RENEW_BEFORE_MS - 500)
    h.plex.outage('createPin', new ServerError(500))
    await h.clock.advanceAsync(5_000)
    expect(h.session.state.kind).toBe('error')
    h.plex.endOutage()
    await h.clock.advanceAsync(10_000)
    const waiting = expectKind(h.session.state, 'waiting')
    expect(waiting.code.code).toBe('9X9Y')
    expect(waiting.previousCode?.code).toBe('7RQZ')
  })
})

describe('unattended kiosk', () => {
  it('after 4 codes expire in a row it stops everything (idle); retryNow starts again', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(4 * LIFETIME)
    expect(h.session.state).toEqual({ kind: 'idle', expiredCodes: MAX_UNATTENDED_CODES })
    // Exactly 4 codes: the 4th is not renewed, since its expiry ends the run anyway.
    expect(h.plex.count('createPin')).toBe(4)
    expect(h.clock.pendingTimers()).toBe(0)
    expect(h.plex.inFlight).toBe(0)
    expect(h.store.get(storageKeys.pendingPins)).toBeNull()
    const requests = h.plex.requests.length
    await h.clock.advanceAsync(3_600_000)
    expect(h.plex.requests.length).toBe(requests)

    h.session.retryNow()
    expect(h.plex.count('createPin')).toBe(5)
    await h.clock.advanceAsync(0)
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('K2P4')
    // The count starts over: another full run of 4 codes before the next idle.
    await h.clock.advanceAsync(3 * LIFETIME)
    expect(h.session.state.kind).toBe('waiting')
  })

  it('the codes shown in a row: renewals, not a burst', async () => {
    const h = linkHarness()
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(4 * LIFETIME)
    expect(h.plex.times('createPin').map((t) => (t - t0) / 1000)).toEqual([0, 840, 1680, 2520])
  })
})

describe('short-lived pins (plex.tv may hand out 20-second pins)', () => {
  it('one create per code: a new code when a quarter of the lifetime is left, never a burst', async () => {
    // Before: the 60 s renewal lead was longer than the whole life of a 20 s pin, so every turn was a
    // create: four codes within 9 s, and "4 codes expired with nobody linking" after 29 s.
    const h = linkHarness({ lifetimeSec: 20 })
    h.session.start()
    const t0 = h.clock.now()
    await h.clock.advanceAsync(9_000)
    expect(h.plex.count('createPin')).toBe(1)
    await h.clock.advanceAsync(120_000)
    const creates = h.plex.times('createPin').map((t) => (t - t0) / 1000)
    expect(creates).toEqual([0, 15, 30, 45])
    for (let i = 1; i < creates.length; i++) expect(creates[i]! - creates[i - 1]!).toBeGreaterThanOrEqual(15)
    expect(h.session.state).toEqual({ kind: 'idle', expiredCodes: MAX_UNATTENDED_CODES })
  })

  it('the idle count counts codes that really ran out: not before four whole lifetimes have passed', async () => {
    const h = linkHarness({ lifetimeSec: 20 })
    h.session.start()
    const kinds: Array<{ at: number; kind: string }> = []
    const t0 = h.clock.now()
    h.session.subscribe((s) => kinds.push({ at: h.clock.now() - t0, kind: s.kind }))
    await h.clock.advanceAsync(120_000)
    const idleAt = kinds.find((k) => k.kind === 'idle')!.at
    // four codes, each shown for most of its 20 s: the last one (created at 45 s) expires at 65 s
    expect(idleAt).toBeGreaterThanOrEqual(65_000)
    expect(idleAt).toBeLessThanOrEqual(68_000)
  })
})

describe('"Get a new code"', () => {
  it('never discards the working code before the new one is on screen (an outage of POST /pins)', async () => {
    // Before: the old code was forgotten at once, leaving empty cells and a grey QR while plex.tv failed.
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(5_000)
    h.plex.outage('createPin', new ServerError(503))
    h.session.newCode()
    await h.clock.advanceAsync(10_000)
    const err = expectKind(h.session.state, 'error')
    expect(err).toMatchObject({ request: 'createPin', fault: 'server' })
    expect(err.code?.code).toBe('7RQZ')
    // the old code still works meanwhile: it is polled, and a link on it is seen
    const polls = h.plex.count('getPin')
    await h.clock.advanceAsync(3_000)
    expect(h.plex.count('getPin')).toBeGreaterThan(polls)

    h.plex.endOutage()
    await h.clock.advanceAsync(20_000)
    const waiting = expectKind(h.session.state, 'waiting')
    expect(waiting.code.code).toBe('9X9Y')
    expect(waiting.previousCode?.code).toBe('7RQZ') // still polled until it expires
    h.plex.link('7RQZ')
    await h.clock.advanceAsync(3_000)
    expect(h.session.state.kind).toBe('linked')
  })

  it('asks for the new code at the next turn, at most one request a second', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(2_500)
    const t = h.clock.now()
    for (let i = 0; i < 10; i++) h.session.newCode()
    await h.clock.advanceAsync(1_000)
    expect(h.plex.times('createPin').filter((at) => at >= t)).toHaveLength(1)
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('9X9Y')
  })
})
