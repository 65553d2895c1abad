/** CORS on the fake Plex Media Servers, per connection (sim/pms.ts EndpointCors), as a browser would read it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

const ORIGIN = { Origin: 'http://127.0.0.1:8080' }
const grandma = () => sim.pms().find((p) => p.name === 'grandma-remote')!.uri
const token = 'pms-token-shared-grandma-333'
const acao = async (path: string, headers: Record<string, string>, method = 'GET') =>
  (await fetch(`${grandma()}${path}`, { method, headers: { ...ORIGIN, ...headers } })).headers.get('access-control-allow-origin')

describe('CORS per connection', () => {
  it("'any' (the seeded default): every answer and preflight allows any origin, with the X-Plex-* headers asked for", async () => {
    expect(await acao('/identity', {})).toBe('*')
    expect(await acao('/', { 'X-Plex-Token': token })).toBe('*')
    const pre = await fetch(`${grandma()}/`, { method: 'OPTIONS', headers: { ...ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-plex-token,x-plex-client-identifier' } })
    expect([pre.status, pre.headers.get('access-control-allow-headers')]).toEqual([204, 'x-plex-token,x-plex-client-identifier'])
  })

  it("'appPlexTvForGuests': calls with a token answer Allow-Origin https://app.plex.tv (ricoloic/plexy#4); /identity still any", async () => {
    await sim.configureConnection('grandma-remote', { cors: 'appPlexTvForGuests' })
    expect(await acao('/identity', {})).toBe('*')
    expect(await acao('/library/sections', { 'X-Plex-Token': token })).toBe('https://app.plex.tv')
    expect(await acao('/', {}, 'OPTIONS')).toBe('*')
    await sim.reset()
    expect(await acao('/library/sections', { 'X-Plex-Token': token })).toBe('*')
  })

  it("'none': no CORS headers at all (a reverse proxy that strips them)", async () => {
    await sim.configureConnection('grandma-remote', { cors: 'none' })
    expect(await acao('/identity', {})).toBeNull()
  })
})
