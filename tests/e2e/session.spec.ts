/**
 * What survives a restart: a linked TV starts signed in; a revoked token goes back to a code; plex.tv
 * being down at start keeps the token; sign-out of a legacy token forgets the account but not the device.
 */
import { test, expect, useAuthSetting, type Tv } from './fixtures.js'
import type { World } from './fixtures.js'

async function linkThroughPhone(tv: Tv, world: World): Promise<void> {
  await tv.open()
  const code = await tv.waitForCode()
  const status = await world.sim.link(code, 'owner')
  expect(status).toBe(204)
  await tv.waitForText(/^Linked as /, 5_000)
}

test('a linked TV starts signed in after a restart, without a code', async ({ tv, world, page }) => {
  await linkThroughPhone(tv, world)
  await world.sim.clearLog()
  await page.reload()
  // signed in, nothing chosen yet: straight to who's watching, no code and no "Linked as" (nothing new)
  await tv.waitForText("Who's watching?")
  await tv.waitForText('Jordan')
  expect(await tv.code()).toBe('')
  expect((await tv.texts()).some((t) => t.startsWith('Linked as'))).toBe(false)
  const log = await world.sim.log()
  expect(log.some((r) => r.path === '/api/v2/user' && r.status === 200)).toBe(true)
  expect(log.some((r) => r.method === 'POST' && r.path.startsWith('/api/v2/pins'))).toBe(false)
})

test('a revoked token sends the TV back to a code', async ({ tv, page }) => {
  await tv.open()
  await tv.waitForCode()
  await page.evaluate(() => localStorage.setItem('plexlink.authToken', 'revoked-token-0000'))
  await page.reload()
  await tv.waitForCode()
  expect(await page.evaluate(() => localStorage.getItem('plexlink.authToken'))).toBeNull()
})

test('plex.tv down at start: the token is kept, the TV says so and recovers by itself', async ({ tv, world, page }) => {
  await linkThroughPhone(tv, world)
  await world.sim.addFault({ method: 'GET', path: '/api/v2/user', kind: 'status', status: 502, durationMs: 60_000 })
  await page.reload()
  await tv.waitForText(/^plex\.tv is having trouble \(error 502\)$/)
  await tv.waitForText('This TV is still signed in — nothing is lost.', 2_000)
  expect(await page.evaluate(() => localStorage.getItem('plexlink.authToken'))).not.toBeNull()
  await world.sim.clearFaults()
  await tv.press('Enter')
  await tv.waitForText("Who's watching?")
})

// a TV on a legacy token; one that held a Plex JWT links again as a new device (jwt.spec.ts)
test('sign out from the menu forgets the account, keeps the device identity, shows a new code', async ({ tv, world, page }) => {
  await useAuthSetting(page, 'legacy')
  await linkThroughPhone(tv, world)
  const clientId = await page.evaluate(() => localStorage.getItem('plexlink.clientIdentifier'))
  expect(clientId).toBeTruthy()
  await tv.press('Escape') // Back: the menu (Diagnostics · Device name · Language · Sign out)
  await tv.waitForText('Sign out')
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'Enter')
  await tv.waitForText('Sign out of Plex on this TV?')
  await tv.keys('ArrowRight', 'Enter') // Cancel has focus: Right to Sign out
  await tv.waitForCode()
  expect(await page.evaluate(() => localStorage.getItem('plexlink.authToken'))).toBeNull()
  expect(await page.evaluate(() => localStorage.getItem('plexlink.clientIdentifier'))).toBe(clientId)
})

test('the token appears in no URL, no screen text and no DOM', async ({ tv, world, page }) => {
  const urls: string[] = []
  page.on('request', (r) => urls.push(r.url()))
  await linkThroughPhone(tv, world)
  const token = await page.evaluate(() => localStorage.getItem('plexlink.authToken'))
  expect(token).toBeTruthy()
  expect(urls.filter((u) => u.includes(token!))).toEqual([])
  expect((await tv.texts()).join('\n')).not.toContain(token!)
  expect(await page.content()).not.toContain(token!)
})

test('a hidden TV app sends no request; it polls at once when visible again', async ({ tv, world, page }) => {
  await tv.open()
  await tv.waitForCode()
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { value: h, configurable: true })
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    }, hidden)
  await setHidden(true)
  await world.sim.clearLog()
  await page.waitForTimeout(4_000) // an observation window: at 1 poll/s, 4 would have been sent
  expect(await world.sim.log()).toEqual([])
  await setHidden(false)
  await expect.poll(async () => (await world.sim.log()).filter((r) => r.path.startsWith('/api/v2/pins/')).length, { timeout: 3_000 }).toBeGreaterThan(0)
})
