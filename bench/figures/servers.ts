/**
 * Figure: 500 servers (issue 15 item 5). The owner's list grown to 500 servers by the simulator (each its
 * own fake PMS on its own loopback address; every seventh offline, every ninth relay-only), the app linked
 * and a Home user chosen:
 *  - settled: the server list's first frame → the frame where "Testing connections to N of M servers…"
 *    is gone, i.e. every race has settled; then the rows in view (reachable ones sort first) must all show
 *    a connection, none "Not answering on any of its addresses";
 *  - key → frame and fps while Down is held through all 500 rows and back up part of the way.
 * No floor: reported, not judged (budgets.json has no 500-server budget yet).
 */
import type { Page } from 'playwright-core'
import { appWithCode, holdKey, type BenchEnv } from '../env.js'
import { sleep, stats, waitFor, type Row } from '../lib.js'
import { record } from './focus.js'

export const SERVER_CROWD = 500

/** The texts drawn on the current screen, and the page's clock (ms since navigation) when read. */
async function textsNow(page: Page): Promise<{ texts: string[]; at: number }> {
  return page.evaluate(() => ({ texts: (window as unknown as { __bench: { texts(): string[] } }).__bench.texts(), at: performance.now() }))
}

export async function manyServers(env: BenchEnv, throttle: number): Promise<Row[]> {
  await env.sim.reset()
  await env.sim.setWorld({ homeUsers: null, servers: SERVER_CROWD })
  const tv = await appWithCode(env, throttle)
  try {
    const { page } = tv
    await env.sim.link(tv.code.codes.at(-1)!, 'owner')
    await waitFor(page, (r) => r.screens.at(-1)?.name === 'UserPickerScreen', 60_000)
    // Mia (second tile) has no PIN: on to the servers, every connection raced. At 6× the grid is up a
    // while before its users are: a key pressed before they are drawn is lost
    const usersBy = Date.now() + 60_000
    while (!(await textsNow(page)).texts.includes('Mia') && Date.now() < usersBy) await sleep(100)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    const shown = await waitFor(page, (r) => r.screens.at(-1)?.name === 'ServerListScreen', 60_000)
    const listAt = shown.screens.at(-1)!.at
    // the list first says "Asking plex.tv for your servers…" (no rows yet): settled is when rows are drawn
    // and neither that nor any "Testing connections…" is, on two looks in a row (a text being redrawn is
    // briefly not drawn)
    const busy = (texts: string[]) => texts.length === 0 || texts.some((t) => t.startsWith('Testing connections') || t.startsWith('Asking plex.tv'))
    let now = await textsNow(page)
    let calm: number | null = null
    const end = Date.now() + 120_000
    while (Date.now() < end) {
      if (!busy(now.texts) && now.texts.some((t) => t === 'LAN' || t === 'Remote' || t === 'Relay' || t.endsWith(' ms'))) {
        if (calm !== null) break
        calm = now.at
      } else calm = null
      await sleep(100)
      now = await textsNow(page)
    }
    const settled = calm === null || busy(now.texts) ? Number.NaN : calm - listAt
    const notAnswering = now.texts.filter((t) => t === 'Not answering on any of its addresses').length
    await record(page, true)
    await holdKey(page, 'ArrowDown', SERVER_CROWD + 5, env.budgets.focus.keyRepeatMs)
    await holdKey(page, 'ArrowUp', 60, env.budgets.focus.keyRepeatMs)
    await sleep(300)
    const scroll = await record(page, false)
    const keys = stats(scroll.keyLatencies)
    const fps = stats(scroll.frames.filter((ms) => ms > 0).map((ms) => 1000 / ms))
    const judged = throttle === env.budgets.focus.judgedAtThrottle
    return [
      { figure: '500 servers', metric: 'list shown → every race settled', throttle, unit: 'ms', value: settled },
      {
        figure: '500 servers',
        metric: 'rows in view (reachable first) saying "Not answering" when settled',
        throttle,
        unit: 'count',
        value: notAnswering,
        budget: { text: '0', ok: notAnswering === 0 && !Number.isNaN(settled) },
      },
      { figure: '500 servers', metric: 'scrolling: fps (median)', throttle, unit: 'fps', value: fps.median, stats: fps },
      {
        figure: '500 servers',
        metric: `scrolling: key → frame (${keys.n} keys)`,
        throttle,
        unit: 'ms',
        value: keys.p95,
        stats: keys,
        budget: judged ? { text: `p95 ≤ ${env.budgets.focus.maxKeyToFrameP95Ms} ms`, ok: keys.p95 <= env.budgets.focus.maxKeyToFrameP95Ms } : undefined,
      },
    ]
  } finally {
    await tv.close()
  }
}
