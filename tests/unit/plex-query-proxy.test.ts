/**
 * Settings that change what goes to plex.tv: extra query parameters on every call (`plexTvQuery`), and a
 * proxy base URL with a path (`plexTvUrl` / `clientsUrl` pointing at a reverse proxy), as the README documents.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { configFrom } from '../../src/platform/config.js'
import { createPlexTvClient } from '../../src/plex/plexTvClient.js'
import type { DeviceIdentity } from '../../src/plex/types.js'
import { json, startTinyServer, type TinyServer } from '../support/tinyHttp.js'

const TOKEN = 'account-token-AAAAAAAA'
const identity: DeviceIdentity = {
  clientIdentifier: 'query-proxy-0001', product: 'PlexLink TV', version: '1', platform: 'Chrome', platformVersion: '1', device: 'PC', deviceName: 'TV',
}
const pin = { id: 1, code: 'ABCD', clientIdentifier: identity.clientIdentifier, expiresIn: 900, createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-01T00:15:00Z', authToken: null }

let proxy: TinyServer
beforeAll(async () => {
  proxy = await startTinyServer()
})
afterAll(() => proxy.close())
afterEach(() => {
  proxy.requests.length = 0
})

const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams)

describe('plexTvQuery', () => {
  it('is appended to every plex.tv call; a call’s own parameters win; a token is never put in the URL', async () => {
    const client = createPlexTvClient({
      baseUrl: proxy.url, identity,
      extraQuery: { 'X-Plex-Features': 'external-media', includeHttps: '0', 'x-plex-token': 'leak' },
    })
    proxy.handle((req, res) => {
      if (req.url!.startsWith('/api/v2/pins')) return json(res, 201, pin)
      if (req.url!.startsWith('/api/v2/resources')) return json(res, 200, [])
      if (req.url!.includes('/switch')) return json(res, 201, { uuid: 'u', title: 'Mia', authToken: 'home-token-XXXXXXXX' })
      json(res, 200, { id: 1, uuid: 'u', title: 'Alex' })
    })
    await client.createPin()
    await client.getPin(1)
    await client.getUser(TOKEN)
    await client.getResources(TOKEN)
    await client.switchHomeUser(TOKEN, 'u', '1234')
    expect(proxy.requests).toHaveLength(5)
    for (const r of proxy.requests) {
      expect([r.url, query(r.url)['X-Plex-Features']]).toEqual([r.url, 'external-media'])
      expect(r.url.toLowerCase()).not.toContain('token')
    }
    expect(query(proxy.requests[3]!.url)).toMatchObject({ includeHttps: '1', includeRelay: '1', includeIPv6: '1' })
    expect(query(proxy.requests[4]!.url).pin).toBe('1234')
  })

  it('settings keep string values only and drop X-Plex-Token in any spelling', () => {
    expect(configFrom({ plexTvQuery: { 'X-Plex-Product': 'Plex Web', n: 1, 'X-PLEX-TOKEN': 't', '': 'x' } }).plexTvQuery).toEqual({ 'X-Plex-Product': 'Plex Web' })
    expect(configFrom({ plexTvQuery: ['a'] }).plexTvQuery).toEqual({})
    expect(configFrom({}).plexTvQuery).toEqual({})
  })
})

describe('a proxy base URL', () => {
  it('with a path prefix: every call goes under it, and pictures on the proxy are drawn', async () => {
    const client = createPlexTvClient({ baseUrl: `${proxy.url}/plex.tv`, identity })
    const thumb = `${proxy.url}/plex.tv/users/abc/avatar?c=1`
    proxy.handle((req, res) => (req.url!.includes('/pins') ? json(res, 201, pin) : json(res, 200, { id: 1, uuid: 'u', title: 'Alex', thumb })))
    await client.createPin()
    expect((await client.getUser(TOKEN)).thumb).toBe(thumb)
    expect(proxy.requests.map((r) => r.url)).toEqual(['/plex.tv/api/v2/pins', '/plex.tv/api/v2/user'])
  })
})
