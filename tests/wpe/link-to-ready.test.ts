/**
 * The shipped dist/es6 build in WPE WebKit 2.38 — the engine of RDK set-top boxes — through WPEWebDriver,
 * against the simulator: a person links, picks a protected user, types the PIN, picks a server, reaches
 * Ready and opens the menu with Back. The screen is read from the engine's own pixels: the QR code is
 * decoded from the screenshot, and every text the test relies on must have ink at its place in the
 * pixels WebGL drew (Lightning's render tree says what and where; the pixels say it was drawn).
 *
 * cog's headless view is 800×600 and does not resize, so the app is served with an 800×450 stage at
 * precision 800/1920 (the same layout, scaled), as a TV build for a small panel would be.
 */
import jsQR from 'jsqr'
import { mkdirSync, writeFileSync } from 'node:fs'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../sim/index.js'
import { startAppServer, type RunningAppServer } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { DRAWN_BOXES, GL_PIXELS, changedIn, codeIn, inkIn, pixelsFrom, serverListSettled, type DrawnBox } from './lightningScreen.js'
import { KEY, WpeSession } from './webdriver.js'

type Simulator = Awaited<ReturnType<typeof startSimulator>>

export const WPE_STAGE = { w: 800, h: 450, precision: 800 / 1920 }

let sim: Simulator
let app: RunningAppServer
let wpe: WpeSession

const drawn = (): Promise<DrawnBox[]> => wpe.run<DrawnBox[]>(DRAWN_BOXES)
const texts = async (): Promise<string[]> => (await drawn()).map((b) => b.text)
/** The canvas as WebGL drew it (see GL_PIXELS: the WebDriver screenshot can lag behind it in WPE 2.38). */
const pixels = async () => {
  const grab = await wpe.run<{ width: number; height: number; rgba: string } | null>(GL_PIXELS)
  if (!grab) throw new Error('WPE: the app is not drawing with WebGL')
  return pixelsFrom(grab)
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const start = Date.now()
  let last: T = await read()
  while (!ok(last)) {
    if (Date.now() - start > timeoutMs) throw new Error(`WPE: no ${what} within ${timeoutMs} ms; on screen: ${JSON.stringify(last)}`)
    await new Promise((done) => setTimeout(done, everyMs))
    last = await read()
  }
  return last
}

/**
 * Waits until each text is in the render tree, at least half opaque, and the canvas has ink where it is (a
 * screen fading in has none).
 */
async function seen(...wanted: string[]): Promise<void> {
  await until(wanted.join(', '), texts, (t) => wanted.every((w) => t.includes(w)))
  const inked = async () => {
    const boxes = await drawn()
    const png = await pixels()
    // the best of the boxes with that text: the same words may also be on a dimmed screen behind a dialog;
    // greyed rows (an offline server) are drawn at half alpha
    return wanted.map((w) => ({ text: w, ink: Math.max(0, ...boxes.filter((b) => b.text === w && b.alpha > 0.4).map((b) => Math.round(inkIn(png, b) * 100) / 100)) }))
  }
  try {
    // a grab of the canvas costs the page some time: look every 300 ms, not more often
    await until(`ink of ${wanted.join(', ')}`, inked, (all) => all.every((t) => t.ink > 0.02), 20_000, 300)
  } catch (e) {
    const png = await pixels()
    const out = new PNG({ width: png.width, height: png.height })
    out.data.set(png.data)
    mkdirSync('.tmp', { recursive: true })
    writeFileSync('.tmp/wpe-failed.png', PNG.sync.write(out))
    throw e
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
  const settings = simulatorSettings(sim)
  app = await startAppServer({ root: 'dist/es6', settings: { ...settings, appSettings: { ...settings.appSettings, stage: WPE_STAGE } } })
  wpe = await WpeSession.start()
})

afterAll(async () => {
  await wpe?.close()
  await app?.close()
  await sim?.close()
})

describe('dist/es6 in WPE WebKit (WPEWebDriver, cog headless)', () => {
  let code = ''

  it('draws a code with WebGL; the QR read from the screenshot is the link page with that code', async () => {
    await wpe.navigate(app.url)
    code = codeIn(await until('link code', texts, (t) => codeIn(t) !== ''))
    expect(await wpe.run<string>("return (0, eval)('app').stage.gl ? 'WebGL' : 'Canvas2D'")).toBe('WebGL')
    const qr = await until('readable QR code', async () => {
      const png = await wpe.screenshot()
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
    }, (d) => d !== null)
    expect(qr).toBe(`${sim.linkPageUrl}/?pin=${code}`)
    const pins = (await fetch(`${sim.controlUrl}/pins`).then((r) => r.json())) as { code: string }[]
    expect(pins.map((p) => p.code)).toContain(code)
    await seen('Link this TV to your Plex account', ...code.split(''))
  })

  it("a link on the phone moves the TV on to Who's watching, with the Home's users", async () => {
    expect(await sim.link(code, 'owner')).toBe(204)
    await seen("Who's watching?", 'Alex', 'Mia', 'Jordan', 'Robin')
  })

  it('a protected user gets the PIN pad: its digits are drawn, number keys fill the places, the right PIN goes on', async () => {
    await wpe.keys(KEY.Enter) // Alex, the first tile: protected
    await seen('Enter the PIN for Alex', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0')
    const [slots] = await wpe.run<DrawnBox[]>(DRAWN_BOXES, 'Slots')
    expect(slots).toBeDefined()
    const before = await pixels()
    await wpe.keys('1', '2', '3')
    // three of four places turn from rings into filled dots: the places change on screen
    await until('filled PIN places', async () => changedIn(before, await pixels(), slots!), (share) => share > 0.05)
    await wpe.keys('4')
    await seen('Choose a server')
  })

  it('the server list settles: every seeded server says how it is reached, or why not', async () => {
    await until('a settled server list', texts, serverListSettled)
    // (Old Laptop, offline, is the last row: below the fold of the 800×450 view)
    await seen('Living Room', 'Basement 4K', "Grandma's Plex", 'Cabin', 'Relay only — video quality is limited')
    const all = await texts()
    expect(all).toContain('Old Laptop')
    expect(all.some((t) => /^Offline/.test(t))).toBe(true)
    expect(all.filter((t) => /^\d+ ms$/.test(t)).length).toBeGreaterThanOrEqual(4)
  })

  it('OK on the first server reaches Ready with its libraries', async () => {
    await wpe.keys(KEY.Enter)
    await seen('Ready', 'Watching as', 'Alex', 'Movies', 'TV Shows')
  })

  it('Back opens the menu', async () => {
    await wpe.keys(KEY.Backspace)
    await seen('Menu', 'Sign out', 'Close')
  })
})
