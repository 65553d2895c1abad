/**
 * The shippable builds: `npm run dist` makes dist/es6 (minified, ES2017) and dist/es5 (minified, ES5, for old
 * TV browsers). Each is served as built — its inlined settings pointed at the simulator — and must show a
 * code: the QR on screen decodes to the link page with a 4-character code that plex.tv (the simulator)
 * handed out, and linking it moves the TV on. There is no inspector in a dist build: this reads pixels.
 */
import { test as base, expect } from '@playwright/test'
import { parse } from 'acorn'
import { readFileSync } from 'node:fs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { startSimulator } from '../../sim/index.js'
import { startAppServer } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'

const test = base

for (const flavour of ['es6', 'es5'] as const) {
  test(`dist/${flavour} loads in Chromium, shows a code, and a link moves it on`, async ({ page }) => {
    const sim = await startSimulator({ port: 0 })
    const app = await startAppServer({ root: `dist/${flavour}`, settings: simulatorSettings(sim) })
    try {
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(app.url)
      const qr = async () => {
        const png = PNG.sync.read(await page.screenshot())
        return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
      }
      await expect.poll(qr, { timeout: 20_000 }).toMatch(new RegExp(`^${sim.linkPageUrl.replace(/[.?]/g, '\\$&')}/\\?pin=[A-Z0-9]{4}$`))
      const code = (await qr())!.split('=').pop()!
      const pins = (await fetch(`${sim.controlUrl}/pins`).then((r) => r.json())) as { code: string }[]
      expect(pins.map((p) => p.code)).toContain(code)
      expect(await sim.link(code, 'owner')).toBe(204)
      // linked: the code screen goes away (the QR with it)
      await expect.poll(qr, { timeout: 10_000 }).toBeNull()
      expect((await sim.log()).some((e) => e.path === '/api/v2/home/users' && e.status === 200)).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await app.close()
      await sim.close()
    }
  })
}

const SHIPPED = [
  { flavour: 'es6', file: 'dist/es6/js/appBundle.js', ecmaVersion: 2017 },
  { flavour: 'es5', file: 'dist/es5/js/appBundle.es5.js', ecmaVersion: 5 },
] as const

for (const { flavour, file, ecmaVersion } of SHIPPED) {
  test(`dist/${flavour} ships its app bundle minified, in ES${ecmaVersion} syntax, with Babel's helpers once`, () => {
    const bundle = readFileSync(file, 'utf8')
    expect(() => parse(bundle, { ecmaVersion, sourceType: 'script' })).not.toThrow()
    // minified: a handful of long lines, not the thousands of an unminified bundle
    expect(bundle.split('\n').length).toBeLessThan(50)
    // Babel's helpers are imported from @babel/runtime (babel.config.cjs), not inlined in every module:
    // the ES5 bundle once carried 77 copies of classCallCheck and 27 of the regenerator runtime
    for (const helperText of ['Cannot call a class as a function', 'Generator is already running']) {
      expect(bundle.split(helperText).length - 1, helperText).toBeLessThanOrEqual(1)
    }
  })
}
