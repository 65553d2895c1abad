/**
 * Figure 2, link detection: the simulator's link call (what plex.tv/link does when a person submits the
 * code) → the end of the TV's first frame of the next screen, over many links at random moments of the
 * poll cycle. Also the poll rate while waiting, and the requests sent while the page is hidden.
 *
 * Floor: polling at r requests a second finds a link on average 1/(2r) after it happens, plus one round
 * trip to learn of it.
 */
import { appWithCode, type BenchEnv } from '../env.js'
import { sleep, stats, timeOrigin, waitFor, type Row } from '../lib.js'

const POLL = /^\/api\/v2\/pins\/\d+$/

export async function linkDetection(env: BenchEnv, throttle: number): Promise<Row[]> {
  const budget = env.budgets.linkDetection
  const latencies: number[] = []
  const roundTrips: number[] = []
  for (let i = 0; i < budget.links; i++) {
    await env.sim.reset()
    const tv = await appWithCode(env, throttle)
    try {
      const origin = await timeOrigin(tv.page)
      const code = tv.code.codes.at(-1)!
      await sleep(Math.random() * 2000) // a random moment of the poll cycle
      const linkedAt = Date.now()
      const status = await env.sim.link(code, 'owner')
      if (status !== 204) throw new Error(`bench: linking ${code} answered ${status}`)
      const seen = await waitFor(tv.page, (r) => r.screens.some((s) => s.name !== 'LinkCodeScreen' && origin + s.at > linkedAt), 30_000)
      const next = seen.screens.find((s) => s.name !== 'LinkCodeScreen' && origin + s.at > linkedAt)!
      latencies.push(origin + next.at - linkedAt)
      roundTrips.push(
        ...(await tv.page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((e) => /\/api\/v2\/pins\/\d+$/.test(new URL(e.name).pathname))
            .map((e) => e.duration),
        )),
      )
    } finally {
      await tv.close()
    }
  }
  const { rate, hidden } = await pollingWhileWaiting(env, throttle)
  const rtt = stats(roundTrips).median
  const floorMs = 1000 / (2 * rate) + rtt
  const l = stats(latencies)
  return [
    {
      figure: 'Link detection',
      metric: `link → next screen (${budget.links} links)`,
      throttle,
      unit: 'ms',
      value: l.median,
      stats: l,
      budget: { text: `p50 ≤ ${budget.maxP50Ms} ms, p95 ≤ ${budget.maxP95Ms} ms`, ok: l.median <= budget.maxP50Ms && l.p95 <= budget.maxP95Ms },
    },
    { figure: 'Link detection', metric: `floor: 1/(2r) + round trip (${Math.round(rtt)} ms)`, throttle, unit: 'ms', value: floorMs },
    { figure: 'Link detection', metric: 'ratio to floor (p50)', throttle, unit: 'ratio', value: l.median / floorMs },
    {
      figure: 'Link detection',
      metric: `polls while waiting (${budget.observeSeconds} s)`,
      throttle,
      unit: 'req/s',
      value: rate,
      budget: { text: `≤ ${budget.maxRequestsPerSecond}/s`, ok: rate <= budget.maxRequestsPerSecond },
    },
    {
      figure: 'Link detection',
      metric: `requests while hidden (${budget.observeSeconds} s)`,
      throttle,
      unit: 'requests',
      value: hidden,
      budget: { text: `${budget.maxRequestsWhileHidden}`, ok: hidden <= budget.maxRequestsWhileHidden },
    },
  ]
}

/**
 * The TV waiting on its code for a while: how often it asks plex.tv; then the same TV in a background tab
 * (document hidden, as the Page Visibility API reports it): what it asks then.
 */
async function pollingWhileWaiting(env: BenchEnv, throttle: number): Promise<{ rate: number; hidden: number }> {
  const seconds = env.budgets.linkDetection.observeSeconds
  await env.sim.reset()
  const tv = await appWithCode(env, throttle)
  try {
    await env.sim.clearLog()
    const since = Date.now()
    await sleep(seconds * 1000)
    const polls = (await env.sim.log()).filter((r) => r.method === 'GET' && POLL.test(r.path)).length
    const rate = polls / ((Date.now() - since) / 1000)
    const setHidden = (hidden: boolean) =>
      tv.page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { value: h, configurable: true })
        Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true })
        document.dispatchEvent(new Event('visibilitychange'))
      }, hidden)
    await setHidden(true)
    await sleep(200) // a request already on the wire when the page was hidden may still land
    await env.sim.clearLog()
    await sleep(seconds * 1000)
    const hidden = (await env.sim.log()).length
    await setHidden(false)
    return { rate, hidden }
  } finally {
    await tv.close()
  }
}
