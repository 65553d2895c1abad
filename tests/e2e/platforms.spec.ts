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

/** What the platform gives a web app to leave with; leaving is recorded in `window.appLeft`. */
function tizenApi(): void {
  const w = window as unknown as Record<string, unknown>
  w.tizen = { tvinputdevice: { registerKeyBatch: () => undefined }, application: { getCurrentApplication: () => ({ exit: () => (w.appLeft = 'tizen.exit') }) } }
}
function webOsApi(): void {
  // a webOS web app without LG's webOSTV.js library: only the platform's PalmSystem
  const w = window as unknown as Record<string, unknown>
  w.PalmSystem = { platformBack(this: object) { w.appLeft = this === w.PalmSystem ? 'PalmSystem.platformBack' : 'unbound' } }
}

const TVS = [
  { name: 'Samsung Tizen', back: 10009, userAgent: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36', device: 'Samsung TV', api: tizenApi, left: 'tizen.exit' },
  { name: 'LG webOS', back: 461, userAgent: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager', device: 'LG TV', api: webOsApi, left: 'PalmSystem.platformBack' },
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

    test('a linked TV starts on Ready; Back there offers to exit, and Exit leaves the app', async ({ tv, world, page }) => {
      await page.addInitScript(tvKind.api)
      await tv.open()
      expect(await world.sim.link(await tv.waitForCode(), 'single')).toBe(204)
      await tv.waitForText('LAN')
      await tv.waitForNoText('Testing connections', 20_000)
      await tv.keys('ArrowUp', 'ArrowUp', 'ArrowDown', 'Enter')
      await tv.waitForText('Change server')
      await page.reload() // the next start lands on Ready: it is the first screen now
      await tv.waitForText('Change server')
      await remoteKey(page, tvKind.back)
      await tv.waitForText('Exit PlexLink TV')
      expect(await page.evaluate(() => (window as unknown as { appLeft?: string }).appLeft)).toBeUndefined()
      await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'Enter') // Diagnostics, Device name, Language, Sign out, Exit
      await expect.poll(() => page.evaluate(() => (window as unknown as { appLeft?: string }).appLeft)).toBe(tvKind.left)
    })
  })
}
