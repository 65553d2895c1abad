/**
 * Figure 6, download: the raw and gzip bytes of what `npm run dist` ships (index.html and the scripts;
 * source maps are not shipped to a TV), against the floor of Lightning core + SDK + axios + qrcode
 * alone (bench/floor/libs.ts, built the same way); the syntax level of each shipped script; and the
 * legacy ES5 build, which must load and show a code in Chromium.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { parse } from 'acorn'
import { appWithCode, type BenchEnv } from '../env.js'
import type { Row } from '../lib.js'

const VERSIONS = [5, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024] as const

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

/** The page and its scripts: what a TV downloads before it can draw (fonts and icon are counted apart). */
function code(dir: string): string[] {
  return files(dir).filter((f) => /\.(html|js)$/.test(f))
}

function weigh(paths: string[]): { raw: number; gzip: number } {
  let raw = 0
  let gzip = 0
  for (const p of paths) {
    const bytes = readFileSync(p)
    raw += bytes.length
    gzip += gzipSync(bytes).length
  }
  return { raw, gzip }
}

/** The oldest ECMAScript version whose grammar accepts the script. */
export function syntaxLevel(source: string): number {
  for (const ecmaVersion of VERSIONS) {
    try {
      parse(source, { ecmaVersion, sourceType: 'script' })
      return ecmaVersion
    } catch {
      // needs a newer grammar
    }
  }
  return Infinity
}

export async function download(env: BenchEnv): Promise<Row[]> {
  const budget = env.budgets.download
  const app = weigh(code(env.dist.app))
  const floor = weigh(code(env.dist.floorLibs))
  const assets = weigh(files(env.dist.app).filter((f) => !/\.(html|js|map)$/.test(f)))
  const es5 = weigh(code(env.dist.appEs5))
  const over = app.gzip - floor.gzip
  const rows: Row[] = [
    { figure: 'Download', metric: `floor: core + SDK + axios + qrcode (raw ${(floor.raw / 1024).toFixed(0)} KB)`, throttle: 1, unit: 'bytes', value: floor.gzip },
    { figure: 'Download', metric: `dist/es6 gzip (raw ${(app.raw / 1024).toFixed(0)} KB)`, throttle: 1, unit: 'bytes', value: app.gzip },
    {
      figure: 'Download',
      metric: 'dist/es6 gzip over the floor',
      throttle: 1,
      unit: 'bytes',
      value: over,
      budget: { text: `≤ ${budget.maxGzipOverFloorBytes / 1024} KB`, ok: over <= budget.maxGzipOverFloorBytes },
    },
    { figure: 'Download', metric: `fonts and icon, gzip (raw ${(assets.raw / 1024).toFixed(0)} KB)`, throttle: 1, unit: 'bytes', value: assets.gzip },
    { figure: 'Download', metric: `dist/es5 gzip (raw ${(es5.raw / 1024).toFixed(0)} KB)`, throttle: 1, unit: 'bytes', value: es5.gzip },
  ]
  for (const [dir, wanted] of [[env.dist.app, budget.mainSyntax], [env.dist.appEs5, 5]] as const) {
    for (const script of files(dir).filter((f) => f.endsWith('.js'))) {
      const level = syntaxLevel(readFileSync(script, 'utf8'))
      const name = relative(join(dir, '..'), script)
      const isApp = /appBundle(\.es5)?\.js$/.test(name)
      rows.push({
        figure: 'Download',
        metric: `syntax of ${name}${isApp ? '' : ' (Lightning core as published)'}`,
        throttle: 1,
        unit: 'ES',
        value: level,
        budget: isApp ? { text: `≤ ${wanted === 5 ? 'ES5' : `ES${wanted}`}`, ok: level <= wanted } : undefined,
      })
    }
  }
  const legacy = await appWithCode(env, 1, env.es5Url).then(
    async (tv) => {
      await tv.close()
      return tv.code.codes.at(-1) ?? ''
    },
    () => '',
  )
  rows.push({
    figure: 'Download',
    metric: `dist/es5 in Chromium: ${legacy ? `shows code ${legacy}` : 'shows no code'}`,
    throttle: 1,
    unit: 'count',
    value: legacy ? 1 : 0,
    budget: { text: 'shows a code', ok: legacy !== '' },
  })
  return rows
}
