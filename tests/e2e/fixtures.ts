/**
 * Playwright fixtures: each worker runs its own plex.tv simulator and app server (so workers never
 * share plex.tv state); each test starts from a reset simulator and a fresh browser profile. The
 * simulator serves plex.tv and clients.plex.tv on two origins and its https servers under plex.direct
 * names; the worker's Chromium is launched able to reach them (tests/support/chromium.ts).
 * `tv` is the TV page, read through Lightning's inspector (DOM mirror of the render tree).
 */
import { test as base, expect, type Page } from '@playwright/test'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { startSimulator } from '../../sim/index.js'
import { startAppServer } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { plexDirectArgs } from '../support/chromium.js'

type Simulator = Awaited<ReturnType<typeof startSimulator>>

export interface World {
  sim: Simulator
  appUrl: string
}

export class Tv {
  constructor(readonly page: Page, readonly url: string) {}

  async open(): Promise<void> {
    await this.page.goto(this.url)
  }

  /** The link code as drawn, one cell per character ('' while none is shown). */
  async code(): Promise<string> {
    return this.page.$$eval('[ref="Code"] [ref="Char"]', (els) => els.map((e) => e.getAttribute('texture-text') ?? '').join(''))
  }

  /** Waits for a 4-character code on screen and returns it. */
  async waitForCode(notEqual?: string): Promise<string> {
    let code = ''
    await expect
      .poll(async () => {
        code = await this.code()
        return /^[A-Z0-9]{4}$/.test(code) && code !== notEqual
      }, { timeout: 15_000 })
      .toBe(true)
    return code
  }

  /** Every text on screen, in tree order (hidden ones left out: the inspector mirrors them as display: none). */
  async texts(): Promise<string[]> {
    return this.page.$$eval('[texture-text]', (els) => els.filter((e) => e.checkVisibility()).map((e) => e.getAttribute('texture-text') ?? ''))
  }

  /** Waits until some text on screen contains `fragment`. */
  async waitForText(fragment: string | RegExp, timeout = 15_000): Promise<void> {
    await expect
      .poll(async () => (await this.texts()).some((t) => (typeof fragment === 'string' ? t.includes(fragment) : fragment.test(t))), { timeout })
      .toBe(true)
  }

  /** Waits until no text on screen contains `fragment` (it was hidden or replaced). */
  async waitForNoText(fragment: string, timeout = 15_000): Promise<void> {
    await expect.poll(async () => (await this.texts()).some((t) => t.includes(fragment)), { timeout }).toBe(false)
  }

  /** Presses each key in turn, like a thumb on a remote (digits as '1234'). */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key)
  }

  /** Decodes the QR code from a screenshot of its box, as a phone camera would; null when unreadable. */
  async decodeQr(): Promise<string | null> {
    const box = await this.page.locator('[ref="Qr"]').boundingBox()
    if (!box) return null
    const png = PNG.sync.read(await this.page.screenshot({ clip: box }))
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
  }

  /** Decodes a QR code anywhere on the screen (the inspector's boxes ignore right-to-left mirroring). */
  async decodeQrOnScreen(): Promise<{ data: string; x: number } | null> {
    const png = PNG.sync.read(await this.page.screenshot())
    const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    return found ? { data: found.data, x: found.location.topLeftCorner.x / png.width } : null
  }

  /**
   * Where Lightning drew the elements matching `selector`: x in stage pixels (1920 wide), from the render
   * tree itself — the inspector's DOM boxes do not follow right-to-left mirroring.
   */
  async drawnX(selector: string): Promise<number[]> {
    return this.page.$$eval(selector, (els) => els.map((e) => (e as unknown as { element: { core: { renderContext: { px: number } } } }).element.core.renderContext.px))
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key)
  }
}

export const test = base.extend<{ tv: Tv }, { world: World }>({
  world: [
    async ({}, use) => {
      // https connections under plex.direct names (sim/tls.ts), plex.tv and clients.plex.tv on two origins
      const sim = await startSimulator({ port: 0, tls: true })
      const app = await startAppServer({ root: 'build', settings: simulatorSettings(sim, { inspector: true }) })
      await use({ sim, appUrl: app.url })
      await app.close()
      await sim.close()
    },
    { scope: 'worker' },
  ],
  // the worker's Chromium resolves the simulator's plex.direct names and accepts its CA (tests only)
  launchOptions: [
    async ({ launchOptions, world }, use) => {
      await use({ ...launchOptions, args: [...(launchOptions.args ?? []), ...plexDirectArgs(world.sim.tls)] })
    },
    { scope: 'worker' },
  ],
  tv: async ({ page, world }, use, testInfo) => {
    await world.sim.reset()
    const tv = new Tv(page, world.appUrl)
    await use(tv)
    if (testInfo.status !== testInfo.expectedStatus) {
      // what was on the TV when it failed: the texts and a picture, next to the error
      await page.screenshot({ path: testInfo.outputPath('screen.png') }).catch(() => undefined)
      const texts = await tv.texts().catch(() => [] as string[])
      await testInfo.attach('screen-texts', { body: texts.join('\n'), contentType: 'text/plain' })
    }
  },
})

export { expect }

/**
 * The app's settings.json with `auth` set, as a TV configured that way would read it. Read with Node's
 * fetch, not `route.fetch()`: Playwright's client re-used a kept-alive socket the app server was closing
 * (Node closes idle ones after 5 s), and the reload's settings.json failed with ECONNRESET once in a full
 * run. Node's fetch (undici) closes an idle socket ahead of the server's `Keep-Alive: timeout=5` hint, with
 * a margin (its keepAliveTimeoutThreshold), so it never writes on one the server is closing.
 */
export async function useAuthSetting(page: Page, auth: 'jwt' | 'legacy' | 'auto'): Promise<void> {
  await page.unroute('**/settings.json')
  await page.route('**/settings.json', async (route) => {
    const res = await fetch(route.request().url())
    const json = (await res.json()) as { appSettings: { plex: Record<string, unknown> } }
    json.appSettings.plex.auth = auth
    await route.fulfill({ status: res.status, json })
  })
}

