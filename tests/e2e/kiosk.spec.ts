/**
 * The kiosk as a Pi runs it: the dist build served by kiosk/serve.py with the kiosk's 720p settings and a
 * device name from /etc/plexlink/device-name (here a scratch file), opened by Chromium with the kiosk
 * script's own flag list (kiosk/chromium-flags). It must show a code and say it as that device name.
 */
import { test, expect, chromium } from '@playwright/test'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { startSimulator } from '../../sim/index.js'
import { deepMerge } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { startKioskServer } from '../support/kioskServer.js'

test('the kiosk serves the app at 720p with its device name, and Chromium with the kiosk flags shows a code', async () => {
  const sim = await startSimulator({ port: 0 })
  const etc = mkdtempSync(join(tmpdir(), 'plexlink-etc-'))
  writeFileSync(join(etc, 'device-name'), 'Kitchen Pi\n')
  // the Pi's settings file: the kiosk's 720p stage, pointed at the simulator instead of plex.tv
  writeFileSync(join(etc, 'settings.json'), JSON.stringify(deepMerge(JSON.parse(readFileSync('kiosk/settings.json', 'utf8')) as Record<string, unknown>, simulatorSettings(sim))))
  const server = await startKioskServer('dist/es6', join(etc, 'settings.json'), join(etc, 'device-name'))
  const flags = readFileSync('kiosk/chromium-flags', 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'))
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, ...flags] })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const deviceNames: string[] = []
    page.on('request', (r) => {
      const name = r.headers()['x-plex-device-name']
      if (name) deviceNames.push(name)
    })
    await page.goto(server.url)
    const qr = async () => {
      const png = PNG.sync.read(await page.screenshot())
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
    }
    await expect.poll(qr, { timeout: 20_000 }).toMatch(/\?pin=[A-Z0-9]{4}$/)
    // drawn at 1280×720 (precision 2/3), not scaled down from 1080p
    expect(await page.evaluate(() => { const c = document.querySelector('canvas')!; return [c.width, c.height] })).toEqual([1280, 720])
    expect(deviceNames).toContain('Kitchen Pi')
  } finally {
    await browser.close()
    server.stop()
    await sim.close()
  }
})
