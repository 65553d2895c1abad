/**
 * Figure 1, time to code: navigation start → the end of the first frame with the 4-character code and
 * the QR drawn. Judged against the job floor (bench/floor/job.ts: the smallest app that POSTs a pin and
 * draws its code and QR in the same fonts); the blank app (bench/floor/text.ts, one text) is a second
 * reference. All three are loaded the same way in the same run, in turn, so they see the same machine.
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
  const job: number[] = []
  await coldStart(env, env.floorUrl, throttle) // warm-up: the first start of a browser pays for itself
  await coldStart(env, env.appUrl, throttle)
  for (let i = 0; i < budget.samples; i++) {
    floor.push(await coldStart(env, env.floorUrl, throttle))
    job.push(await coldStart(env, env.jobFloorUrl, throttle))
    app.push(await coldStart(env, env.appUrl, throttle))
    await env.sim.reset()
  }
  const a = stats(app)
  const f = stats(floor)
  const j = stats(job)
  const ratio = a.median / j.median
  const rows: Row[] = [
    { figure: 'Time to code', metric: 'blank floor: one text', throttle, unit: 'ms', value: f.median, stats: f },
    { figure: 'Time to code', metric: 'job floor: pin POSTed, code + QR drawn', throttle, unit: 'ms', value: j.median, stats: j },
    { figure: 'Time to code', metric: 'PlexLink TV: code + QR drawn', throttle, unit: 'ms', value: a.median, stats: a },
    {
      figure: 'Time to code',
      metric: 'ratio to job floor (medians)',
      throttle,
      unit: 'ratio',
      value: ratio,
      budget: { text: `≤ ${budget.maxRatioToJobFloor}×`, ok: ratio <= budget.maxRatioToJobFloor },
    },
    { figure: 'Time to code', metric: 'ratio to blank floor (medians)', throttle, unit: 'ratio', value: a.median / f.median },
  ]
  if (throttle === 6) {
    rows[2]!.budget = { text: `≤ ${budget.maxMsAt6x} ms`, ok: a.median <= budget.maxMsAt6x }
  }
  return rows
}
