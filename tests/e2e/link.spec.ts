/**
 * The link step end to end: the built app in Chromium, the plex.tv simulator over HTTP, a second
 * page standing in for the phone.
 */
import { test, expect } from './fixtures.js'

test('the TV shows a 4-character code from plex.tv and a phone linking it moves the TV on', async ({ tv, world, context }) => {
  await tv.open()
  const code = await tv.waitForCode()
  await tv.waitForText('Waiting for you to enter the code…')

  const phone = await context.newPage()
  await phone.setViewportSize({ width: 390, height: 844 })
  await phone.goto(world.sim.linkPageUrl)
  await phone.fill('#code', code.toLowerCase().split('').join(' ')) // case and spaces do not matter
  await phone.click('#submit')
  await expect(phone.locator('#result')).toContainText(/linked/i)

  // the TV notices by itself (how fast is `npm run bench`'s business) and says who it is linked to
  await tv.waitForText(/^Linked as Alex$/)
  await tv.waitForText("Who's watching?")
  expect(await tv.code()).toBe('')
})

test('the QR code decodes to the link page with the code filled in', async ({ tv, world, page }) => {
  await tv.open()
  const code = await tv.waitForCode()
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    await page.setViewportSize(viewport)
    await page.reload()
    expect(await tv.waitForCode()).toBe(code) // a reload keeps the same code
    // polled: the QR texture reaches the screen a frame or two after the code's text
    await expect.poll(() => tv.decodeQr()).toBe(`${world.sim.linkPageUrl.replace(/\/$/, '')}/?pin=${code}`)
  }
})
