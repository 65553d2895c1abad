/**
 * The simulator answers in the shapes independent clients read (python-plexapi 4.x `plexapi/myplex.py`,
 * `plexapi/server.py`, `tests/payloads.py`; LukeHagar/plex-api-spec). XML is read with a real XML parser (jsdom's DOMParser) and
 * walked the way python-plexapi walks it (find / findall by tag), so a flat attribute where a client expects
 * a nested element fails here.
 */
import { JSDOM } from 'jsdom'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { homeFixture, startSimulator, type RunningSimulator } from '../../sim/index.js'
import { call, CLIENT } from './support.js'

let sim: RunningSimulator
let owner: string

beforeAll(async () => {
  sim = await startSimulator()
  owner = sim.fixtures.accounts.find((a) => a.key === 'owner')!.token
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

function xml(text: string): Element {
  const doc = new DOMParser().parseFromString(text, 'application/xml')
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0)
  return doc.documentElement
}
/** ElementTree's `find('a/b')`: direct children by tag, path by path. */
const find = (el: Element, path: string): Element | null =>
  path.split('/').reduce<Element | null>((at, tag) => (at ? [...at.children].find((c) => c.tagName === tag) ?? null : null), el)
const findall = (el: Element, path: string): Element[] => {
  const parts = path.split('/')
  const last = parts.pop()!
  const parent = parts.length ? find(el, parts.join('/')) : el
  return parent ? [...parent.children].filter((c) => c.tagName === last) : []
}
const { DOMParser } = new JSDOM().window
const xmlHeaders = (token?: string) => ({ 'X-Plex-Client-Identifier': CLIENT, ...(token ? { 'X-Plex-Token': token } : {}) })

describe('strong is read as a Rails boolean (ActiveModel::Type::Boolean)', () => {
  const codeFor = async (query: string) => ((await call(sim.url, 'POST', `/api/v2/pins${query}`)).json() as { code: string }).code
  it.each(['true', 'True', 'TRUE', '1', 't', 'on', 'yes'])('strong=%s gives a 25-character code', async (v) => {
    expect(await codeFor(`?strong=${v}`)).toMatch(/^[a-z0-9]{25}$/)
  })
  it.each(['false', 'FALSE', '0', 'f', 'off', ''])('strong=%s gives a 4-character code', async (v) => {
    expect(await codeFor(`?strong=${v}`)).toMatch(/^[A-Z0-9]{4}$/)
  })
  it('in a form body too', async () => {
    const res = await call(sim.url, 'POST', '/api/v2/pins', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'strong=1' })
    expect((res.json() as { code: string }).code).toHaveLength(25)
  })
})

describe('XML answers (python-plexapi)', () => {
  it('the account <user> nests <subscription><features><feature/>, <roles><role/>, <entitlements><entitlement/> and <profile> (payloads.py ACCOUNT_XML)', async () => {
    const res = await call(sim.url, 'GET', '/api/v2/user', { json: false, headers: xmlHeaders(owner) })
    expect(res.headers.get('content-type')).toMatch(/xml/)
    const user = xml(res.text)
    expect(user.tagName).toBe('user')
    expect([user.getAttribute('username'), user.getAttribute('homeAdmin'), user.getAttribute('joinedAt')]).toEqual(['alexplex', '1', '1456789012'])
    const subscription = find(user, 'subscription')!
    expect(subscription.getAttribute('active')).toBe('1')
    // myplex.py: toDatetime(subscribedAt, '%Y-%m-%d %H:%M:%S %Z')
    expect(subscription.getAttribute('subscribedAt')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
    expect(findall(subscription, 'features/feature').map((f) => f.getAttribute('id'))).toEqual(['pass'])
    expect(findall(user, 'roles/role').map((r) => r.getAttribute('id'))).toEqual(['plexpass'])
    expect(findall(user, 'entitlements/entitlement').map((r) => r.getAttribute('id'))).toEqual(['all'])
    expect(find(user, 'profile')!.getAttribute('defaultAudioLanguage')).toBe('en')
    expect(user.hasAttribute('roles') || user.hasAttribute('entitlements') || subscription.hasAttribute('features')).toBe(false)
  })

  it('v2 resources are <resource> elements holding <connections><connection/> (MyPlexResource, ResourceConnection)', async () => {
    const res = await call(sim.url, 'GET', '/api/v2/resources?includeHttps=1&includeRelay=1', { json: false, headers: xmlHeaders(owner) })
    const root = xml(res.text)
    const resources = [...root.children]
    expect(resources.length).toBeGreaterThan(1)
    expect(new Set(resources.map((r) => r.tagName))).toEqual(new Set(['resource']))
    const living = resources.find((r) => r.getAttribute('name') === 'Living Room')!
    // createdAt/lastSeenAt parsed with '%Y-%m-%dT%H:%M:%SZ'
    expect(living.getAttribute('createdAt')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(living.getAttribute('lastSeenAt')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const connections = findall(living, 'connections/connection')
    expect(connections.length).toBeGreaterThan(1)
    for (const c of connections) {
      for (const a of ['protocol', 'address', 'port', 'uri', 'local', 'relay', 'IPv6']) expect([a, c.hasAttribute(a)]).toEqual([a, true])
      expect(c.getAttribute('local')).toMatch(/^[01]$/)
    }
    expect(findall(living, 'Connection')).toHaveLength(0)
  })

  it('v2 Home XML nests <users><user/>; v1 /api/home/users is a MediaContainer of <User> (plex-api.md §8.1)', async () => {
    const v2 = xml((await call(sim.url, 'GET', '/api/v2/home/users', { json: false, headers: xmlHeaders(owner) })).text)
    expect(v2.tagName).toBe('home')
    expect(findall(v2, 'users/user').map((u) => u.getAttribute('title'))).toEqual(['Alex', 'Mia', 'Jordan', '美咲', 'Robin'])
    const v1 = xml((await call(sim.url, 'GET', '/api/home/users', { json: false, headers: xmlHeaders(owner) })).text)
    expect([v1.tagName, v1.getAttribute('size')]).toEqual(['MediaContainer', '5'])
    const mia = findall(v1, 'User').find((u) => u.getAttribute('title') === 'Mia')!
    expect([mia.getAttribute('restricted'), mia.getAttribute('protected'), mia.getAttribute('admin'), mia.getAttribute('restrictionProfile')]).toEqual(['1', '0', '0', 'little_kid'])
    expect(v1.outerHTML).not.toMatch(/pin=|token/i)
  })

  it('v1 switch answers <user authenticationToken> (myplex.py switchHomeUser)', async () => {
    const jordan = homeFixture.users.find((u) => u.title === 'Jordan')!
    const res = await call(sim.url, 'POST', `/api/home/users/${jordan.id}/switch?pin=${jordan.pin}`, { json: false, headers: xmlHeaders(owner) })
    const user = xml(res.text)
    expect([user.tagName, user.getAttribute('authenticationToken'), user.getAttribute('title')]).toEqual(['user', jordan.token, 'Jordan'])
    expect((await call(sim.url, 'POST', `/api/home/users/${jordan.id}/switch?pin=0000`, { json: false, headers: xmlHeaders(owner) })).status).toBe(403)
  })
})

describe('fake Plex Media Server', () => {
  const lanOf = async () => {
    const servers = (await call(sim.url, 'GET', '/api/v2/resources', { headers: { 'X-Plex-Token': owner } })).json() as { name: string; accessToken: string; connections: { uri: string; local: boolean }[] }[]
    const living = servers.find((s) => s.name === 'Living Room')!
    return { uri: living.connections.find((c) => c.local)!.uri, token: living.accessToken }
  }

  it('GET / carries every field of the plex-api-spec ServerConfiguration schema', async () => {
    const { uri, token } = await lanOf()
    const root = ((await (await fetch(`${uri}/`, { headers: { Accept: 'application/json', 'X-Plex-Token': token } })).json()) as { MediaContainer: Record<string, unknown> }).MediaContainer
    // LukeHagar/plex-api-spec plex-api-spec.yaml components.schemas.ServerConfiguration (2026-02)
    const schema: Record<string, string> = {
      allowCameraUpload: 'boolean', allowChannelAccess: 'boolean', allowMediaDeletion: 'boolean', allowSharing: 'boolean', allowSync: 'boolean',
      allowTuners: 'boolean', backgroundProcessing: 'boolean', certificate: 'boolean', companionProxy: 'boolean', countryCode: 'string',
      diagnostics: 'string', eventStream: 'boolean', friendlyName: 'string', hubSearch: 'boolean', itemClusters: 'boolean', livetv: 'number',
      machineIdentifier: 'string', mediaProviders: 'boolean', multiuser: 'boolean', musicAnalysis: 'number', myPlex: 'boolean',
      myPlexMappingState: 'string', myPlexSigninState: 'string', myPlexSubscription: 'boolean', myPlexUsername: 'string', offlineTranscode: 'number',
      ownerFeatures: 'string', platform: 'string', platformVersion: 'string', pluginHost: 'boolean', pushNotifications: 'boolean',
      readOnlyLibraries: 'boolean', streamingBrainABRVersion: 'number', streamingBrainVersion: 'number', sync: 'boolean',
      transcoderActiveVideoSessions: 'number', transcoderAudio: 'boolean', transcoderLyrics: 'boolean', transcoderPhoto: 'boolean',
      transcoderSubtitles: 'boolean', transcoderVideo: 'boolean', transcoderVideoBitrates: 'string', transcoderVideoQualities: 'string',
      transcoderVideoResolutions: 'string', updatedAt: 'number', updater: 'boolean', version: 'string', voiceSearch: 'boolean',
    }
    for (const [field, type] of Object.entries(schema)) expect([field, typeof root[field]]).toEqual([field, type])
    expect([root.myPlexSigninState, root.myPlexUsername]).toEqual(['ok', 'alexplex'])
    expect(String(root.ownerFeatures).split(',')).toContain('pass')
  })

  it('/library/sections/ with a trailing slash is served like /library/sections', async () => {
    const { uri, token } = await lanOf()
    const res = await fetch(`${uri}/library/sections/`, { headers: { Accept: 'application/json', 'X-Plex-Token': token } })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { MediaContainer: { size: number } }).MediaContainer.size).toBe(4)
  })

  it('an unclaimed server answers / and /identity without a token; a claimed one wants its token for /', async () => {
    const identity = await fetch(`${sim.unclaimedServerUrl}/identity`)
    expect(identity.status).toBe(200)
    const root = await fetch(`${sim.unclaimedServerUrl}/`, { headers: { Accept: 'application/json' } })
    expect(root.status).toBe(200)
    const mc = ((await root.json()) as { MediaContainer: Record<string, unknown> }).MediaContainer
    expect([mc.myPlex, mc.myPlexSigninState, mc.myPlexUsername]).toEqual([false, 'none', ''])
    const { uri } = await lanOf()
    expect((await fetch(`${uri}/`)).status).toBe(401)
  })

  it('POST /myplex/claim answers the account the server now belongs to, signInState included (server.py claim → Account)', async () => {
    const single = sim.fixtures.accounts.find((a) => a.key === 'single')!.token
    const { token } = (await call(sim.url, 'GET', '/api/claim/token.json', { headers: { 'X-Plex-Token': single } })).json() as { token: string }
    const res = await fetch(`${sim.unclaimedServerUrl}/myplex/claim?token=${token}`, { method: 'POST' })
    expect(res.status).toBe(200)
    const account = xml(await res.text())
    expect([account.getAttribute('username'), account.getAttribute('signInState'), account.getAttribute('mappingState')]).toEqual(['sam_solo', 'ok', 'mapped'])
    for (const a of ['authToken', 'publicAddress', 'publicPort', 'privateAddress', 'privatePort', 'subscriptionActive', 'subscriptionState']) expect([a, account.hasAttribute(a)]).toEqual([a, true])
    // now claimed: / wants the token
    expect((await fetch(`${sim.unclaimedServerUrl}/`)).status).toBe(401)
  })
})
