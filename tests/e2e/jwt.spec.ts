/**
 * Plex JWT device authentication end to end in Chromium (issue 16, plex-api.md §9): the TV links with its
 * key, refreshes its Plex JWT by itself, after a 498 and after a long time off, moves a legacy token to a
 * JWT, and stays signed in when a refresh fails half-way. Each test checks what crossed the wire (the
 * simulator's request log and its device records) and what the person sees.
 */
import type { Page } from '@playwright/test'
import { test, expect, useAuthSetting, type Tv, type World } from './fixtures.js'

interface SimDevice {
  clientIdentifier: string
  registeredWithLegacyToken: boolean
  exchanged: boolean
}

async function control(world: World, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${world.sim.controlUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  expect(res.ok).toBe(true)
  return res.json()
}

const devices = async (world: World) => ((await control(world, 'GET', '/jwt')) as { devices: SimDevice[] }).devices
const setJwtLifetime = (world: World, seconds: number) => control(world, 'POST', '/config', { jwtLifetimeSec: seconds })
const stored = (page: Page, key: string) => page.evaluate((k) => localStorage.getItem(`plexlink.${k}`), key)
const isJwt = (token: string | null) => token !== null && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)

async function link(tv: Tv, world: World): Promise<void> {
  await tv.open()
  const code = await tv.waitForCode()
  expect(await world.sim.link(code, 'owner')).toBe(204)
  await tv.waitForText(/^Linked as /, 10_000)
  await tv.waitForText("Who's watching?")
}

test('the TV links with its key: a JWK code, polls with a device JWT, a Plex JWT kept, never in a URL', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'jwt')
  await link(tv, world)
  const log = await world.sim.log()
  // the code was made with the JWK on clients.plex.tv, a nonce fetched for the device JWT the polls carry
  expect(log.some((r) => r.method === 'POST' && r.path === '/api/v2/pins' && r.host === 'clients.plex.tv' && r.status === 201)).toBe(true)
  expect(log.some((r) => r.path === '/api/v2/auth/nonce' && r.status === 200)).toBe(true)
  // one nonce serves the polls (nonces are rate-limited): far fewer nonces than polls
  const polls = log.filter((r) => r.method === 'GET' && /^\/api\/v2\/pins\/\d+$/.test(r.path)).length
  const nonces = log.filter((r) => r.path === '/api/v2/auth/nonce').length
  expect(nonces).toBeLessThanOrEqual(Math.max(1, Math.ceil(polls / 2)))
  const clientId = await stored(page, 'clientIdentifier')
  expect((await devices(world)).filter((d) => d.clientIdentifier === clientId)).toEqual([expect.objectContaining({ exchanged: true, registeredWithLegacyToken: false })])
  expect(isJwt(await stored(page, 'authToken'))).toBe(true)
  // the JWT made the calls after linking: /user and the Home users answered 200 to it
  expect(log.some((r) => r.path === '/api/v2/user' && r.status === 200)).toBe(true)
  const kept = JSON.parse((await stored(page, 'jwtCredential')) ?? 'null') as { credential: { kind: string } }
  expect(kept.credential.kind).toBe('jwt')
})

test('a short-lived Plex JWT is refreshed by itself before it expires, and the TV carries on with the new one', async ({ tv, world, page }) => {
  test.setTimeout(120_000)
  await useAuthSetting(page, 'jwt')
  await setJwtLifetime(world, 40) // refresh due at three quarters: 30 s after linking
  await link(tv, world)
  const first = await stored(page, 'authToken')
  await world.sim.clearLog()
  await expect.poll(async () => (await world.sim.log()).some((r) => r.method === 'POST' && r.path === '/api/v2/auth/token' && r.status === 200), { timeout: 45_000 }).toBe(true)
  await expect.poll(() => stored(page, 'authToken')).not.toBe(first)
  expect(isJwt(await stored(page, 'authToken'))).toBe(true)
  const log = await world.sim.log()
  // nonce before exchange, and no refresh storm: one exchange
  const nonceAt = log.findIndex((r) => r.path === '/api/v2/auth/nonce')
  const tokenAt = log.findIndex((r) => r.path === '/api/v2/auth/token')
  expect(nonceAt).toBeGreaterThanOrEqual(0)
  expect(nonceAt).toBeLessThan(tokenAt)
  expect(log.filter((r) => r.path === '/api/v2/auth/token').length).toBe(1)
  // the new token works: a restart goes straight to who's watching
  await page.reload()
  await tv.waitForText("Who's watching?")
})

test('a TV off for longer than the JWT lives refreshes at start (the clock jumps 8 days on both sides)', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'jwt')
  await page.clock.install()
  await link(tv, world)
  const first = await stored(page, 'authToken')
  await world.sim.clearLog()
  const eightDays = 8 * 24 * 3600
  await world.sim.setClockSkew(eightDays)
  await page.clock.fastForward(eightDays * 1000)
  await expect.poll(() => stored(page, 'authToken'), { timeout: 15_000 }).not.toBe(first)
  const log = await world.sim.log()
  expect(log.some((r) => r.method === 'POST' && r.path === '/api/v2/auth/token' && r.status === 200)).toBe(true)
  await page.reload()
  await tv.waitForText("Who's watching?")
  expect((await world.sim.log()).some((r) => r.path === '/api/v2/user' && r.status === 200)).toBe(true)
})

test('a 498 from plex.tv: the TV refreshes and retries, the person sees no error', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'jwt')
  await link(tv, world)
  const first = await stored(page, 'authToken')
  await world.sim.clearLog()
  await world.sim.addFault({ method: 'GET', path: '/api/v2/user', kind: 'status', status: 498, count: 1 })
  await page.reload()
  await tv.waitForText("Who's watching?")
  expect((await tv.texts()).some((t) => t.includes('trouble'))).toBe(false)
  const log = (await world.sim.log()).filter((r) => r.path.startsWith('/api/v2/user') || r.path.startsWith('/api/v2/auth'))
  const seq = log.map((r) => `${r.method} ${r.path} ${r.status}`)
  expect(seq.slice(0, 4)).toEqual(['GET /api/v2/user 498', 'GET /api/v2/auth/nonce 200', 'POST /api/v2/auth/token 200', 'GET /api/v2/user 200'])
  const userCalls = log.filter((r) => r.path === '/api/v2/user')
  expect(userCalls[1]!.time - userCalls[0]!.time).toBeGreaterThanOrEqual(1000)
  expect(await stored(page, 'authToken')).not.toBe(first)
})

test('a TV signed in with a legacy token moves to a JWT: key registered with the legacy token, then exchanged', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'legacy')
  await link(tv, world)
  const legacy = await stored(page, 'authToken')
  expect(isJwt(legacy)).toBe(false)
  expect(await devices(world)).toEqual([])
  await world.sim.clearLog()
  await useAuthSetting(page, 'jwt')
  await page.reload()
  await tv.waitForText("Who's watching?")
  await expect.poll(() => stored(page, 'authToken').then(isJwt)).toBe(true)
  const log = (await world.sim.log()).map((r) => `${r.method} ${r.path} ${r.status}`)
  const order = ['POST /api/v2/auth/jwk 201', 'GET /api/v2/auth/nonce 200', 'POST /api/v2/auth/token 200'].map((s) => log.indexOf(s))
  expect(order.every((i) => i >= 0)).toBe(true)
  expect([...order].sort((a, b) => a - b)).toEqual(order)
  const clientId = await stored(page, 'clientIdentifier')
  expect((await devices(world)).filter((d) => d.clientIdentifier === clientId)).toEqual([expect.objectContaining({ registeredWithLegacyToken: true, exchanged: true })])
  // the legacy token no longer works; the TV does not need it
  await page.reload()
  await tv.waitForText("Who's watching?")
})

test('a migration that fails half-way leaves the TV signed in and finishes by itself', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'legacy')
  await link(tv, world)
  const legacy = await stored(page, 'authToken')
  await world.sim.clearLog()
  // the key registers, then the exchange fails twice
  await world.sim.addFault({ method: 'POST', path: '/api/v2/auth/token', kind: 'status', status: 503, count: 2 })
  await useAuthSetting(page, 'jwt')
  await page.reload()
  await tv.waitForText("Who's watching?")
  // still the legacy token while the exchange is failing: signed in, nothing lost
  await expect.poll(async () => (await world.sim.log()).filter((r) => r.path === '/api/v2/auth/token' && r.status === 503).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
  expect(await stored(page, 'authToken')).toBe(legacy)
  await expect.poll(() => stored(page, 'authToken').then(isJwt), { timeout: 30_000 }).toBe(true)
  const log = (await world.sim.log()).map((r) => `${r.method} ${r.path} ${r.status}`)
  expect(log.filter((s) => s === 'POST /api/v2/auth/token 503')).toHaveLength(2)
  expect(log.filter((s) => s === 'POST /api/v2/auth/token 200')).toHaveLength(1)
  expect(log.filter((s) => s.startsWith('POST /api/v2/auth/jwk'))).toEqual(['POST /api/v2/auth/jwk 201'])
  await tv.waitForText("Who's watching?")
})

/** What every POST /api/v2/pins of this page carried: the client identifier header and the JWK's kid. */
function pinRequests(page: Page): { clientIdentifier: string | undefined; kid: string | undefined }[] {
  const seen: { clientIdentifier: string | undefined; kid: string | undefined }[] = []
  page.on('request', (req) => {
    if (req.method() !== 'POST' || !new URL(req.url()).pathname.endsWith('/api/v2/pins')) return
    const body = req.postData()
    const jwk = body && body.startsWith('{') ? (JSON.parse(body) as { jwk?: { kid?: string } }).jwk : undefined
    seen.push({ clientIdentifier: req.headers()['x-plex-client-identifier'], kid: jwk?.kid })
  })
  return seen
}

test('plex.tv revokes the device: the TV says so in plain words, asks nothing more, and OK links again as a new device', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'jwt')
  const pins = pinRequests(page)
  await link(tv, world)
  const oldId = await stored(page, 'clientIdentifier')
  await control(world, 'POST', '/jwt/revoke', { clientIdentifier: oldId })
  await world.sim.clearLog()
  await page.reload()
  // the Plex JWT is refused (401), the token flow's refresh is refused (422): the sign-in has ended
  await tv.waitForText('Signed out at plex.tv')
  await tv.waitForText('link this TV with a new code')
  expect(await stored(page, 'authToken')).toBeNull()
  const asked = (await world.sim.log()).map((r) => `${r.method} ${r.path} ${r.status}`)
  expect(asked.filter((s) => s.startsWith('POST /api/v2/auth/token'))).toEqual(['POST /api/v2/auth/token 422'])
  // no silent loop: while the screen is up nothing more is asked (no refresh, no /user, no code)
  const before = (await world.sim.log()).length
  await page.waitForTimeout(3000)
  expect((await world.sim.log()).length).toBe(before)
  await tv.waitForText('Signed out at plex.tv')
  // OK: a new code, as a new device (new key, new client identifier), and linking it works
  await tv.keys('Enter')
  const code = await tv.waitForCode()
  const newId = await stored(page, 'clientIdentifier')
  expect(newId).not.toBe(oldId)
  expect(pins.at(-1)?.clientIdentifier).toBe(newId)
  expect(pins.at(-1)?.kid).not.toBe(pins[0]?.kid)
  expect(await world.sim.link(code, 'owner')).toBe(204)
  await tv.waitForText("Who's watching?")
  expect((await devices(world)).filter((d) => d.clientIdentifier === newId)).toEqual([expect.objectContaining({ exchanged: true })])
})

test('signing out on the TV in JWT mode: the next link carries a new key pair and a new client identifier', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'jwt')
  const pins = pinRequests(page)
  await link(tv, world)
  const oldId = await stored(page, 'clientIdentifier')
  const first = pins.at(-1)!
  expect(first.clientIdentifier).toBe(oldId)
  expect(first.kid).toMatch(/^[\w-]{43}$/)
  // Back → menu (Diagnostics · Device name · Language · Sign out) → confirm
  await tv.keys('Escape')
  await tv.waitForText('Sign out')
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'Enter')
  await tv.waitForText('Sign out of Plex on this TV?')
  await tv.keys('ArrowRight', 'Enter')
  const code = await tv.waitForCode()
  const newId = await stored(page, 'clientIdentifier')
  expect(newId).not.toBeNull()
  expect(newId).not.toBe(oldId)
  const next = pins.at(-1)!
  expect(next.clientIdentifier).toBe(newId)
  expect(next.kid).toMatch(/^[\w-]{43}$/)
  expect(next.kid).not.toBe(first.kid)
  // every code since the sign-out went out as the new device
  expect(pins.slice(pins.indexOf(next)).every((p) => p.clientIdentifier === newId)).toBe(true)
  expect(await world.sim.link(code, 'owner')).toBe(204)
  await tv.waitForText("Who's watching?")
  const byId = new Map((await devices(world)).map((d) => [d.clientIdentifier, d]))
  expect(byId.get(newId!)).toMatchObject({ exchanged: true })
  expect(byId.get(oldId!)).toMatchObject({ exchanged: true })
})

test('Reset this TV after linking with the key: a new device with a new key, whose code links', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'auto')
  const pins = pinRequests(page)
  await link(tv, world)
  const first = pins.at(-1)!
  expect(first.kid).toMatch(/^[\w-]{43}$/)
  // Back → menu → Diagnostics → Reset this TV → confirmed
  await tv.keys('Escape')
  await tv.waitForText('Sign out')
  await tv.keys('Enter')
  await tv.waitForText('Reset this TV')
  await tv.keys('ArrowRight', 'Enter')
  await tv.waitForText('Reset this TV?')
  await Promise.all([page.waitForEvent('load'), tv.keys('ArrowRight', 'Enter')])
  const code = await tv.waitForCode()
  const next = pins.at(-1)!
  expect(next.clientIdentifier).not.toBe(first.clientIdentifier)
  expect(next.kid).toMatch(/^[\w-]{43}$/)
  expect(next.kid).not.toBe(first.kid)
  expect(await world.sim.link(code, 'owner')).toBe(204)
  await tv.waitForText("Who's watching?")
})
