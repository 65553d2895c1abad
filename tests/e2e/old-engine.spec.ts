/**
 * Both shipped builds on an engine as old as their targets, as far as browser APIs go: before the page's
 * own scripts run, every API newer than the build's oldest target (scripts/targets.ts NEWER_APIS: Chromium
 * 63 for dist/es6, 38 for dist/es5) is deleted, then a person links, picks a user and a server and reaches
 * Ready. An unguarded call to one of them without a polyfill throws on the way (page errors fail the test).
 */
import { test, expect } from '@playwright/test'
import { startSimulator } from '../../sim/index.js'
import { startAppServer } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { NEWER_APIS, TARGET, type Flavour } from '../../scripts/targets.js'
import { DRAWN_TEXTS, codeIn, serverListSettled } from '../wpe/lightningScreen.js'

function removeApis(paths: string[][]): void {
  for (const path of paths) {
    let owner: unknown = self
    for (const key of path.slice(0, -1)) owner = owner === undefined || owner === null ? undefined : (owner as Record<string, unknown>)[key]
    const last = path[path.length - 1]!
    if (owner !== undefined && owner !== null) Reflect.deleteProperty(owner as object, last)
  }
}

for (const flavour of ['es6', 'es5'] as Flavour[]) {
  test(`dist/${flavour} works with every API newer than Chromium ${TARGET[flavour].chromium} removed`, async ({ page }) => {
    test.setTimeout(90_000)
    const sim = await startSimulator({ port: 0 })
    const app = await startAppServer({ root: `dist/${flavour}`, settings: simulatorSettings(sim) })
    try {
      const gone = NEWER_APIS.filter((a) => a.chromium > TARGET[flavour].chromium)
      await page.addInitScript(removeApis, gone.map((a) => a.path))
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      // (Playwright's own evaluate needs globalThis: without the app's polyfill it fails, and the page
      // error says why)
      const texts = (): Promise<string[]> => (page.evaluate(`(function () {${DRAWN_TEXTS}})()`) as Promise<string[]>).catch((): string[] => [])
      await page.goto(app.url)
      let code = ''
      await expect.poll(async () => (errors.length ? errors.join('; ') : (code = codeIn(await texts()))), { timeout: 30_000 }).toMatch(/^[A-Z0-9]{4}$/)
      // the removal took: the app runs on an engine without them (a polyfill may put some back)
      expect(await page.evaluate(() => typeof structuredClone)).toBe('undefined')
      expect(await sim.link(code, 'owner')).toBe(204)
      // the users drawn, not only the title (it is up while they load, and keys sent then are lost)
      await expect.poll(async () => (await texts()).includes("Who's watching?") && (await texts()).includes('Jordan'), { timeout: 15_000 }).toBe(true)
      await page.keyboard.press('ArrowRight') // Mia: no PIN
      await page.keyboard.press('Enter')
      await expect.poll(async () => serverListSettled(await texts()), { timeout: 20_000 }).toBe(true)
      await page.keyboard.press('Enter') // the first server: Living Room, reached on its LAN address
      await expect.poll(async () => (await texts()).includes('Ready'), { timeout: 15_000 }).toBe(true)
      await expect.poll(async () => (await texts()).includes('Movies'), { timeout: 15_000 }).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await app.close()
      await sim.close()
    }
  })
}
