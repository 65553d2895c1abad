/**
 * The kiosk avoids a shared server's CORS refusal: its local server (kiosk/serve.py) proxies Plex Media
 * Server calls on the app's own origin (kiosk/settings.json sets pmsProxyUrl), so a server that lets only
 * https://app.plex.tv read its token calls is still usable from the kiosk. The dist build as the Pi serves
 * it, in Chromium with the kiosk's own flags.
 */
import { test, expect, chromium } from '@playwright/test'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../../sim/index.js'
import { deepMerge } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { startKioskServer } from '../support/kioskServer.js'

test("through the kiosk's proxy, a shared server that admits only app.plex.tv is reachable, and no server is called cross-origin", async () => {
  const sim = await startSimulator({ port: 0 })
  for (const endpoint of ['grandma-remote', 'grandma-relay']) await sim.configureConnection(endpoint, { cors: 'appPlexTvForGuests' })
  const etc = mkdtempSync(join(tmpdir(), 'plexlink-etc-'))
  writeFileSync(join(etc, 'device-name'), 'Kitchen Pi\n')
  writeFileSync(join(etc, 'settings.json'), JSON.stringify(deepMerge(JSON.parse(readFileSync('kiosk/settings.json', 'utf8')) as Record<string, unknown>, simulatorSettings(sim, { inspector: false }))))
  const server = await startKioskServer('dist/es6', join(etc, 'settings.json'), join(etc, 'device-name'))
  const flags = readFileSync('kiosk/chromium-flags', 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'))
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, ...flags] })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const pmsHosts = new Set(sim.pms().map((p) => new URL(p.uri).host))
    const direct: string[] = []
    const proxied: string[] = []
    page.on('request', (r) => {
      const url = new URL(r.url())
      if (pmsHosts.has(url.host)) direct.push(r.url())
      if (url.pathname.startsWith('/pms-proxy/')) proxied.push(decodeURIComponent(url.pathname.slice('/pms-proxy/'.length)))
    })
    await page.goto(server.url)
    const answered: { target: string; status: number }[] = []
    page.on('response', (r) => {
      const url = new URL(r.url())
      if (url.pathname.startsWith('/pms-proxy/')) answered.push({ target: decodeURIComponent(url.pathname.slice('/pms-proxy/'.length)), status: r.status() })
    })
    // the code (read from plex.tv's side: dist has no inspector), linked as the owner; Mia (managed, no PIN) → the servers
    await expect.poll(async () => (await sim.log()).some((e) => e.path === '/api/v2/pins' && e.status === 201), { timeout: 20_000 }).toBe(true)
    const pins = (await (await fetch(`${sim.controlUrl}/pins`)).json()) as { code: string }[]
    expect(await sim.link(pins[0]!.code, 'owner')).toBe(204)
    // the users' tiles are drawn once their pictures are asked for (the Home users' answer alone may not have reached the app)
    await expect.poll(async () => (await sim.log()).some((e) => /^\/users\/[0-9a-f]+\/avatar$/.test(e.path)), { timeout: 20_000 }).toBe(true)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await sim.log()).some((e) => e.path === '/api/v2/resources' && e.status === 200), { timeout: 20_000 }).toBe(true)
    const grandma = sim.pms().filter((p) => p.name.startsWith('grandma-')).map((p) => p.uri)
    // Grandma's token call (GET / with her server's token) went through the proxy and was read: 200
    await expect.poll(() => answered.filter((a) => grandma.some((g) => a.target === `${g}/`)).map((a) => a.status), { timeout: 20_000 }).toContain(200)
    expect(proxied.length).toBeGreaterThan(0)
    expect(direct).toEqual([])
  } finally {
    await browser.close()
    server.stop()
    await sim.close()
  }
})
