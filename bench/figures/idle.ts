/**
 * Figure 5, idle: the page's main-thread CPU time (Performance.getMetrics TaskDuration) while the TV
 * waits on the code screen, as a share of one core. The countdown redraws once a second and plex.tv is
 * polled once a second; everything else should sleep (stage option pauseRafLoopOnIdle).
 */
import { appWithCode, type BenchEnv } from '../env.js'
import { sleep, type Row } from '../lib.js'

export async function idle(env: BenchEnv, throttle: number): Promise<Row[]> {
  const budget = env.budgets.idle
  await env.sim.reset()
  const tv = await appWithCode(env, throttle)
  try {
    await sleep(2000) // the code's first transitions end
    await tv.cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
    const taskSeconds = async () => {
      const { metrics } = await tv.cdp.send('Performance.getMetrics')
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN
    }
    const start = await taskSeconds()
    const startedAt = Date.now()
    await sleep(budget.seconds * 1000)
    const busy = (await taskSeconds()) - start
    const share = (busy / ((Date.now() - startedAt) / 1000)) * 100
    return [
      {
        figure: 'Idle',
        metric: `CPU on the waiting screen (${budget.seconds} s)`,
        throttle,
        unit: '%',
        value: share,
        budget: throttle === budget.judgedAtThrottle ? { text: `≤ ${budget.maxCoreFraction * 100} % of a core`, ok: share <= budget.maxCoreFraction * 100 } : undefined,
      },
    ]
  } finally {
    await tv.close()
  }
}
