/**
 * The TV packages' start page in a browser: it opens the build the engine can parse — dist/es6 where
 * ES2017 parses, dist/es5 where it does not — and an engine too old for both gets a plain message, never
 * a blank screen. The packages are made by `npm run package`'s own code; only the builds' inlined settings
 * are pointed at the simulator. An engine without ES2017 is played by a start page whose probe does not
 * parse (that is all such an engine sees of it); one too old for both also lacks typed arrays.
 */
import { test, expect, type Page } from '@playwright/test'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../../sim/index.js'
import { startAppServer, withInlineSettings } from '../../scripts/appServer.js'
import { TOO_OLD } from '../../scripts/loader.js'
import { buildPackages } from '../../scripts/package.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { DRAWN_TEXTS, codeIn } from '../wpe/lightningScreen.js'

test.describe.configure({ mode: 'serial' })

let out = ''
let sim: Awaited<ReturnType<typeof startSimulator>>
let app: Awaited<ReturnType<typeof startAppServer>>

test.beforeAll(async () => {
  test.setTimeout(180_000)
  out = mkdtempSync(join(tmpdir(), 'plexlink-packages-'))
  const { webos } = buildPackages({ out })
  sim = await startSimulator({ port: 0 })
  for (const flavour of ['es6', 'es5']) {
    const page = join(webos, flavour, 'index.html')
    writeFileSync(page, withInlineSettings(readFileSync(page, 'utf8'), simulatorSettings(sim)))
  }
  app = await startAppServer({ root: webos })
})

test.afterAll(async () => {
  await app?.close()
  await sim?.close()
  rmSync(out, { recursive: true, force: true })
})

/** Serves the start page with its ES2017 probe made unparseable, as an engine without ES2017 sees it. */
async function withoutEs2017(page: Page): Promise<void> {
  await page.route((url) => url.href === app.url || url.href === `${app.url}index.html`, async (route) => {
    const res = await route.fetch()
    const html = (await res.text()).replace('class PlexLinkProbe', 'class PlexLinkProbe extends extends')
    await route.fulfill({ response: res, body: html })
  })
}

async function codeOnScreen(page: Page): Promise<string> {
  let code = ''
  await expect.poll(async () => (code = codeIn((await page.evaluate(`(function () {${DRAWN_TEXTS}})()`)) as string[])), { timeout: 30_000 }).toMatch(/^[A-Z0-9]{4}$/)
  return code
}

test('an ES2017 engine is sent to es6/ and shows a code', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(app.url)
  await expect(page).toHaveURL(/\/es6\/index\.html$/)
  await codeOnScreen(page)
  expect(errors).toEqual([])
})

test('an engine that cannot parse ES2017 is sent to es5/ and shows a code', async ({ page }) => {
  await withoutEs2017(page)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(app.url)
  await expect(page).toHaveURL(/\/es5\/index\.html$/)
  await codeOnScreen(page)
  // the one error: the start page's probe, which such an engine cannot parse
  expect(errors.filter((e) => !/Unexpected token|extends/.test(e))).toEqual([])
})

test("an engine too old for both builds is told so in plain HTML", async ({ page }) => {
  await withoutEs2017(page)
  await page.addInitScript(() => {
    Reflect.deleteProperty(self, 'Float32Array')
  })
  await page.goto(app.url)
  await expect(page.getByText(TOO_OLD)).toBeVisible()
  expect(page.url()).toBe(app.url)
})
