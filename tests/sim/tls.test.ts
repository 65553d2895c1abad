/**
 * https under plex.direct names (sim/tls.ts): the connections the fixtures call https are served over TLS as
 * `https://127-0-0-N.<hash>.plex.direct:PORT` with a certificate for `*.<hash>.plex.direct` signed by the
 * simulator's own CA. Checked with Node's real TLS stack: hostname and chain verified against that CA.
 */
import { X509Certificate, createHash } from 'node:crypto'
import { request } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'
import { call } from './support.js'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ tls: true })
})
afterAll(() => sim.close())

/** GET over TLS to a plex.direct URI, resolving its name the way plex.direct's DNS would (the dashed IP). */
function get(uri: string, ca: string): Promise<{ status: number; body: string }> {
  const url = new URL(uri)
  const address = url.hostname.split('.')[0]!.replace(/-/g, '.')
  return new Promise((ok, fail) => {
    const req = request(
      { host: url.hostname, port: url.port, path: '/identity', ca, headers: { Accept: 'application/json' },
        lookup: (_h, _o, cb) => cb(null, [{ address, family: 4 }]) },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => ok({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', fail)
    req.end()
  })
}

describe('https and plex.direct', () => {
  it('https connections are plex.direct names of their own loopback address; http ones stay raw addresses', async () => {
    const owner = sim.fixtures.accounts.find((a) => a.key === 'owner')!.token
    const servers = (await call(sim.url, 'GET', '/api/v2/resources?includeHttps=1&includeRelay=1', { headers: { 'X-Plex-Token': owner } })).json() as { name: string; connections: { protocol: string; uri: string; address: string }[] }[]
    const connections = servers.flatMap((s) => s.connections)
    const https = connections.filter((c) => c.protocol === 'https')
    expect(https.length).toBeGreaterThan(3)
    for (const c of https) expect(c.uri).toBe(`https://${c.address.replace(/\./g, '-')}.${new URL(c.uri).hostname.split('.')[1]}.plex.direct:${new URL(c.uri).port}`)
    for (const c of connections.filter((x) => x.protocol === 'http')) expect(c.uri).toMatch(/^http:\/\/127\.0\.\d+\.\d+:\d+$/)
    expect(sim.tls!.hosts.map((h) => h.hostname).sort()).toEqual(expect.arrayContaining(https.map((c) => new URL(c.uri).hostname).sort()))
  })

  it('a TLS client that trusts the simulator CA verifies the chain and the name; one that does not, refuses', async () => {
    const living = sim.pms().find((p) => p.name === 'living-lan-https')!
    const ok = await get(living.uri, sim.tls!.caCert)
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toMatchObject({ MediaContainer: { machineIdentifier: '96f2fe7a5c0b4c7d8e9f0a1b2c3d4e5f' } })
    await expect(get(living.uri, '')).rejects.toThrow(/self.signed|unable to verify|certificate/i)
    // Chromium's --ignore-certificate-errors-spki-list value is the CA key's SPKI hash
    const ca = new X509Certificate(sim.tls!.caCert)
    const spki = ca.publicKey.export({ type: 'spki', format: 'der' })
    expect(sim.tls!.caSpkiHash).toBe(createHash('sha256').update(spki).digest('base64'))
  })
})
