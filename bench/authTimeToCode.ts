/**
 * `npx tsx bench/authTimeToCode.ts [samples] [label=dir …]`: time to the first code with `auth: "legacy"` and
 * with `auth: "auto"` (a key made on first start, then a JWK code), in the same run, cold starts taken in
 * turn so every variant sees the same machine. Measured like bench figure "ttc" (bench/probe.js: navigation
 * start → the end of the first frame with the code and QR drawn), in Debian's Chromium at 1× and 4× CPU
 * throttle. A fresh browser profile each start: "auto" pays for making its key every time, as a TV's first
 * start does. Each build dir given (default: build/) is measured with both settings, so an earlier build can
 * be compared with the current one. It reports; nothing fails on a figure.
 */
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startSimulator } from '../sim/index.js'
import { startAppServer } from '../scripts/appServer.js'
import { simulatorSettings } from '../scripts/simulatorSettings.js'
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.js'
import { openPage, stats, waitFor } from './lib.js'

const root = join(import.meta.dirname, '..')
const samples = Number(process.argv[2] ?? 8)
const dirs = process.argv.slice(3).map((a) => a.split('=') as [string, string])
if (dirs.length === 0) dirs.push(['build', join(root, 'build')])

const sim = await startSimulator({ port: 0 })
const base = simulatorSettings(sim)
const withAuth = (auth: 'legacy' | 'auto') => ({ ...base, appSettings: { plex: { ...base.appSettings.plex, auth } } })
const variants: { name: string; url: string; close: () => Promise<void> }[] = []
for (const [label, dir] of dirs) {
  for (const auth of ['legacy', 'auto'] as const) {
    const server = await startAppServer({ root: dir, settings: withAuth(auth) })
    variants.push({ name: `${label} ${auth}`, url: server.url, close: () => server.close() })
  }
}
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })

/** One cold start: ms to the first code drawn, and whether that code was made with the key (a JWK in POST /pins). */
async function coldStart(url: string, throttle: number): Promise<{ ms: number; withKey: boolean }> {
  const bench = await openPage(browser, throttle)
  let withKey = false
  bench.page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().includes('/api/v2/pins') && (req.postData() ?? '').includes('"jwk"')) withKey = true
  })
  await bench.page.goto(url)
  const r = await waitFor(bench.page, (x) => x.codeDrawnAt !== null, 60_000)
  await bench.close()
  return { ms: r.codeDrawnAt!, withKey }
}

const ms = (n: number) => `${Math.round(n)} ms`
try {
  for (const throttle of [1, 4]) {
    for (const v of variants) await coldStart(v.url, throttle) // warm-up
    const times = new Map(variants.map((v) => [v.name, [] as number[]]))
    const keyed = new Map(variants.map((v) => [v.name, 0]))
    for (let i = 0; i < samples; i++) {
      // rotate which goes first, so no variant always follows another
      for (let j = 0; j < variants.length; j++) {
        const v = variants[(i + j) % variants.length]!
        const start = await coldStart(v.url, throttle)
        times.get(v.name)!.push(start.ms)
        if (start.withKey) keyed.set(v.name, keyed.get(v.name)! + 1)
      }
      await sim.reset()
    }
    console.log(`throttle ${throttle}×, ${samples} cold starts each`)
    const reference = stats(times.get(variants[0]!.name)!).median
    for (const v of variants) {
      const s = stats(times.get(v.name)!)
      console.log(
        `  ${v.name.padEnd(16)} median ${ms(s.median)}  min ${ms(s.min)}  max ${ms(s.max)}  ×${(s.median / reference).toFixed(2)} of ${variants[0]!.name}  code made with the key ${keyed.get(v.name)}/${samples}`,
      )
    }
  }
} finally {
  await browser.close()
  for (const v of variants) await v.close()
  await sim.close()
}
