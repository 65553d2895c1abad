/** What a figure runs against: one Chromium, the simulator, the built app and the floor app, the budgets. */
import type { Browser, Page } from 'playwright-core'
import type { RunningSimulator } from '../sim/index.js'
import { openPage, waitFor, type BenchPage, type ProbeReadings } from './lib.js'
import budgets from './budgets.json' with { type: 'json' }

export type Budgets = typeof budgets

export interface BenchEnv {
  browser: Browser
  sim: RunningSimulator
  /** dist/es6 as shipped, its inlined settings pointed at the simulator. */
  appUrl: string
  /** dist/es5, likewise. */
  es5Url: string
  /** The floor app (bench/floor/text.ts), built the same way. */
  floorUrl: string
  /** The job floor (bench/floor/job.ts): POSTs a pin and draws its code and QR, in the app's fonts. */
  jobFloorUrl: string
  dist: { app: string; appEs5: string; floorLibs: string }
  budgets: Budgets
}

/** A cold start of the app: fresh profile, throttled, loaded, until its first code is drawn. */
export async function appWithCode(env: BenchEnv, throttle: number, url = env.appUrl): Promise<BenchPage & { code: ProbeReadings }> {
  const bench = await openPage(env.browser, throttle)
  await bench.page.goto(url)
  const code = await waitFor(bench.page, (r) => r.codeDrawnAt !== null, 60_000)
  return { ...bench, code }
}

/** Presses `key` `times` times, `everyMs` apart: a key held down on a remote, repeating. */
export async function holdKey(page: Page, key: string, times: number, everyMs: number): Promise<void> {
  const start = Date.now()
  for (let i = 0; i < times; i++) {
    await page.keyboard.down(key)
    const next = start + (i + 1) * everyMs
    const wait = next - Date.now()
    if (wait > 0) await new Promise((done) => setTimeout(done, wait))
  }
  await page.keyboard.up(key)
}
