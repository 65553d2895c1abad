/**
 * Figure 3, focus movement: frames per second (1 / stage.dt at each frameStart) while arrow keys are
 * held down on the 40-user "who's watching" grid and the 40-server list, and the time from each key
 * event to the end of the next frame.
 *
 * Floor: the same screen repainting with nothing of the app's own work in a frame (the title nudged by
 * a pixel at the key-repeat rate): what the renderer can do with that screen on this machine. Lightning
 * redraws the whole stage for any change, so this is the fastest any focus movement there can be.
 */
import type { Page } from 'playwright-core'
import { appWithCode, holdKey, type BenchEnv } from '../env.js'
import { percentile, sleep, stats, waitFor, type Row } from '../lib.js'

export interface Recording {
  frames: number[]
  keyLatencies: number[]
}

export async function record(page: Page, on: boolean): Promise<Recording> {
  return page.evaluate((start) => {
    const b = (window as unknown as { __bench: Recording & { record(on: boolean): void } }).__bench
    b.record(start)
    return { frames: b.frames ?? [], keyLatencies: b.keyLatencies ?? [] }
  }, on)
}

async function texts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __bench: { texts(): string[] } }).__bench.texts())
}

async function waitForScreen(page: Page, name: string): Promise<void> {
  await waitFor(page, (r) => r.screens.at(-1)?.name === name, 60_000)
}

/** The screen repainting for `ms` with the title nudged by a pixel at the key-repeat rate; each nudge → frame timed. */
async function repaint(page: Page, ms: number, everyMs: number): Promise<Recording> {
  await record(page, true)
  // a string, not a function: handed to the page as written (no bundler helpers)
  await page.evaluate(`(() => {
    const b = window.__bench
    const title = b.find('Title')
    const x = title.x
    let n = 0
    // each nudge is timed like a key (probe.js: → end of the next frame), the floor of key → frame. From
    // when it was due, not from when its timer ran: a key's timeStamp is when it was pressed, and the time
    // it waits behind a busy main thread (a frame's readback, a GC) is part of its latency
    let due = performance.now() + ${everyMs}
    let timer = 0
    const nudge = () => {
      title.x = x + (n++ % 2)
      if (b.recording) b.pendingKeys.push(due)
      due += ${everyMs}
      timer = setTimeout(nudge, Math.max(0, due - performance.now()))
    }
    timer = setTimeout(nudge, ${everyMs})
    setTimeout(() => { clearTimeout(timer); title.x = x }, ${ms})
  })()`)
  await sleep(ms + 100)
  return record(page, false)
}

/** Holds each key in turn and returns what was drawn meanwhile. */
async function held(page: Page, moves: [key: string, times: number][], everyMs: number): Promise<Recording> {
  await record(page, true)
  for (const [key, times] of moves) await holdKey(page, key, times, everyMs)
  await sleep(300) // the last move's transition
  return record(page, false)
}

export async function focusMovement(env: BenchEnv, throttle: number): Promise<Row[]> {
  const budget = env.budgets.focus
  await env.sim.reset()
  await env.sim.setWorld({ homeUsers: budget.items, servers: budget.items })
  const tv = await appWithCode(env, throttle)
  try {
    const { page } = tv
    await env.sim.link(tv.code.codes.at(-1)!, 'owner')
    await waitForScreen(page, 'UserPickerScreen')
    // at 6× the grid is up a while before its users are: keys pressed before they are drawn are lost
    const usersBy = Date.now() + 60_000
    while (!(await texts(page)).includes('Mia') && Date.now() < usersBy) await sleep(100)
    await sleep(1500) // avatars arrive
    const gridFloor = await repaint(page, 2000, budget.keyRepeatMs)
    // 5 columns × 8 rows: down the grid, across, up and back, twice
    const grid = await held(page, [['ArrowDown', 7], ['ArrowRight', 4], ['ArrowUp', 7], ['ArrowLeft', 4], ['ArrowDown', 7], ['ArrowRight', 4], ['ArrowUp', 7], ['ArrowLeft', 4]], budget.keyRepeatMs)
    // Mia (second tile) has no PIN: on to the servers, every connection raced
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await waitForScreen(page, 'ServerListScreen')
    const settled = Date.now() + 60_000
    // "Asking plex.tv for your servers…" comes first, with no "Testing connections" yet
    const busy = (all: string[]) => all.length === 0 || all.some((t) => t.startsWith('Testing connections') || t.startsWith('Asking plex.tv'))
    while (busy(await texts(page)) && Date.now() < settled) await sleep(200)
    const listFloor = await repaint(page, 2000, budget.keyRepeatMs)
    const list = await held(page, [['ArrowDown', budget.items - 1], ['ArrowUp', budget.items - 1]], budget.keyRepeatMs)
    return [...rowsFor('user grid', grid, gridFloor, throttle, env), ...rowsFor('server list', list, listFloor, throttle, env)]
  } finally {
    await tv.close()
  }
}

function fpsOf(rec: Recording): number[] {
  return rec.frames.filter((ms) => ms > 0).map((ms) => 1000 / ms)
}

function rowsFor(what: string, rec: Recording, floor: Recording, throttle: number, env: BenchEnv): Row[] {
  const budget = env.budgets.focus
  const judged = throttle === budget.judgedAtThrottle
  const fps = fpsOf(rec)
  const s = stats(fps)
  const p5 = percentile([...fps].sort((a, b) => a - b), 5)
  const keys = stats(rec.keyLatencies)
  const f = stats(fpsOf(floor))
  const floorKeys = stats(floor.keyLatencies)
  return [
    { figure: 'Focus movement', metric: `${what}: floor, the same screen repainting`, throttle, unit: 'fps', value: f.median, stats: f },
    // what a change costs with none of the app's work: no key → frame p95 can be below this on this machine
    { figure: 'Focus movement', metric: `${what}: floor, nudge → frame (${floorKeys.n} nudges)`, throttle, unit: 'ms', value: floorKeys.p95, stats: floorKeys },
    {
      figure: 'Focus movement',
      metric: `${what}: fps ratio to floor (medians)`,
      throttle,
      unit: 'ratio',
      value: s.median / f.median,
      // issue 15 item 7's yardstick: the floor is what this machine's GL can repaint, whatever the app does
      budget: judged ? { text: `≥ ${budget.minFpsRatioToFloor}×`, ok: s.median / f.median >= budget.minFpsRatioToFloor } : undefined,
    },
    {
      figure: 'Focus movement',
      metric: `${what}: fps (median; 5th pct ${p5.toFixed(1)})`,
      throttle,
      unit: 'fps',
      value: s.median,
      stats: s,
      budget: judged ? { text: `median ≥ ${budget.minMedianFps}, p5 ≥ ${budget.minP5Fps}`, ok: s.median >= budget.minMedianFps && p5 >= budget.minP5Fps } : undefined,
    },
    {
      figure: 'Focus movement',
      metric: `${what}: key → frame (${keys.n} keys)`,
      throttle,
      unit: 'ms',
      value: keys.p95,
      stats: keys,
      budget: judged ? { text: `p95 ≤ ${budget.maxKeyToFrameP95Ms} ms`, ok: keys.p95 <= budget.maxKeyToFrameP95Ms } : undefined,
    },
  ]
}
