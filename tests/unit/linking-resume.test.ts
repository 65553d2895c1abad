/**
 * Resume after a reload: the pending pin is stored with an absolute deadline (epoch ms from the clock) and
 * the pin's client identifier; a new session on the same store shows the same code and polls the same pin.
 */
import { describe, expect, it } from 'vitest'
import { loadPendingPins, savePendingPins } from '../../src/flows/link/pendingPins.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { ACCOUNT, IDENTITY } from '../support/fakePlex.js'
import { expectKind, linkHarness } from '../support/linkHarness.js'

describe('resume after a reload', () => {
  it('a new session on the same store shows the same code at once and polls the same pin id', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(0)
    const first = expectKind(h.session.state, 'waiting').code
    const stored = JSON.parse(h.store.get(storageKeys.pendingPins)!)
    expect(stored).toEqual({
      v: 1,
      pins: [{ id: first.pinId, code: '7RQZ', qr: first.qr, clientIdentifier: IDENTITY.clientIdentifier, expiresAt: first.expiresAt, lifetimeMs: 900_000 }],
    })
    await h.clock.advanceAsync(100_000)
    // A reload: no stop(), the old session just disappears with its page. Simulate by dropping it.
    h.visibility.set(true)

    const session = h.reload()
    session.start()
    const resumed = expectKind(session.state, 'waiting').code
    expect(resumed).toEqual(first)
    expect(h.plex.count('createPin')).toBe(1)
    expect(h.plex.last()).toMatchObject({ call: 'getPin', arg: first.pinId, at: h.clock.now() })
    await h.clock.advanceAsync(3_000)
    expect(h.plex.count('createPin')).toBe(1)
    expect(new Set(h.plex.requests.filter((r) => r.call === 'getPin').map((r) => r.arg))).toEqual(new Set([first.pinId]))

    h.plex.link('7RQZ')
    await h.clock.advanceAsync(1_000)
    expect(session.state).toMatchObject({ kind: 'linked', account: ACCOUNT })
    expect(h.store.get(storageKeys.pendingPins)).toBeNull()
  })

  it('a code linked before its screen listens (the flow started ahead of Lightning) is still reported, once', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(0)
    h.plex.link('7RQZ')
    await h.clock.advanceAsync(2_000)
    expect(h.session.state).toMatchObject({ kind: 'linked', account: ACCOUNT })
    const late: string[] = []
    h.session.onLinked((token) => late.push(token))
    expect(late).toEqual([h.linked[0]!.token])
    await h.clock.advanceAsync(5_000)
    expect([late.length, h.linked.length]).toEqual([1, 1])
  })

  it('re-anchors a resumed countdown from the first poll (the stored deadline relied on the wall clock)', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(0)
    const pinId = expectKind(h.session.state, 'waiting').code.pinId
    h.session.stop()
    // The stored deadline is 60 s too late (e.g. the wall clock was corrected between the two runs).
    const raw = JSON.parse(h.store.get(storageKeys.pendingPins)!)
    raw.pins[0].expiresAt += 60_000
    h.store.set(storageKeys.pendingPins, JSON.stringify(raw))
    await h.clock.advanceAsync(200_000)
    const session = h.reload()
    session.start()
    expect(expectKind(session.state, 'waiting').code.expiresAt).toBe(h.plex.pin(pinId)!.expiresAt + 60_000)
    await h.clock.advanceAsync(0)
    expect(expectKind(session.state, 'waiting').code.expiresAt).toBe(h.plex.pin(pinId)!.expiresAt)
  })

  it('during an overlap both codes are resumed: the new one shown, the old one still polled', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(845_000)
    h.session.stop()
    const session = h.reload()
    session.start()
    const waiting = expectKind(session.state, 'waiting')
    expect([waiting.code.code, waiting.previousCode?.code]).toEqual(['9X9Y', '7RQZ'])
    h.plex.link('7RQZ')
    await h.clock.advanceAsync(2_000)
    expect(session.state.kind).toBe('linked')
  })

  it('a stored pin past its deadline is dropped and a new code is created', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(0)
    h.session.stop()
    await h.clock.advanceAsync(900_000)
    const session = h.reload()
    session.start()
    expect(session.state.kind).toBe('creating')
    expect(h.plex.last()?.call).toBe('createPin')
    await h.clock.advanceAsync(0)
    expect(expectKind(session.state, 'waiting').code.code).toBe('9X9Y')
  })

  it('a stored pin plex.tv no longer knows (404 on resume) is simply renewed', async () => {
    const h = linkHarness()
    savePendingPins(h.store, [
      { id: 42, code: 'GONE', qr: null, clientIdentifier: IDENTITY.clientIdentifier, expiresAt: h.clock.now() + 300_000, lifetimeMs: 900_000 },
    ])
    h.session.start()
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('GONE')
    await h.clock.advanceAsync(1_000) // the new pin a second after the poll that said 404
    expect(h.plex.requests.map((r) => `${r.call}:${r.outcome}`)).toEqual(['getPin:error', 'createPin:ok'])
    expect(expectKind(h.session.state, 'waiting').code.code).toBe('7RQZ')
  })

  it('a pin stored by another client identifier, or unreadable storage, is dropped', async () => {
    for (const value of [
      JSON.stringify({ v: 1, pins: [{ id: 1, code: 'ABCD', qr: null, clientIdentifier: 'someone-else-1234', expiresAt: 9e15, lifetimeMs: 900_000 }] }),
      '{not json',
      JSON.stringify({ v: 2, pins: [] }),
      JSON.stringify({ v: 1, pins: [{ id: 'x' }] }),
    ]) {
      const store = new MemoryStore()
      store.set(storageKeys.pendingPins, value)
      const h = linkHarness({ store })
      h.session.start()
      expect(h.session.state.kind).toBe('creating')
      expect(h.plex.last()?.call).toBe('createPin')
      expect(store.get(storageKeys.pendingPins)).toBeNull()
    }
  })

  it('loadPendingPins keeps only live pins of this client', () => {
    const store = new MemoryStore()
    const now = 1_000_000
    const pin = (id: number, expiresAt: number, clientIdentifier = 'me-12345678') => ({ id, code: 'ABCD', qr: null, clientIdentifier, expiresAt, lifetimeMs: 900_000 })
    savePendingPins(store, [pin(1, now + 1), pin(2, now), pin(3, now + 5, 'other-12345678')])
    expect(loadPendingPins(store, now, 'me-12345678').map((p) => p.id)).toEqual([1])
    savePendingPins(store, [])
    expect(store.get(storageKeys.pendingPins)).toBeNull()
  })

  it('the idle stop forgets the stored pin', async () => {
    const h = linkHarness()
    h.session.start()
    await h.clock.advanceAsync(4 * 900_000)
    expect(h.session.state.kind).toBe('idle')
    expect(h.store.get(storageKeys.pendingPins)).toBeNull()
  })
})
