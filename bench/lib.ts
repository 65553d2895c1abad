/**
 * What every benchmark figure shares: statistics, a fresh Chromium page with the probe (bench/probe.js)
 * and a CPU throttle, and the probe's readings.
 */
import { readFileSync } from 'node:fs'
import type { Browser, CDPSession, Page } from 'playwright-core'

export interface Stats {
  n: number
  median: number
  p95: number
  min: number
  max: number
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  return { n: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN }
}

/** One line of the results table. `value` is the figure judged against the budget. */
export interface Row {
  figure: string
  metric: string
  throttle: number
  unit: 'ms' | 'ratio' | 'fps' | 'req/s' | 'requests' | 'bytes' | '%' | 'ES' | 'count'
  value: number
  stats?: Stats
  /** The budget in words ("≤ 1.3"), and whether the value is within it; absent: reported, not judged. */
  budget?: { text: string; ok: boolean }
  note?: string
}

export interface ProbeScreen {
  name: string
  at: number
}

/** What bench/probe.js keeps on `window.__bench` (times: ms since navigation start). */
export interface ProbeReadings {
  renderer: string | null
  glRenderer: string | null
  codeDrawnAt: number | null
  screens: ProbeScreen[]
  codes: string[]
}

const probeSource = readFileSync(new URL('./probe.js', import.meta.url), 'utf8')

export interface BenchPage {
  page: Page
  cdp: CDPSession
  close(): Promise<void>
}

/**
 * A page in a fresh browser context (nothing stored: a cold start), with the probe installed and the
 * CPU slowed `throttle` times before anything loads.
 */
export async function openPage(browser: Browser, throttle: number, viewport = { width: 1920, height: 1080 }): Promise<BenchPage> {
  const context = await browser.newContext({ viewport })
  await context.addInitScript({ content: probeSource })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
  return { page, cdp, close: () => context.close() }
}

export async function readings(page: Page): Promise<ProbeReadings> {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: ProbeReadings }).__bench
    return { renderer: b.renderer, glRenderer: b.glRenderer, codeDrawnAt: b.codeDrawnAt, screens: b.screens, codes: b.codes }
  })
}

/** Waits until the probe's readings satisfy `done`, and returns them. */
export async function waitFor(page: Page, done: (r: ProbeReadings) => boolean, timeoutMs = 30_000): Promise<ProbeReadings> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const r = await readings(page)
    if (done(r)) return r
    if (Date.now() > until) throw new Error(`bench: timed out waiting on the page (${JSON.stringify({ ...r, codes: r.codes.length })})`)
    await sleep(25)
  }
}

/** The page's clock as epoch ms, for comparing with the simulator's and this process's Date.now(). */
export async function timeOrigin(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin)
}

/** JS heap in use after a full garbage collection. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return usedSize
}

/**
 * The bytes held by the page's JavaScript objects (objects, arrays, closures, strings, numbers) after a
 * full GC, from a heap snapshot. Unlike the whole heap it leaves out what the engine keeps for itself:
 * code compiled as functions get hot (it grows for minutes and is not a leak) and DevTools' own records
 * of each request (the benchmark's instrumentation, not the app).
 */
export async function jsObjectBytes(cdp: CDPSession): Promise<number> {
  await heapAfterGc(cdp)
  const chunks: string[] = []
  const collect = (e: { chunk: string }) => chunks.push(e.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect)
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect)
  const snapshot = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] }
  const fields = snapshot.snapshot.meta.node_fields
  const types = snapshot.snapshot.meta.node_types[0]
  const typeAt = fields.indexOf('type')
  const sizeAt = fields.indexOf('self_size')
  const counted = new Set(['object', 'closure', 'array', 'string', 'concatenated string', 'sliced string', 'regexp', 'number', 'bigint', 'symbol'])
  let bytes = 0
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (counted.has(types[snapshot.nodes[i + typeAt]!]!)) bytes += snapshot.nodes[i + sizeAt]!
  }
  return bytes
}

/** Lightning's texture memory after its own aggressive texture GC, in bytes (RGBA, 4 bytes a pixel). */
export async function textureBytes(page: Page): Promise<number> {
  const pixels = await page.evaluate(() => (window as unknown as { __bench: { textureMemory(): Promise<number> } }).__bench.textureMemory())
  return pixels * 4
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}

/** "1.23 s", "830 ms", "12.3 KB" and so on, for the table. */
export function format(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return '—'
  switch (unit) {
    case 'ms':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`
    case 'bytes':
      return Math.abs(value) >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MB` : `${(value / 1024).toFixed(1)} KB`
    case 'ratio':
      return `${value.toFixed(2)}×`
    case '%':
      return `${value.toFixed(2)} %`
    case 'ES':
      return value === 5 ? 'ES5' : `ES${value}`
    case 'fps':
      return value.toFixed(1)
    case 'req/s':
      return value.toFixed(2)
    default:
      return String(Math.round(value))
  }
}
