/**
 * The diagnostics screen in the real app: opened from the link screen with the 0 key it names; with
 * plex.tv's clock 3 hours off it names the clock; Back returns to a code.
 */
import { test, expect } from './fixtures.js'

test('0 on the link screen opens diagnostics, which names a wrong clock and what to do', async ({ tv, world }) => {
  await world.sim.setClockSkew(-3 * 3600)
  await tv.open()
  await tv.waitForCode()
  await tv.waitForText('Diagnostics') // the key hint
  await tv.keys('0')
  await tv.waitForText(/^Answers in \d+ ms$/)
  await tv.waitForText('3 h ahead')
  await tv.waitForText("This TV's clock is 3 h off. Set the date and time in the TV's settings: a wrong clock breaks secure connections.")
  await tv.waitForText('This TV reaches plex.tv.')
  // the page to type the code at is the one this TV's link screen names (here the simulator's)
  await tv.waitForText(`exactly as shown, at ${world.sim.linkPageUrl.replace(/^https?:\/\//, '')}.`)
  const texts = (await tv.texts()).join('\n')
  expect(texts).toContain('WebGL')
  expect(texts).not.toMatch(/token-/)
  await tv.keys('Escape')
  await tv.waitForCode()
})

test('diagnostics while plex.tv is down says so; OK checks again, with the code on screen and no new pin', async ({ tv, world }) => {
  await tv.open()
  const code = await tv.waitForCode()
  await tv.keys('0')
  await tv.waitForText('plex.tv is working normally.')
  // the probe polls the code the link screen shows: make that answer 503 once
  await world.sim.addFault({ method: 'GET', path: '/api/v2/pins/', kind: 'status', status: 503, count: 1 })
  await tv.keys('Enter')
  await tv.waitForText('Answers with error 503')
  await tv.waitForText('plex.tv is having trouble right now. Linking works again when it recovers; nothing needs changing on this TV.')
  await tv.keys('Enter')
  await tv.waitForText('plex.tv is working normally.')
  // no press made a pin: back on the link screen the same code is shown
  expect((await world.sim.log()).filter((r) => r.method === 'POST' && r.path === '/api/v2/pins')).toHaveLength(1)
  await tv.keys('Escape')
  expect(await tv.waitForCode()).toBe(code)
})

test('the last errors read as sentences, and a failing plex.tv points to Plex status page', async ({ tv, world }) => {
  await tv.open()
  await tv.waitForCode()
  // the code's polls fail: the link screen logs the fault
  await world.sim.addFault({ path: '/api/v2/pins/', kind: 'status', status: 503, durationMs: 60_000 })
  await tv.waitForText('plex.tv is having trouble (error 503)')
  // and the diagnostics probe (a new pin) fails the same way
  await world.sim.addFault({ method: 'POST', path: '/api/v2/pins', exact: true, kind: 'status', status: 503, durationMs: 60_000 })
  await tv.keys('0')
  await tv.waitForText(/^\d\d:\d\d:\d\d {2}Checking the code: plex\.tv is having trouble \(error 503\)\.$/)
  await tv.waitForText('Plex reports outages at status.plex.tv.')
  const texts = (await tv.texts()).join('\n')
  expect(texts).not.toMatch(/getPin|createPin|: server/)
})

test('Reset this TV asks first with Cancel focused; confirmed, the TV forgets its name and device ID and shows a new code', async ({ tv, page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('named')) {
      sessionStorage.setItem('named', '1')
      localStorage.setItem('plexlink.deviceName', 'Kitchen Pi')
    }
  })
  await tv.open()
  const firstCode = await tv.waitForCode()
  await tv.waitForText('This TV will appear as “Kitchen Pi”')
  const clientId = await page.evaluate(() => localStorage.getItem('plexlink.clientIdentifier'))
  expect(clientId).toBeTruthy()
  await tv.keys('0')
  await tv.waitForText('Reset this TV')
  // OK on Reset opens the question; OK again (on Cancel, focused) keeps everything
  await tv.keys('ArrowRight', 'Enter')
  await tv.waitForText('Reset this TV?')
  await tv.keys('Enter')
  await tv.waitForNoText('Reset this TV?')
  expect(await page.evaluate(() => localStorage.getItem('plexlink.clientIdentifier'))).toBe(clientId)
  // Back closes the question too
  await tv.keys('Enter')
  await tv.waitForText('Reset this TV?')
  await tv.keys('Escape')
  await tv.waitForNoText('Reset this TV?')
  await tv.waitForText('Device name')
  // confirmed: the page starts again as a new device with a new code
  await Promise.all([page.waitForEvent('load'), tv.keys('Enter', 'ArrowRight', 'Enter')])
  await tv.waitForCode(firstCode)
  await tv.waitForNoText('Kitchen Pi')
  const newId = await page.evaluate(() => localStorage.getItem('plexlink.clientIdentifier'))
  expect(newId).toBeTruthy()
  expect(newId).not.toBe(clientId)
  expect(await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))).toBeNull()
})
