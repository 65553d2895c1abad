/**
 * The kiosk's same-origin proxy for Plex Media Server calls (kiosk/serve.py /pms-proxy/, settings'
 * pmsProxyUrl): the real PMS client through the real kiosk server to the simulator's fake servers, and
 * everything the proxy must refuse.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'
import { PlexError } from '../../src/plex/errors.js'
import { createPmsClient } from '../../src/plex/pmsClient.js'
import type { DeviceIdentity } from '../../src/plex/types.js'
import { startKioskServer } from '../support/kioskServer.js'

const identity: DeviceIdentity = { clientIdentifier: 'kiosk-proxy-0001', product: 'PlexLink TV', version: '1', platform: 'Linux', platformVersion: '1', device: 'Pi', deviceName: 'Pi' }
let sim: RunningSimulator
let kiosk: { url: string; stop(): void }
beforeAll(async () => {
  sim = await startSimulator()
  const etc = mkdtempSync(join(tmpdir(), 'plexlink-proxy-'))
  writeFileSync(join(etc, 'index.html'), '<!doctype html><title>app</title>')
  kiosk = await startKioskServer(etc, join(etc, 'none.json'), join(etc, 'none'))
})
afterAll(async () => {
  kiosk.stop()
  await sim.close()
})

const uriOf = (name: string) => sim.pms().find((p) => p.name === name)!.uri
const proxied = (target: string) => `${kiosk.url}pms-proxy/${encodeURIComponent(target)}`

describe('kiosk /pms-proxy/', () => {
  it('carries the four PMS calls with their X-Plex headers, token and statuses', async () => {
    const pms = createPmsClient({ identity, proxyUrl: `${kiosk.url}pms-proxy/` })
    const living = uriOf('living-lan')
    expect((await pms.identity(living)).machineIdentifier).toBe('96f2fe7a5c0b4c7d8e9f0a1b2c3d4e5f')
    expect((await pms.root(living, 'pms-token-living-room-111')).friendlyName).toBe('Living Room')
    expect((await pms.librarySections(living, 'pms-token-living-room-111')).map((l) => l.title)).toEqual(['Movies', 'TV Shows', 'Music', 'Photos'])
    await expect(pms.root(living, 'wrong-token-XXXXXXXX')).rejects.toMatchObject({ kind: 'Unauthorized' })
    const single = sim.fixtures.accounts.find((a) => a.key === 'single')!.token
    const { token } = (await (await fetch(`${sim.url}/api/claim/token.json`, { headers: { 'X-Plex-Client-Identifier': 'c', 'X-Plex-Token': single, Accept: 'application/json' } })).json()) as { token: string }
    await pms.claim(sim.unclaimedServerUrl, token)
    expect((await pms.identity(sim.unclaimedServerUrl)).claimed).toBe(true)
  })

  it('a server that does not answer is a network error through the proxy too', async () => {
    const pms = createPmsClient({ identity, proxyUrl: `${kiosk.url}pms-proxy/` })
    const error = await pms.identity(uriOf('cabin-remote')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlexError)
    expect((error as PlexError).kind).toBe('NetworkError')
  })

  it('refuses other schemes, other paths, other methods and pages of other origins', async () => {
    const living = uriOf('living-lan')
    for (const target of ['file:///etc/passwd', 'data:text/plain,hi', `${living}/status/sessions`, `${living}/identity?X-Plex-Token=x`, 'http:///identity']) {
      expect([target, (await fetch(proxied(target))).status]).toEqual([target, 403])
    }
    expect((await fetch(proxied(`${living}/identity`), { method: 'POST' })).status).toBe(403)
    expect((await fetch(proxied(`${living}/identity`), { headers: { Origin: 'https://evil.example' } })).status).toBe(403)
    expect((await fetch(proxied(`${living}/identity`), { headers: { Origin: kiosk.url.replace(/\/$/, '') } })).status).toBe(200)
  })
})
