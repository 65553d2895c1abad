/**
 * Screenshots in WPE WebKit (RDK's engine) of the link screen, Who's watching (and while it loads), the
 * server lists and Ready, against the simulator: `npx tsx scripts/wpeScreenshots.ts [build|dist/es6] [out]`
 * → out/*.png, for a person to look at (`ONLY=users,ready` for some of them). Each screen gets a fresh cog
 * (WPE 2.38's WebDriver screenshot of a headless view stops following the WebGL canvas after some screen
 * changes) and is saved twice: as WebDriver saw the view (`-webdriver`) and as WebGL drew the canvas
 * (`-gl`, read back with gl.readPixels). The view is 800×600, so the app is served with an 800×450 stage
 * (tests/wpe).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { PNG } from 'pngjs'
import { startSimulator } from '../sim/index.js'
import { startAppServer } from './appServer.js'
import { simulatorSettings } from './simulatorSettings.js'
import { DRAWN_TEXTS, GL_PIXELS, codeIn, pixelsFrom, serverListSettled } from '../tests/wpe/lightningScreen.js'
import { KEY, WpeSession } from '../tests/wpe/webdriver.js'

const root = process.argv[2] ?? 'build'
const out = process.argv[3] ?? '.tmp/wpe-screens'
mkdirSync(out, { recursive: true })
const sim = await startSimulator({ port: 0 })
const settings = simulatorSettings(sim)
const app = await startAppServer({ root, settings: { ...settings, appSettings: { ...settings.appSettings, stage: { w: 800, h: 450, precision: 800 / 1920 } } } })

async function until(wpe: WpeSession, what: string, ok: (texts: string[]) => boolean): Promise<string[]> {
  const start = Date.now()
  for (;;) {
    const texts = await wpe.run<string[]>(DRAWN_TEXTS)
    if (ok(texts)) return texts
    if (Date.now() - start > 30_000) throw new Error(`WPE: no ${what}; on screen: ${JSON.stringify(texts)}`)
    await new Promise((done) => setTimeout(done, 200))
  }
}

/** The code on screen, linked as the owner (what a phone at the /link page does). */
async function linkCode(wpe: WpeSession): Promise<void> {
  await sim.link(codeIn(await until(wpe, 'link code', (t) => codeIn(t) !== '')), 'owner')
}

async function linked(wpe: WpeSession): Promise<void> {
  await linkCode(wpe)
  await until(wpe, "Who's watching", (t) => t.includes("Who's watching?") && t.includes('Robin'))
}

const screens: { name: string; reach: (wpe: WpeSession) => Promise<void> }[] = [
  { name: 'link', reach: async (wpe) => void (await until(wpe, 'link code', (t) => codeIn(t) !== '')) },
  { name: 'users', reach: linked },
  {
    // plex.tv slow with the Home users: the loading screen, which offers Back only
    name: 'users-loading',
    reach: async (wpe) => {
      await sim.addFault({ path: '/api/v2/home/users', exact: true, kind: 'hang', durationMs: 60_000 })
      await linkCode(wpe)
      await until(wpe, 'Loading your Plex Home', (t) => t.includes('Loading your Plex Home…'))
    },
  },
  {
    // the owner: the local server's claim row on top, focus on the first server
    name: 'servers-owner',
    reach: async (wpe) => {
      await linked(wpe)
      await wpe.keys(KEY.Enter, '1', '2', '3', '4') // Alex, protected
      await until(wpe, 'a settled server list with the claim row', (t) => serverListSettled(t) && t.some((x) => x.startsWith('Claim this server')))
    },
  },
  {
    // 40 servers scrolled past the first screenful: the rows in view were taken over from rows that scrolled out
    name: 'servers-40-scrolled',
    reach: async (wpe) => {
      await sim.setWorld({ servers: 40 })
      await linked(wpe)
      await wpe.keys(KEY.Right, KEY.Enter) // Mia: no PIN
      // every row in view answered (the crowd's offline servers sort last, out of view)
      await until(wpe, 'a tested server list', (t) => t.includes('1 of 40') && t.some((x) => x.endsWith(' ms')) && !t.some((x) => /Testing connections/.test(x)))
      await wpe.keys(...Array.from({ length: 12 }, () => KEY.Down))
      await until(wpe, 'the list scrolled to the 13th server', (t) => t.includes('13 of 40'))
    },
  },
  {
    name: 'ready',
    reach: async (wpe) => {
      await linked(wpe)
      await wpe.keys(KEY.Right, KEY.Enter) // Mia: no PIN
      await until(wpe, 'a settled server list', serverListSettled)
      // focus follows the server on top at the first draw: go to the top first
      await wpe.keys(KEY.Up, KEY.Up, KEY.Up, KEY.Up, KEY.Down, KEY.Down, KEY.Enter) // Basement 4K · Cabin · Living Room
      await until(wpe, 'Ready with libraries', (t) => t.includes('Ready') && t.includes('Movies'))
    },
  },
]

// ONLY=users,ready: just those screens
const only = process.env.ONLY?.split(',')
for (const screen of screens.filter((s) => only === undefined || only.includes(s.name))) {
  await sim.reset()
  const wpe = await WpeSession.start()
  try {
    await wpe.navigate(app.url)
    await screen.reach(wpe)
    await new Promise((done) => setTimeout(done, 1500)) // pictures and fades
    const view = await wpe.screenshot()
    writeFileSync(`${out}/${screen.name}-webdriver.png`, PNG.sync.write(view))
    const grab = await wpe.run<{ width: number; height: number; rgba: string } | null>(GL_PIXELS)
    if (grab) {
      const gl = pixelsFrom(grab)
      const png = new PNG({ width: gl.width, height: gl.height })
      png.data.set(gl.data)
      writeFileSync(`${out}/${screen.name}-gl.png`, PNG.sync.write(png))
    }
    console.log(`${screen.name}: ${out}/${screen.name}-webdriver.png, -gl.png`)
  } finally {
    await wpe.close()
  }
}
await app.close()
await sim.close()
