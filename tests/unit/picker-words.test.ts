/**
 * What the after-linking screens say for each state: every fault names its cause and what happens next,
 * the PIN pad never shows a digit, a server row tells offline from unreachable and relay-only from direct.
 */
import { describe, expect, it } from 'vitest'
import type { HomeUsersState } from '../../src/flows/home/reducer.js'
import type { PinPadState } from '../../src/flows/home/pinPad.js'
import type { ServerRaceResult } from '../../src/flows/servers/race.js'
import { lastSeenWords, pinPadModel, readyModel, serverListModel, serverRowSpec, userPickerModel } from '../../src/ui/pickerWords.js'
import { conn, homeUser, server } from '../support/fakePlex.js'

const NOW = Date.parse('2026-11-23T12:00:00Z')
const users = [homeUser('a1', 'Alex', { admin: true, protected: true }), homeUser('m1', 'Mia', { restricted: true })]
const lan = conn('http://192.168.1.20:32400', { local: true })

function pad(extra: Partial<PinPadState>): Extract<HomeUsersState, { kind: 'pin' }> {
  return {
    kind: 'pin',
    users,
    user: users[0]!,
    pad: { uuid: 'a1', digits: '', attempts: 0, coolDownUntil: null, coolDownRemainingMs: 0, status: 'entering', fault: null, ...extra },
  }
}

describe('who is watching', () => {
  it('a tile per user with badges; a failed switch names the user, the cause and the remedy', () => {
    const model = userPickerModel({ kind: 'picking', users, failure: { uuid: 'm1', error: { kind: 'timeout', status: null, retryable: true, retryAfterMs: null } } }, NOW, null)
    expect(model.users).toEqual([
      { name: 'Alex', thumb: users[0]!.thumb, admin: true, managed: false, pinProtected: true },
      { name: 'Mia', thumb: users[1]!.thumb, admin: false, managed: true, pinProtected: false },
    ])
    expect(model.status).toEqual({ text: "Couldn't switch to Mia. plex.tv is not answering. Press OK on them to try again.", tone: 'error' })
  })

  it('a failed load counts down to the automatic retry; a revoked sign-in says to sign in again', () => {
    const failed = userPickerModel({ kind: 'loadFailed', error: { kind: 'server', status: 503, retryable: true, retryAfterMs: null }, retryAt: NOW + 8000 }, NOW, NOW + 8000)
    expect(failed.status?.text).toBe("Couldn't load your Plex Home. plex.tv is having trouble (error 503). Trying again in 8 s — press OK to try now.")
    const revoked = userPickerModel({ kind: 'loadFailed', error: { kind: 'unauthorized', status: 401, retryable: false, retryAfterMs: null }, retryAt: null }, NOW, null)
    expect(revoked.status?.text).toBe("Couldn't load your Plex Home. This TV's sign-in is no longer valid. Press OK to sign in again.")
    expect(revoked.hints?.[0]).toEqual({ key: 'OK', label: 'Sign in again' })
  })

  it('while the users load, OK is not offered (there is nothing to choose yet); Back still says what it does', () => {
    const loading = userPickerModel({ kind: 'loading' }, NOW, null)
    expect(loading.status).toEqual({ text: 'Loading your Plex Home…', tone: 'busy' })
    expect(loading.hints).toEqual([{ key: 'Back', label: 'Menu' }])
    expect(userPickerModel({ kind: 'picking', users, failure: null }, NOW, null).hints?.map((h) => h.label)).toEqual(['Choose', 'Menu'])
  })
})

describe('PIN pad', () => {
  it('shows dots for typed digits, never the digits', () => {
    const model = pinPadModel(pad({ digits: '12' }), NOW)
    expect(model).toMatchObject({ name: 'Alex', filled: 2, message: null, locked: false })
    expect(JSON.stringify(model)).not.toContain('12')
  })

  it('wrong PIN, the last free try, the cool-down countdown, and a network fault each have their words', () => {
    expect(pinPadModel(pad({ status: 'wrong', attempts: 1 }), NOW)).toMatchObject({ message: 'Wrong PIN — try again.', tone: 'error' })
    expect(pinPadModel(pad({ status: 'wrong', attempts: 2 }), NOW).message).toBe('Wrong PIN — try again. One more wrong PIN means a short wait.')
    expect(pinPadModel(pad({ status: 'coolingDown', attempts: 3, coolDownUntil: NOW + 27_400 }), NOW)).toMatchObject({
      message: 'Too many wrong PINs. Try again in 0:28',
      locked: true,
    })
    expect(pinPadModel(pad({ fault: 'network' }), NOW).message).toBe("Couldn't check the PIN. Can't reach plex.tv. Type it again.")
  })
})

describe('servers', () => {
  const result = (r: ReturnType<typeof server>, best: ServerRaceResult['best'], extra: Partial<ServerRaceResult> = {}): ServerRaceResult => ({
    resource: r,
    best,
    failures: [],
    onlyRelay: false,
    unavailable: best === null ? 'unreachable' : null,
    ...extra,
  })

  it('online: connection type, latency and padlock; relay-only says video is limited; shared says by whom', () => {
    const home = server('Living Room', 'id1', [lan])
    expect(serverRowSpec({ resource: home, status: 'settled', result: result(home, { connection: lan, latencyMs: 11.6, kind: 'local', secure: false }) }, NOW, 'id1')).toEqual({
      name: 'Living Room',
      owner: null,
      chosen: true,
      status: { kind: 'online', via: 'LAN', latency: '12 ms', secure: false, note: null },
      focusedHint: null,
    })
    const grandma = server("Grandma's Plex", 'id2', [lan], { owned: false, sourceTitle: 'Grandma Rose' })
    const relay = conn('https://1-2-3-4.x.plex.direct:8443', { relay: true })
    const spec = serverRowSpec({ resource: grandma, status: 'settled', result: result(grandma, { connection: relay, latencyMs: 240, kind: 'relay', secure: true }, { onlyRelay: true }) }, NOW, null)
    expect(spec.owner).toBe('Shared by Grandma Rose')
    expect(spec.status).toEqual({ kind: 'online', via: 'Relay', latency: '240 ms', secure: true, note: 'Relay only — video quality is limited' })
  })

  it('latency shows whole milliseconds under 100 and two significant figures above, so 500 rows share few labels', () => {
    const home = server('Living Room', 'id1', [lan])
    const shown = (latencyMs: number) => {
      const spec = serverRowSpec({ resource: home, status: 'settled', result: result(home, { connection: lan, latencyMs, kind: 'local', secure: false }) }, NOW, null)
      return spec.status.kind === 'online' ? spec.status.latency : spec.status.kind
    }
    expect([0.2, 1, 11.6, 99.4].map(shown)).toEqual(['1 ms', '1 ms', '12 ms', '99 ms'])
    expect([99.6, 104, 604, 658, 995, 1234, 12_345].map(shown)).toEqual(['100 ms', '100 ms', '600 ms', '660 ms', '1000 ms', '1200 ms', '12000 ms'])
    // a crowd of round trips between 400 and 900 ms draws at most 51 distinct labels
    const labels = new Set(Array.from({ length: 500 }, (_, i) => shown(400 + ((i * 37) % 500) + (i % 7) / 7)))
    expect(labels.size).toBeLessThanOrEqual(51)
  })

  it('offline says when it was last seen; unreachable says why and that OK tests again', () => {
    const laptop = server('Old Laptop', 'id3', [lan], { presence: false, lastSeenAt: '2026-11-20T11:00:00Z' })
    const off = serverRowSpec({ resource: laptop, status: 'settled', result: result(laptop, null, { unavailable: 'offline' }) }, NOW, null)
    expect(off.status).toEqual({ kind: 'unreachable', reason: 'Offline — last seen 3 days ago' })
    expect(off.focusedHint).toBe('Press OK to test again')
    const locked = server('Friend', 'id4', [lan])
    const denied = serverRowSpec({ resource: locked, status: 'settled', result: result(locked, null, { failures: [{ uri: lan.uri, reason: 'unauthorized' }] }) }, NOW, null)
    expect(denied.status).toEqual({ kind: 'unreachable', reason: 'This user has no access to it' })
    expect(lastSeenWords('not a date', NOW)).toBeNull()
    expect(lastSeenWords('2026-11-22T11:00:00Z', NOW)).toBe('yesterday')
  })

  it('a list with no servers and nothing to claim says what to do; a failed load counts down', () => {
    const ctx = { now: NOW, chosenId: null, claim: { kind: 'idle' as const }, accountTitle: 'Alex', notice: null }
    expect(serverListModel({ kind: 'list', list: { kind: 'done', rows: [] } }, ctx).empty).toBe('No Plex Media Servers on this account yet. Set one up, then press OK to look again.')
    const failed = serverListModel({ kind: 'loadFailed', attempt: 1, retryAt: NOW + 2000, error: { kind: 'rateLimited', status: 429, retryable: true, retryAfterMs: 2000 } }, ctx)
    expect(failed.status?.text).toBe("Couldn't get your servers. plex.tv asked this TV to slow down. Trying again in 2 s — press OK to try now.")
    const claimable = serverListModel({ kind: 'list', list: { kind: 'done', rows: [] } }, { ...ctx, claim: { kind: 'claimable', uri: 'http://127.0.0.1:32400', machineIdentifier: 'm', version: '1' } })
    expect(claimable.claim?.label).toBe('Claim this server for Alex')
    expect(claimable.empty).toBeNull()
  })

  it('while the servers load, OK is not offered and Back says what it does on this screen', () => {
    const ctx = { now: NOW, chosenId: null, claim: { kind: 'idle' as const }, accountTitle: 'Alex', notice: null }
    expect(serverListModel({ kind: 'loading', attempt: 0 }, ctx).hints).toEqual([{ key: 'Back', label: 'Menu' }])
    expect(serverListModel({ kind: 'loading', attempt: 0 }, { ...ctx, back: 'action.back' }).hints).toEqual([{ key: 'Back', label: 'Back' }])
  })
})

describe('ready', () => {
  it('names the library types and says when libraries are loading, failing or absent', () => {
    const r = server('Living Room', 'id1', [lan])
    const base = { account: 'Alex', user: { name: 'Mia', thumb: null }, result: { resource: r, best: { connection: lan, latencyMs: 8, kind: 'local' as const, secure: false }, failures: [], onlyRelay: false, unavailable: null }, canChangeUser: true, now: NOW }
    const loaded = readyModel({ ...base, libraries: { kind: 'loaded', sections: [{ key: '1', type: 'movie', title: 'Films' }, { key: '2', type: 'show', title: 'Series' }, { key: '3', type: 'podcast', title: 'Pods' }] } })
    expect(loaded.libraries).toEqual([{ title: 'Films', kind: 'Movies' }, { title: 'Series', kind: 'TV Shows' }, { title: 'Pods', kind: 'Library' }])
    expect(loaded.librariesNote).toBeNull()
    expect(loaded.actions).toEqual(['change-user', 'change-server', 'sign-out'])
    expect(readyModel({ ...base, libraries: { kind: 'failed', retryAt: NOW + 4000, fault: { kind: 'network', status: null, retryable: true, retryAfterMs: null } } }).librariesNote).toBe("Couldn't load the libraries — trying again in 4 s")
    expect(readyModel({ ...base, libraries: { kind: 'loaded', sections: [] } }).librariesNote).toBe('No libraries on this server yet')
    expect(readyModel({ ...base, canChangeUser: false, libraries: { kind: 'loading' } }).actions).toEqual(['change-server', 'sign-out'])
  })

  it('leaves out the type chip a library name already says, and gives the server ID, username and account ID', () => {
    const r = server('Living Room', 'd3adb33fd3adb33fd3adb33fd3adb33fd3adb33f', [lan])
    const model = readyModel({
      account: 'Alex',
      accountId: 9912100,
      username: 'alex',
      user: null,
      result: { resource: r, best: { connection: lan, latencyMs: 8, kind: 'local' as const, secure: false }, failures: [], onlyRelay: false, unavailable: null },
      canChangeUser: false,
      now: NOW,
      libraries: { kind: 'loaded', sections: [{ key: '1', type: 'movie', title: 'Movies' }, { key: '2', type: 'movie', title: 'Kids Movies' }, { key: '3', type: 'artist', title: 'Vinyl' }] },
    })
    expect(model.libraries).toEqual([{ title: 'Movies', kind: null }, { title: 'Kids Movies', kind: null }, { title: 'Vinyl', kind: 'Music' }])
    expect(model.details).toEqual([
      { label: 'Server ID', value: 'd3adb33fd3adb33fd3adb33fd3adb33fd3adb33f' },
      { label: 'Username', value: 'alex' },
      { label: 'Account ID', value: '9912100' },
    ])
  })
})
