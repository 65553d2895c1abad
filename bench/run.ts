/**
 * `npm run bench`: what a TV user feels, measured in real Chromium (Debian's) against the shipped build
 * and the plex.tv simulator, at 1× and 6× CPU throttle, each figure next to a floor measured in the
 * same run. Prints a table and writes bench/results.json. It reports; it never fails CI.
 *
 *   npm run bench                          every figure (about 15 minutes)
 *   npm run bench -- --only=ttc,download   some: ttc, link, focus, leaks, idle, servers, download, engines
 *   npm run bench -- --no-build            measure the builds already in dist/ and .tmp/
 */
import { writeFileSync } from 'node:fs'
import { cpus, totalmem, release, platform } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startSimulator } from '../sim/index.js'
import { startAppServer } from '../scripts/appServer.js'
import { simulatorSettings } from '../scripts/simulatorSettings.js'
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.js'
import budgets from './budgets.json' with { type: 'json' }
import { buildApp, buildFloor } from './build.js'
import type { BenchEnv } from './env.js'
import { appWithCode } from './env.js'
import { download } from './figures/download.js'
import { engines } from './figures/engines.js'
import { focusMovement } from './figures/focus.js'
import { idle } from './figures/idle.js'
import { leaks } from './figures/leaks.js'
import { linkDetection } from './figures/linkDetection.js'
import { manyServers, SERVER_CROWD } from './figures/servers.js'
import { timeToCode } from './figures/timeToCode.js'
import { format, type Row } from './lib.js'

const FIGURES = {
  ttc: timeToCode,
  link: linkDetection,
  focus: focusMovement,
  leaks,
  idle,
  servers: manyServers,
} as const
type FigureName = keyof typeof FIGURES | 'download' | 'engines'

const args = process.argv.slice(2)
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',') as FigureName[] | undefined
const wanted = (name: FigureName) => !only || only.includes(name)

const root = join(import.meta.dirname, '..')
const dist = args.includes('--no-build')
  ? { es6: join(root, 'dist/es6'), es5: join(root, 'dist/es5') }
  : (console.log('── building: npm run dist, and the floor apps'), buildApp())
const floorText = args.includes('--no-build') ? join(root, '.tmp/bench-floor-text/dist/es6') : buildFloor('text')
const floorJob = args.includes('--no-build') ? join(root, '.tmp/bench-floor-job/dist/es6') : buildFloor('job')
const floorLibs = args.includes('--no-build') ? join(root, '.tmp/bench-floor-libs/dist/es6') : buildFloor('libs')

// the 500-server figure needs that many fake PMS listeners; the others never grow the world past 60
const sim = await startSimulator({ port: 0, ...(wanted('servers') ? { crowdServers: SERVER_CROWD } : {}) })
const settings = simulatorSettings(sim)
const servers = await Promise.all([
  startAppServer({ root: dist.es6, settings }),
  startAppServer({ root: dist.es5, settings }),
  startAppServer({ root: floorText }),
  startAppServer({ root: floorJob, settings }),
])
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
const env: BenchEnv = {
  browser,
  sim,
  appUrl: servers[0].url,
  es5Url: servers[1].url,
  floorUrl: servers[2].url,
  jobFloorUrl: servers[3].url,
  dist: { app: dist.es6, appEs5: dist.es5, floorLibs },
  budgets,
}

const rows: Row[] = []
let renderer = { renderer: 'unknown', glRenderer: null as string | null }
try {
  // Lightning falls back to nothing (or canvas2d) silently: numbers from another renderer mean nothing.
  const probe = await appWithCode(env, 1)
  await probe.close()
  renderer = { renderer: probe.code.renderer ?? 'unknown', glRenderer: probe.code.glRenderer }
  if (renderer.renderer !== 'WebGL') throw new Error(`bench: the app is not drawing with WebGL (${renderer.renderer}); its numbers would mean nothing`)
  console.log(`── renderer: ${renderer.renderer} (${renderer.glRenderer}), ${browser.version()}`)

  for (const [name, figure] of Object.entries(FIGURES) as [FigureName, (env: BenchEnv, throttle: number) => Promise<Row[]>][]) {
    if (!wanted(name)) continue
    for (const throttle of budgets.throttles) {
      console.log(`── ${name} at ${throttle}× CPU`)
      const got = await figure(env, throttle)
      got.forEach((r) => console.log(`   ${line(r)}`))
      rows.push(...got)
    }
  }
  if (wanted('engines')) {
    console.log('── engines: WPE WebKit next to Chromium')
    const got = await engines(env)
    got.forEach((r) => console.log(`   ${line(r)}`))
    rows.push(...got)
  }
  if (wanted('download')) {
    console.log('── download')
    rows.push(...(await download(env)))
  }
} finally {
  await browser.close()
  await Promise.all(servers.map((s) => s.close()))
  await sim.close()
}

function line(r: Row): string {
  const verdict = r.budget ? `${r.budget.ok ? 'in budget' : 'OVER budget'} (${r.budget.text})` : ''
  return `${r.metric}: ${format(r.value, r.unit)} ${verdict}`
}

const table = [
  '| figure | measure | CPU | value | median | p95 | min | max | budget | |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const s = r.stats
    const cell = (v: number | undefined) => (s && v !== undefined ? format(v, r.unit) : '')
    const mark = r.budget ? (r.budget.ok ? 'in' : '**over**') : ''
    return `| ${r.figure} | ${r.metric} | ${r.throttle}× | ${format(r.value, r.unit)} | ${cell(s?.median)} | ${cell(s?.p95)} | ${cell(s?.min)} | ${cell(s?.max)} | ${r.budget?.text ?? ''} | ${mark} |`
  }),
].join('\n')
console.log(`\n${table}\n`)

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
  chromium: browser.version(),
}
writeFileSync(
  join(root, 'bench/results.json'),
  JSON.stringify({ date: new Date().toISOString(), machine, ...renderer, throttles: budgets.throttles, rows }, null, 2) + '\n',
)
const over = rows.filter((r) => r.budget && !r.budget.ok)
console.log(`bench/results.json written: ${rows.length} figures, ${over.length} over budget${over.length ? `: ${over.map((r) => `${r.metric} at ${r.throttle}×`).join('; ')}` : ''}`)
