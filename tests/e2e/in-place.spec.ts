/**
 * Changes that keep everybody's place (issue 14 item 5 and the device name), end to end in Chromium
 * against the simulator: naming the TV takes effect at once without a restart (no PIN typed again, no
 * server tested again, the new X-Plex-Device-Name on every request from then on), and switching the
 * language on the server list re-words the rows without testing the servers again.
 */
import type { Page, Request } from '@playwright/test'
import { test, expect, type Tv, type World } from './fixtures.js'
import { linkAs, serversSettled } from './journey.js'

/** Connection tests the TV sends to the fake Plex Media Servers (each race starts with /identity). */
function probesTo(page: Page): string[] {
  const probes: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/identity') probes.push(r.url())
  })
  return probes
}

/**
 * Sam has no Home: the server list is the first screen, and Back opens its menu. Links as Sam and waits
 * until every server is tested; `rows()` reads the latencies shown, `latencies` is what they were then.
 */
async function samsServersTested(tv: Tv, world: World) {
  await linkAs(tv, world, 'single')
  await tv.waitForText("Sam's Mac mini")
  // a latency first: right after the list appears, its race may not have put up "Testing connections" yet
  await tv.waitForText(/ ms$/, 20_000)
  await tv.waitForNoText('Testing connections', 20_000)
  const rows = async () => (await tv.texts()).filter((t) => / ms$/.test(t))
  const latencies = await rows()
  expect(latencies.length).toBeGreaterThan(0)
  return { rows, latencies }
}

test('saving a device name keeps the session: no reload, no PIN again, no server tested again, the new name sent and shown from then on', async ({ tv, world, page }) => {
  test.slow() // a PIN, a server race and a dozen key presses with a look at the screen after each
  await linkAs(tv, world, 'owner')
  await tv.waitForText('Jordan')
  await tv.keys('ArrowRight', 'ArrowRight', 'Enter') // Alex · Mia · Jordan (protected)
  await tv.waitForText('Enter the PIN for Jordan')
  await tv.keys(...'4321'.split(''))
  await serversSettled(tv)
  // focus follows the server on top at the first draw: go to the top, then to the third row
  await tv.keys('ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowDown', 'ArrowDown', 'Enter') // Basement 4K · Cabin · Living Room
  await tv.waitForText('Ready')
  await tv.waitForText('Living Room')

  let loads = 0
  page.on('load', () => loads++)
  const probes = probesTo(page)
  const sent: Request[] = []
  page.on('request', (r) => sent.push(r))
  await world.sim.clearLog()

  await tv.keys('Escape', 'ArrowDown') // the menu: Diagnostics · Device name
  await tv.waitForText(/^Device name: /)
  await tv.keys('Enter')
  await tv.waitForText('Name this TV')
  const old = (await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))) ?? ''
  expect(old).toBe('') // the platform's default name so far
  await tv.keys('Space', 'd', 'e', 'n')
  await tv.waitForText(/ Den$/)
  const name = (await tv.texts()).find((t) => / Den$/.test(t))!
  // Done: from the first key down to the wide keys (Shift · Space · Delete · Done · Cancel), three right
  const savedAt = sent.length
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter')

  // back where the keyboard was opened, with the same user and server
  await tv.waitForText('Ready')
  await tv.waitForText('Living Room')
  await tv.waitForText('Jordan')
  await tv.waitForText('Movies') // the libraries, asked for again with the new name
  expect((await tv.texts()).some((t) => t.startsWith('Enter the PIN'))).toBe(false)
  expect(await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))).toBe(name)
  // the menu says the new name
  await tv.keys('Escape')
  await tv.waitForText(`Device name: ${name}`)
  await tv.keys('Escape')
  await tv.waitForNoText('Close')

  expect(loads).toBe(0)
  expect(probes).toEqual([])
  expect((await world.sim.log()).filter((e) => e.path.endsWith('/switch') || e.path === '/api/v2/user')).toEqual([])
  // every request since Done that names the device names it so
  const named = sent
    .slice(savedAt)
    .map((r) => r.headers()['x-plex-device-name'])
    .filter((n) => n !== undefined)
  expect(named.length).toBeGreaterThan(0)
  expect(new Set(named)).toEqual(new Set([name]))
})

test('switching the language on the server list re-words the rows without testing any server again', async ({ tv, world, page }) => {
  const { rows, latencies } = await samsServersTested(tv, world)

  let loads = 0
  page.on('load', () => loads++)
  const probes = probesTo(page)
  await tv.keys('Escape', 'ArrowDown', 'ArrowDown') // Diagnostics · Device name · Language
  await tv.waitForText('Language: English')
  await tv.keys('Enter')
  await tv.waitForText('Server wählen')
  await tv.waitForText("Sam's Mac mini")
  // the race results as they were: same latencies, nothing being tested
  expect(await rows()).toEqual(latencies)
  expect((await tv.texts()).some((t) => t.startsWith('Verbindungen'))).toBe(false)

  await tv.keys('Escape', 'ArrowDown', 'ArrowDown', 'Enter') // and on to Arabic
  await tv.waitForText('اختر خادمًا')
  await tv.waitForText("Sam's Mac mini")
  expect(loads).toBe(0)
  expect(probes).toEqual([])
})

test('Diagnostics and Device name opened from the server list come back to the same rows without testing any server again', async ({ tv, world, page }) => {
  const { rows, latencies } = await samsServersTested(tv, world)
  await world.sim.clearLog()
  const probes = probesTo(page)

  await tv.keys('Escape', 'Enter') // Diagnostics, the first item
  await tv.waitForText('This TV reaches plex.tv.')
  await tv.keys('Escape')
  await tv.waitForText("Sam's Mac mini")
  expect(await rows()).toEqual(latencies)
  expect((await tv.texts()).some((t) => t.startsWith('Testing connections'))).toBe(false)

  await tv.keys('Escape', 'ArrowDown', 'Enter') // Device name
  await tv.waitForText('Name this TV')
  // Back deletes from the name: leave with the keyboard's Cancel key (bottom row, last)
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter')
  await tv.waitForText("Sam's Mac mini")
  expect(await rows()).toEqual(latencies)

  expect(probes).toEqual([])
  expect((await world.sim.log()).filter((e) => e.path.startsWith('/api/v2/resources'))).toEqual([])
})
