/**
 * The pure parts of the link-code machine: the reducer, the task choice, the wake-up time and the view
 * state; plus a guard that src/flows stays free of Lightning, real timers and the wall clock.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chooseTask, initialLinkModel, linkCodeStateOf, nextWakeAt, reduceLinkCode, type LinkModel, type TrackedPin } from '../../src/flows/link/reducer.js'
import { EXPIRY_GRACE_MS, renewalDue } from '../../src/flows/link/renewal.js'
import type { Pin } from '../../src/plex/types.js'

const T = 1_000_000

function pin(id: number, expiresAt: number, extra: Partial<TrackedPin> = {}): TrackedPin {
  return { id, code: `C${id}`, qr: null, clientIdentifier: 'me', expiresAt, lifetimeMs: 900_000, pollIntervalMs: 1000, anchored: true, ...extra }
}

function wirePin(id: number, authToken: string | null = null): Pin {
  return { id, code: `C${id}`, clientIdentifier: 'me', expiresIn: 900, createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-01T00:15:00Z', authToken, qr: null }
}

function active(over: Partial<LinkModel> = {}): LinkModel {
  return { ...initialLinkModel(), phase: 'active', ...over }
}

describe('reduceLinkCode', () => {
  it('start sends createPin at once when nothing is stored', () => {
    const m = reduceLinkCode(initialLinkModel(), { type: 'start', at: T, visible: true, resumed: [] })
    expect(m.inFlight).toEqual({ seq: 1, task: { call: 'createPin' } })
    expect(linkCodeStateOf(m)).toEqual({ kind: 'creating' })
  })

  it('ignores stale answers (a request that was aborted or superseded)', () => {
    const m = reduceLinkCode(initialLinkModel(), { type: 'start', at: T, visible: true, resumed: [] })
    expect(reduceLinkCode(m, { type: 'pinCreated', seq: 99, at: T, pin: wirePin(1) })).toBe(m)
    const stopped = reduceLinkCode(m, { type: 'stop' })
    expect(reduceLinkCode(stopped, { type: 'pinCreated', seq: 1, at: T, pin: wirePin(1) })).toBe(stopped)
    expect(reduceLinkCode(stopped, { type: 'failed', seq: 1, at: T, fault: { kind: 'aborted', status: null, retryAfterMs: null, retryable: false }, random: 0 })).toBe(stopped)
  })

  it('a token on any polled pin drops every pin and asks for the account', () => {
    const m = active({ pins: [pin(1, T + 30_000), pin(2, T + 870_000)], inFlight: { seq: 5, task: { call: 'getPin', pinId: 1 } }, seq: 5 })
    const next = reduceLinkCode(m, { type: 'pinPolled', seq: 5, at: T, pin: wirePin(1, 'tok') })
    expect(next.pins).toEqual([])
    expect(next.inFlight?.task).toEqual({ call: 'getUser', token: 'tok' })
    expect(linkCodeStateOf(next)).toEqual({ kind: 'linked', token: 'tok', account: null, accountFault: null })
  })

  it('hidden clears the request in flight and wakes nothing', () => {
    const m = active({ pins: [pin(1, T + 500_000)], inFlight: { seq: 3, task: { call: 'getPin', pinId: 1 } }, seq: 3 })
    const hidden = reduceLinkCode(m, { type: 'visibility', visible: false, at: T })
    expect(hidden.inFlight).toBeNull()
    expect(nextWakeAt(hidden)).toBeNull()
  })
})

describe('chooseTask (round-robin)', () => {
  it('polls the only pin while it has more than 60 s left', () => {
    expect(chooseTask(active({ pins: [pin(1, T + 61_000)], lastTask: 'pin:1' }), T)).toEqual({ call: 'getPin', pinId: 1 })
  })

  it('creates the next code when 60 s are left, then alternates oldest first', () => {
    const one = active({ pins: [pin(1, T + 60_000)], lastTask: 'pin:1' })
    expect(chooseTask(one, T)).toEqual({ call: 'createPin' })
    const two = active({ pins: [pin(1, T + 59_000), pin(2, T + 899_000)], lastTask: 'create' })
    expect(chooseTask(two, T)).toEqual({ call: 'getPin', pinId: 1 })
    expect(chooseTask({ ...two, lastTask: 'pin:1' }, T)).toEqual({ call: 'getPin', pinId: 2 })
    expect(chooseTask({ ...two, lastTask: 'pin:2' }, T)).toEqual({ call: 'getPin', pinId: 1 })
  })

  it('a backing-off create skips its turn while a code is still on screen', () => {
    const m = active({ pins: [pin(1, T + 50_000)], lastTask: 'pin:1', createNotBefore: T + 4_000 })
    expect(chooseTask(m, T)).toEqual({ call: 'getPin', pinId: 1 })
    expect(chooseTask(m, T + 4_000)).toEqual({ call: 'createPin' })
  })

  it('does not renew the 4th code in a row (its expiry ends the run)', () => {
    expect(renewalDue(active({ pins: [pin(1, T + 10_000)], expiredInARow: 2 }), T)).toBe(true)
    expect(renewalDue(active({ pins: [pin(1, T + 10_000)], expiredInARow: 3 }), T)).toBe(false)
    expect(renewalDue(active({ pins: [], expiredInARow: 3 }), T)).toBe(true)
  })
})

describe('expiry on our own clock', () => {
  it('wakes at deadline + grace when no answer would come sooner, and drops the pin then', () => {
    const m = active({ pins: [pin(1, T + 1_000)], nextAt: T + 30_000, fault: { fault: 'network', request: 'getPin', status: null, retryAt: T + 30_000, attempt: 6 }, faultCount: 6 })
    expect(nextWakeAt(m)).toBe(T + 1_000 + EXPIRY_GRACE_MS)
    const next = reduceLinkCode(m, { type: 'timer', at: T + 1_000 + EXPIRY_GRACE_MS })
    expect(next.pins).toEqual([])
    expect(next.expiredInARow).toBe(1)
    // The fault is what the view still shows: no "expired" state exists.
    expect(linkCodeStateOf(next)).toMatchObject({ kind: 'error', fault: 'network', code: null })
    expect(next.nextAt).toBe(T + 30_000)
  })
})

describe('src/flows stays pure', () => {
  const dir = join(__dirname, '../../src/flows')
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))

  it('imports no Lightning and no UI, and reads time only through the Clock', () => {
    expect(files.length).toBeGreaterThan(5)
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      expect(source, file).not.toMatch(/@lightningjs|from '(\.\.\/)+ui\//)
      if (file === join('kernel', 'clock.ts')) continue
      expect(source, file).not.toMatch(/(?<![\w.])set(?:Timeout|Interval)\s*\(|(?:globalThis|window|self)\.set(?:Timeout|Interval)|Date\.now\s*\(|performance\.now|new Date\(\)/)
    }
  })
})
