/**
 * Takes Chromium screenshots of a page at 1920×1080 and 1280×720, for a person to look at.
 * Usage: tsx scripts/screenshot.ts URL OUT_PREFIX [waitForText]
 */
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.js'

const [url, prefix = '.tmp/shot', waitFor] = process.argv.slice(2)
if (!url) throw new Error('usage: screenshot URL PREFIX [text]')
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
for (const [w, h] of [[1920, 1080], [1280, 720]] as const) {
  const page = await browser.newPage({ viewport: { width: w, height: h } })
  await page.goto(url)
  if (waitFor) await page.waitForSelector(`[texture-text*="${waitFor}"]`, { state: 'attached', timeout: 15000 })
  else await page.waitForTimeout(2500)
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${prefix}-${h}p.png` })
  await page.close()
}
await browser.close()
