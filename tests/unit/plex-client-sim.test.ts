/**
 * The real clients against the real simulator over HTTP: the whole account journey, and each fault
 * the simulator can inject coming out as the typed error the behaviour layer branches on.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { homeFixture, startSimulator, type RunningSimulator } from '../../sim/index.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import { createPmsClient } from '../../src/plex/pmsClient.js'
import { isServer } from '../../src/plex/parse.js'
import type { PlexTvApi, PmsApi } from '../../src/plex/api.js'
import type { DeviceIdentity } from '../../src/plex/types.js'

const identity: DeviceIdentity = {
  clientIdentifier: 'client-sim-journey-0001',
  product: 'PlexLink TV',
  version: '0.1.0',
  platform: 'Linux',
  platformVersion: '',
  device: 'Linux',
  deviceName: 'Kitchen Pi',
}

let sim: RunningSimulator
let plexTv: PlexTvApi
let pms: PmsApi

beforeAll(async () => {
  sim = await startSimulator()
  plexTv = createPlexTvClient({ baseUrl: sim.url, identity, timeoutMs: 1500 })
  pms = createPmsClient({ identity, timeoutMs: 1500 })
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

async function kind(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (e) {
    return (e as { kind?: string }).kind ?? String(e)
  }
}

describe('the account journey against the simulator', () => {
  it('pin → link → token → account → Home → switch → servers → PMS libraries → claim token', async () => {
    const pin = await plexTv.createPin()
    expect(pin.code).toMatch(/^[A-Z0-9]{4}$/)
    expect((await plexTv.getPin(pin.id)).authToken).toBeNull()
    const owner = sim.fixtures.accounts.find((a) => a.key === 'owner')!
    await plexTv.linkPin(pin.code, owner.token) // what plex.tv/link does for the person on the phone
    const token = (await plexTv.getPin(pin.id)).authToken!
    expect(token).toBe(owner.token)
    expect((await plexTv.getUser(token)).title).toBe('Alex')

    const home = await plexTv.getHomeUsers(token)
    expect(home.users.map((u) => [u.title, u.protected])).toEqual([['Alex', true], ['Mia', false], ['Jordan', true], ['美咲', true], ['Robin', false]])
    const jordan = homeFixture.users.find((u) => u.title === 'Jordan')!
    expect(await kind(plexTv.switchHomeUser(token, jordan.uuid, null))).toBe('InvalidHomePin')
    expect(await kind(plexTv.switchHomeUser(token, jordan.uuid, '0000'))).toBe('InvalidHomePin')
    const switched = await plexTv.switchHomeUser(token, jordan.uuid, jordan.pin)
    expect(switched.title).toBe('Jordan')

    const servers = (await plexTv.getResources(switched.authToken)).filter(isServer)
    expect(servers.map((s) => s.name)).toContain("Grandma's Plex")
    const living = servers.find((s) => s.name === 'Living Room')!
    const lan = living.connections.find((c) => c.local)!
    expect((await pms.identity(lan.uri)).machineIdentifier).toBe(living.clientIdentifier)
    expect(await kind(pms.librarySections(lan.uri, token))).toBe('Unauthorized') // account token ≠ server token (§13.5)
    expect((await pms.root(lan.uri, living.accessToken!)).friendlyName).toBe('Living Room')
    expect((await pms.librarySections(lan.uri, living.accessToken!)).map((l) => l.title)).toEqual(['Movies', 'TV Shows', 'Music', 'Photos'])

    const claimToken = await plexTv.getClaimToken(token)
    expect(claimToken).toMatch(/^claim-/)
    await pms.claim(sim.unclaimedServerUrl, claimToken)
    expect((await pms.identity(sim.unclaimedServerUrl)).claimed).toBe(true)
  })
})

describe('faults from the simulator become typed errors', () => {
  it.each([
    [{ kind: 'status', status: 500 }, 'ServerError'],
    [{ kind: 'status', status: 502 }, 'ServerError'],
    [{ kind: 'status', status: 503 }, 'ServerError'],
    [{ kind: 'malformed' }, 'BadResponse'],
    [{ kind: 'reset' }, 'NetworkError'],
    [{ kind: 'hang' }, 'Timeout'],
  ] as const)('%o → %s', async (fault, expected) => {
    const pin = await plexTv.createPin()
    await sim.addFault({ method: 'GET', path: '/api/v2/pins/', count: 1, ...fault })
    expect(await kind(plexTv.getPin(pin.id))).toBe(expected)
    await sim.clearFaults()
    expect((await plexTv.getPin(pin.id)).id).toBe(pin.id) // and the next call works again
  })

  it('429 carries Retry-After in ms, or null when plex.tv sends none', async () => {
    const pin = await plexTv.createPin()
    await sim.addFault({ path: '/api/v2/pins/', kind: 'rateLimit', retryAfterSec: 7, count: 1 })
    await sim.addFault({ path: '/api/v2/pins/', kind: 'rateLimit', count: 1 })
    const withHeader = await plexTv.getPin(pin.id).catch((e: unknown) => e as { kind: string; retryAfterMs: number | null })
    const without = await plexTv.getPin(pin.id).catch((e: unknown) => e as { kind: string; retryAfterMs: number | null })
    expect(withHeader).toMatchObject({ kind: 'RateLimited', retryAfterMs: 7000 })
    expect(without).toMatchObject({ kind: 'RateLimited', retryAfterMs: null })
  })

  it('an expired pin is PinExpired; a revoked token is Unauthorized', async () => {
    const pin = await plexTv.createPin()
    await sim.expirePin(pin.id)
    expect(await kind(plexTv.getPin(pin.id))).toBe('PinExpired')
    expect(await kind(plexTv.getUser('revoked-token'))).toBe('Unauthorized')
  })

  it('a refused or hanging PMS connection is NetworkError or Timeout, never a wrong answer', async () => {
    const byName = Object.fromEntries(sim.pms().map((p) => [p.name, p.uri]))
    expect(await kind(pms.identity(byName['cabin-remote']!))).toBe('NetworkError')
    expect(await kind(pms.identity(byName['basement-lan-a']!, { timeoutMs: 300 }))).toBe('Timeout')
  })
})
