/**
 * TV platforms in Chromium: the app at 1280×720 with a Samsung Tizen and an LG webOS user agent shows the
 * code and answers that platform's Back key code (sent as the remote sends it: a keydown with keyCode).
 */
import { test, expect } from './fixtures.js'
import type { Page } from '@playwright/test'

async function remoteKey(page: Page, keyCode: number): Promise<void> {
  await page.evaluate((code) => {
    const e = new KeyboardEvent('keydown', { bubbles: true })
    Object.defineProperty(e, 'keyCode', { get: () => code })
    Object.defineProperty(e, 'which', { get: () => code })
    document.dispatchEvent(e)
  }, keyCode)
}

const TVS = [
  { name: 'Samsung Tizen', back: 10009, userAgent: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36', device: 'Samsung TV' },
  { name: 'LG webOS', back: 461, userAgent: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager', device: 'LG TV' },
]

for (const tvKind of TVS) {
  test.describe(tvKind.name, () => {
    test.use({ userAgent: tvKind.userAgent, viewport: { width: 1280, height: 720 } })

    test(`shows the code at 720p and answers Back (${tvKind.back})`, async ({ tv, world, page }) => {
      await tv.open()
      const code = await tv.waitForCode()
      await tv.waitForText(`This TV will appear as “${tvKind.device}” in your Plex devices`)
      await expect.poll(() => tv.decodeQr()).toBe(`${world.sim.linkPageUrl.replace(/\/$/, '')}/?pin=${code}`)
      await remoteKey(page, tvKind.back)
      await tv.waitForText('Get a new code') // Back opened the menu
      await remoteKey(page, tvKind.back)
      await tv.waitForNoText('Get a new code') // and closes it again
    })
  })
}
