/**
 * Naming the TV on the TV: the menu opens the on-screen keyboard, a remote's arrows and OK (and a
 * keyboard's letters) type, Done keeps the name, and the link screen and the X-Plex-Device-Name header
 * use it from then on.
 */
import { test, expect } from './fixtures.js'

test('the device name typed on the on-screen keyboard is kept and used', async ({ tv, page }) => {
  await tv.open()
  await tv.waitForCode()
  await tv.keys('Escape', 'ArrowDown') // Diagnostics · Device name
  await tv.waitForText(/^Device name: /)
  await tv.keys('Enter')
  await tv.waitForText('Name this TV')
  // clear what is there with Back (delete), then type with the remote: arrows + OK on k, i, t…
  const current = await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))
  expect(current).toBeNull()
  // Back deletes one character at a time; with nothing left the hint says Back now cancels
  for (let i = 0; i < 40 && !(await tv.texts()).includes('Cancel'); i++) {
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
  await Promise.all([page.waitForEvent('load'), tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter')])
  await tv.waitForText('This TV will appear as “Kitchen Pi” in your Plex devices')
  expect(await page.evaluate(() => localStorage.getItem('plexlink.deviceName'))).toBe('Kitchen Pi')
  await expect.poll(() => requests.some((h) => h['x-plex-device-name'] === 'Kitchen Pi')).toBe(true)
})
