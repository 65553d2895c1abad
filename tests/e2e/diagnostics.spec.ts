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
