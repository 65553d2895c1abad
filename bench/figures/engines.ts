/**
 * Figure 7, engines: time to code and "server list settled" in WPE WebKit (RDK's engine; WPEWebDriver +
 * cog headless, WebGL on Mesa) next to Debian's Chromium, in the same run, the same way in both: dist/es6
 * with an 800×450 stage (cog's headless view is 800×600 and does not resize), read from outside through
 * the render tree every 50 ms with the page's own clock (performance.now(), ms since navigation start).
 * No CPU throttle: WPE has none. WebDriver screenshots are not taken while timing (they stall WPE's page).
 *
 *  - time to code: navigation start → the first look that finds the 4 code characters drawn;
 *  - server list settled: OK on Mia (no PIN) → the first look at a list with every seeded server in a final
 *    state (Old Laptop, offline, needs one 4 s probe timeout: that bounds it from below in every engine).
 */
import { startAppServer } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { DRAWN_TEXTS, codeIn, serverListSettled } from '../../tests/wpe/lightningScreen.js'
import { KEY, WpeSession } from '../../tests/wpe/webdriver.js'
import type { BenchEnv } from '../env.js'
import { sleep, stats, type Row } from '../lib.js'

const STAGE = { w: 800, h: 450, precision: 800 / 1920 }
const RUNS = 3

interface Driver {
  name: string
  go(url: string): Promise<void>
  /** Runs a function body in the page. */
  run<T>(body: string): Promise<T>
  press(key: 'Right' | 'Enter'): Promise<void>
  close(): Promise<void>
}

async function chromiumDriver(env: BenchEnv): Promise<Driver> {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 600 } })
  const page = await context.newPage()
  return {
    name: `Chromium ${env.browser.version()}`,
    go: async (url) => void (await page.goto(url)),
    run: (body) => page.evaluate(`(function () {${body}})()`),
    press: (key) => page.keyboard.press(key === 'Right' ? 'ArrowRight' : 'Enter'),
    close: () => context.close(),
  }
}

async function wpeDriver(): Promise<Driver> {
  const wpe = await WpeSession.start()
  return {
    name: 'WPE WebKit 2.38',
    go: (url) => wpe.navigate(url),
    run: (body) => wpe.run(body),
    press: (key) => wpe.keys(KEY[key]),
    close: () => wpe.close(),
  }
}

/** Looks every 50 ms until `done(texts)`; returns the page clock at that look. */
async function lookUntil(d: Driver, done: (texts: string[]) => boolean, timeoutMs: number): Promise<{ at: number; texts: string[] }> {
  const start = Date.now()
  for (;;) {
    const got = await d.run<{ at: number; texts: string[] }>(`var texts = (function () {${DRAWN_TEXTS}})(); return { at: performance.now(), texts: texts }`)
    if (done(got.texts)) return got
    if (Date.now() - start > timeoutMs) throw new Error(`bench engines: ${d.name} timed out; on screen: ${got.texts.join(' | ')}`)
    await sleep(50)
  }
}

async function once(env: BenchEnv, url: string, open: () => Promise<Driver>): Promise<{ name: string; codeMs: number; settledMs: number }> {
  await env.sim.reset()
  const d = await open()
  try {
    await d.go(url)
    const code = await lookUntil(d, (t) => codeIn(t) !== '', 60_000)
    await env.sim.link(codeIn(code.texts), 'owner')
    await lookUntil(d, (t) => t.includes("Who's watching?") && t.includes('Mia'), 30_000)
    await sleep(1000) // the screen's transition ends
    await d.run<number>("window.__okAt = null; window.addEventListener('keydown', function (e) { if (e.key === 'Enter') window.__okAt = performance.now() }, true); return 1")
    await d.press('Right')
    await d.press('Enter')
    const settled = await lookUntil(d, serverListSettled, 60_000)
    const okAt = await d.run<number | null>('return window.__okAt')
    if (okAt === null) throw new Error(`bench engines: ${d.name} saw no OK key`)
    return { name: d.name, codeMs: code.at, settledMs: settled.at - okAt }
  } finally {
    await d.close()
  }
}

export async function engines(env: BenchEnv): Promise<Row[]> {
  const app = await startAppServer({ root: env.dist.app, settings: { ...simulatorSettings(env.sim), appSettings: { ...simulatorSettings(env.sim).appSettings, stage: STAGE } } })
  try {
    const results: Record<'chromium' | 'wpe', { name: string; codeMs: number; settledMs: number }[]> = { chromium: [], wpe: [] }
    // alternate the engines, so a busy moment of the machine does not fall on one of them only
    for (let i = 0; i < RUNS; i++) {
      results.chromium.push(await once(env, app.url, () => chromiumDriver(env)))
      results.wpe.push(await once(env, app.url, wpeDriver))
    }
    const rows: Row[] = []
    for (const key of ['chromium', 'wpe'] as const) {
      const name = results[key][0]!.name
      const code = stats(results[key].map((r) => r.codeMs))
      const settled = stats(results[key].map((r) => r.settledMs))
      rows.push({ figure: 'Engines', metric: `time to code, ${name} (800×450)`, throttle: 1, unit: 'ms', value: code.median, stats: code })
      rows.push({ figure: 'Engines', metric: `server list settled, ${name}`, throttle: 1, unit: 'ms', value: settled.median, stats: settled })
    }
    const ratio = stats(results.wpe.map((r) => r.settledMs)).median / stats(results.chromium.map((r) => r.settledMs)).median
    rows.push({
      figure: 'Engines',
      metric: 'server list settled, WPE ÷ Chromium',
      throttle: 1,
      unit: 'ratio',
      value: ratio,
      budget: { text: `≤ ${env.budgets.engines.maxSettledRatio}`, ok: ratio <= env.budgets.engines.maxSettledRatio },
    })
    return rows
  } finally {
    await app.close()
  }
}
