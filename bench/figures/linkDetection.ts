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
  let polls = 0
  let waitedMs = 0
  for (let i = 0; i < budget.links; i++) {
    await env.sim.reset()
    const tv = await appWithCode(env, throttle)
    try {
      const origin = await timeOrigin(tv.page)
      const code = tv.code.codes.at(-1)!
      const waitingSince = origin + tv.code.codeDrawnAt!
      await sleep(Math.random() * 2000) // a random moment of the poll cycle
      const linkedAt = Date.now()
      const status = await env.sim.link(code, 'owner')
      if (status !== 204) throw new Error(`bench: linking ${code} answered ${status}`)
      const seen = await waitFor(tv.page, (r) => r.screens.some((s) => s.name !== 'LinkCodeScreen' && origin + s.at > linkedAt), 30_000)
      const next = seen.screens.find((s) => s.name !== 'LinkCodeScreen' && origin + s.at > linkedAt)!
      latencies.push(origin + next.at - linkedAt)
      const log = await env.sim.log()
      polls += log.filter((r) => r.method === 'GET' && POLL.test(r.path) && r.time >= waitingSince && r.time < linkedAt).length
      waitedMs += linkedAt - waitingSince
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
  const rate = polls / (waitedMs / 1000)
  const rtt = stats(roundTrips).median
  const floorMs = 1000 / (2 * rate) + rtt
  const l = stats(latencies)
  const hidden = await requestsWhileHidden(env, throttle)
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
      metric: 'polls while waiting',
      throttle,
      unit: 'req/s',
      value: rate,
      budget: { text: `≤ ${budget.maxRequestsPerSecond}/s`, ok: rate <= budget.maxRequestsPerSecond },
    },
    {
      figure: 'Link detection',
      metric: `requests while hidden (${budget.hiddenSeconds} s)`,
      throttle,
      unit: 'requests',
      value: hidden,
      budget: { text: `${budget.maxRequestsWhileHidden}`, ok: hidden <= budget.maxRequestsWhileHidden },
    },
  ]
}

/** The TV app in a background tab (document hidden, as the Page Visibility API reports it): what it asks plex.tv. */
async function requestsWhileHidden(env: BenchEnv, throttle: number): Promise<number> {
  await env.sim.reset()
  const tv = await appWithCode(env, throttle)
  try {
    const setHidden = (hidden: boolean) =>
      tv.page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { value: h, configurable: true })
        Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true })
        document.dispatchEvent(new Event('visibilitychange'))
      }, hidden)
    await setHidden(true)
    await sleep(200) // a request already on the wire when the page was hidden may still land
    await env.sim.clearLog()
    await sleep(env.budgets.linkDetection.hiddenSeconds * 1000)
    const requests = (await env.sim.log()).length
    await setHidden(false)
    return requests
  } finally {
    await tv.close()
  }
}
