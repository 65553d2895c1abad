/**
 * Naming the TV on the TV: the menu opens the on-screen keyboard, a remote's arrows and OK (and a
 * keyboard's letters) type, Done keeps the name, and the link screen and the X-Plex-Device-Name header
 * use it from then on, without a restart.
 */
import { test, expect } from './fixtures.js'

test('the device name typed on the on-screen keyboard is kept and used', async ({ tv, page }) => {
  test.slow() // some sixty key presses with a look at the screen after each: past 60 s on a loaded machine
  await tv.open()
  await tv.waitForCode()
  await tv.keys('Escape', 'ArrowDown') // Diagnostics · Device name
  await tv.waitForText(/^Device name: /)
  await tv.keys('Enter')
  await tv.waitForText('Name this TV')
  // clear what is there with Back (delete), then type with the remote: arrows + OK on k, i, t…
  const current = await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))
  expect(current).toBeNull()
  // Back deletes one character at a time, until the count says nothing is left
  for (let i = 0; i < 40 && !(await tv.texts()).includes('0 / 40'); i++) {
    await tv.keys('Backspace')
    await page.waitForTimeout(50)
  }
  await tv.waitForText('Name this TV')
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter') // row "asdfghjkl'" → k
  await tv.waitForText(/^K$/)
  // the rest with a keyboard's letters, as on a desktop or a remote with a keypad
  await tv.keys(...'itchen'.split(''), 'Space', 'p', 'i')
  await tv.waitForText('Kitchen Pi')
  // Done: last row, fourth key
  const requests: Record<string, string>[] = []
  page.on('request', (r) => requests.push(r.headers()))
  let loads = 0
  page.on('load', () => loads++)
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter')
  await tv.waitForText('This TV will appear as “Kitchen Pi” in your Plex devices')
  expect(await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))).toBe('Kitchen Pi')
  await expect.poll(() => requests.some((h) => h['x-plex-device-name'] === 'Kitchen Pi')).toBe(true)
  expect(loads).toBe(0) // in use at once, without a restart
})

test('the keyboard counts to 40, says when the limit is reached, and Cancel leaves without saving', async ({ tv, page }) => {
  await tv.open()
  await tv.waitForCode()
  await tv.keys('Escape', 'ArrowDown', 'Enter') // Diagnostics · Device name
  await tv.waitForText('Name this TV')
  const before = (await tv.texts()).find((t) => / \/ 40$/.test(t)) ?? ''
  const typed = Number(before.split(' / ')[0])
  expect(typed).toBeGreaterThan(0)
  // type up to the limit and one more: the count stops at 40 and the screen says why
  await tv.keys(...Array.from({ length: 41 - typed }, () => 'w'))
  await tv.waitForText('40 / 40')
  await tv.waitForText('That is the longest a name can be: 40 characters.')
  // Cancel: the last row's fifth key (down to the wide keys, then right to the end)
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight')
  await tv.keys('Enter')
  await tv.waitForCode()
  await tv.waitForNoText('Name this TV')
  expect(await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))).toBeNull()
})
