/**
 * Figure 1, time to code: navigation start → the end of the first frame with the 4-character code and
 * the QR drawn. Floor: the blank app (bench/floor/text.ts) drawing one text, loaded the same way in
 * the same run, alternating with the app so that both see the same machine.
 */
import { appWithCode, type BenchEnv } from '../env.js'
import { stats, type Row } from '../lib.js'

async function coldStart(env: BenchEnv, url: string, throttle: number): Promise<number> {
  const bench = await appWithCode(env, throttle, url)
  await bench.close()
  return bench.code.codeDrawnAt!
}

export async function timeToCode(env: BenchEnv, throttle: number): Promise<Row[]> {
  const budget = env.budgets.timeToCode
  const app: number[] = []
  const floor: number[] = []
  await coldStart(env, env.floorUrl, throttle) // warm-up: the first start of a browser pays for itself
  await coldStart(env, env.appUrl, throttle)
  for (let i = 0; i < budget.samples; i++) {
    floor.push(await coldStart(env, env.floorUrl, throttle))
    app.push(await coldStart(env, env.appUrl, throttle))
    await env.sim.reset()
  }
  const a = stats(app)
  const f = stats(floor)
  const ratio = a.median / f.median
  const rows: Row[] = [
    { figure: 'Time to code', metric: 'floor: blank app, one text', throttle, unit: 'ms', value: f.median, stats: f },
    { figure: 'Time to code', metric: 'PlexLink TV: code + QR drawn', throttle, unit: 'ms', value: a.median, stats: a },
    {
      figure: 'Time to code',
      metric: 'ratio to floor (medians)',
      throttle,
      unit: 'ratio',
      value: ratio,
      budget: { text: `≤ ${budget.maxRatioToFloor}×`, ok: ratio <= budget.maxRatioToFloor },
    },
  ]
  if (throttle === 6) {
    rows[1]!.budget = { text: `≤ ${budget.maxMsAt6x} ms`, ok: a.median <= budget.maxMsAt6x }
  }
  return rows
}
