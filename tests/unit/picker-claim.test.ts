/**
 * Claiming a local unclaimed server (plex-api.md §10, §11): probe /identity, claim token from plex.tv with
 * the user token, POST /myplex/claim on the PMS, typed failures, and stop() leaving nothing behind.
 */
import { describe, expect, it } from 'vitest'
import { ClaimSession, type ClaimState } from '../../src/flows/claim/claim.js'
import { Unauthorized } from '../../src/plex/errors.js'
import { FakeClock } from '../support/fakeClock.js'
import { FakePlexHome } from '../support/fakePlexHome.js'
import { FakePms } from '../support/fakePms.js'

const LOCAL = 'http://127.0.0.1:32400'
const MID = '96f2fe7a0c1d4e5f'
const USER_TOKEN = 'user-token-owner0uuid'

function setup(opts: { localUri?: string } = {}) {
  const clock = new FakeClock()
  const plex = new FakePlexHome(clock)
  plex.latencyMs = 30
  const pms = new FakePms(clock)
  const session = new ClaimSession({ client: plex, pms, clock, userToken: USER_TOKEN, ...(opts.localUri ? { localUri: opts.localUri } : {}) })
  const states: ClaimState[] = []
  session.subscribe((s) => states.push(s))
  return { clock, plex, pms, session, states }
}

describe('ClaimSession', () => {
  it('unclaimed → claimable → claim token → claim → claimed', async () => {
    const h = setup()
    h.pms.serve(LOCAL, { machineIdentifier: MID, claimed: false, latencyMs: 10 })
    expect(h.session.uri).toBe(LOCAL) // the settings default
    h.session.probe()
    await h.clock.advanceAsync(20)
    expect(h.session.state).toEqual({ kind: 'claimable', uri: LOCAL, machineIdentifier: MID, version: '1.41.6.9685-d301f511a' })
    h.session.claim()
    // the claim itself goes to the same server as the probe: a second after it at the earliest
    await h.clock.advanceAsync(1_000)
    expect(h.session.state).toEqual({ kind: 'claimed', uri: LOCAL, machineIdentifier: MID })
    expect(h.states.map((s) => (s.kind === 'claiming' ? `claiming:${s.step}` : s.kind))).toEqual([
      'probing',
      'claimable',
      'claiming:token',
      'claiming:claim',
      'claimed',
    ])
    expect(h.pms.claimTokens).toEqual([h.plex.claimToken])
    // The PMS now says it is claimed.
    h.session.probe()
    await h.clock.advanceAsync(1_020)
    expect(h.session.state).toEqual({ kind: 'alreadyClaimed', uri: LOCAL, machineIdentifier: MID })
  })

  it('uses the configured address', async () => {
    const h = setup({ localUri: 'http://192.168.1.40:32400' })
    h.pms.serve('http://192.168.1.40:32400', { machineIdentifier: MID, claimed: false })
    h.session.probe()
    await h.clock.advanceAsync(10)
    expect(h.session.state.kind).toBe('claimable')
    expect(h.pms.count('identity', LOCAL)).toBe(0)
  })

  it('nothing at the address → absent; claim() does nothing there', async () => {
    const h = setup()
    h.session.probe()
    await h.clock.advanceAsync(10)
    expect(h.session.state).toMatchObject({ kind: 'absent', uri: LOCAL, error: { kind: 'network' } })
    h.session.claim()
    expect(h.plex.count('getClaimToken')).toBe(0)
  })

  it('a failing claim token or claim is typed, and claim() again retries', async () => {
    const h = setup()
    h.pms.serve(LOCAL, { machineIdentifier: MID, claimed: false, claim: 'refuse' })
    h.session.probe()
    await h.clock.advanceAsync(10)
    h.plex.failNext('getClaimToken', new Unauthorized())
    h.session.claim()
    await h.clock.advanceAsync(100)
    expect(h.session.state).toMatchObject({ kind: 'claimFailed', step: 'token', error: { kind: 'unauthorized', retryable: false } })
    h.session.claim()
    await h.clock.advanceAsync(1_100)
    expect(h.session.state).toMatchObject({ kind: 'claimFailed', step: 'claim', error: { kind: 'network', retryable: true } })
    h.pms.serve(LOCAL, { machineIdentifier: MID, claimed: false })
    h.session.claim()
    await h.clock.advanceAsync(1_100)
    expect(h.session.state.kind).toBe('claimed')
    expect(h.plex.count('getClaimToken')).toBe(3) // a fresh (4-minute) claim token every time
  })

  it('a hanging server times out on the clock', async () => {
    const h = setup()
    h.pms.serve(LOCAL, { machineIdentifier: MID, identity: 'hang' })
    h.session.probe()
    await h.clock.advanceAsync(10_000)
    expect(h.session.state).toMatchObject({ kind: 'absent', error: { kind: 'timeout' } })
    expect(h.pms.inFlight).toBe(0)
    expect(h.clock.pendingTimers()).toBe(0)
  })

  it('stop() leaves zero pending timers and zero requests in flight', async () => {
    const h = setup()
    h.pms.serve(LOCAL, { machineIdentifier: MID, claimed: false })
    h.session.probe()
    await h.clock.advanceAsync(10)
    h.plex.latencyMs = 5000
    h.session.claim()
    await h.clock.advanceAsync(100)
    expect(h.plex.inFlight).toBe(1)
    h.session.stop()
    expect(h.session.state).toEqual({ kind: 'idle' })
    expect(h.plex.inFlight + h.pms.inFlight).toBe(0)
    expect(h.clock.pendingTimers()).toBe(0)
    await h.clock.advanceAsync(10_000)
    expect(h.session.state).toEqual({ kind: 'idle' })
    expect(h.pms.count('claim')).toBe(0)
  })
})
