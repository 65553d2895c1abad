/**
 * Figure 4, leaks: texture memory (Lightning's, after its own GC) and JS heap (after a forced GC) on the
 * waiting screen, before and after 100 code renewals (short pin lifetime: every renewal draws a new
 * code and QR) and 50 trips to the diagnostics screen and back.
 */
import type { Page } from 'playwright-core'
import { appWithCode, type BenchEnv } from '../env.js'
import { heapAfterGc, jsObjectBytes, readings, sleep, textureBytes, waitFor, type Row } from '../lib.js'

/** Until `count` more codes have been drawn; OK whenever the TV stopped after four unused codes. */
async function renewCodes(page: Page, count: number): Promise<void> {
  const target = (await readings(page)).codes.length + count
  let last = 0
  let lastChange = Date.now()
  for (;;) {
    const { codes } = await readings(page)
    if (codes.length >= target) return
    if (codes.length !== last) {
      last = codes.length
      lastChange = Date.now()
    } else if (Date.now() - lastChange > 4000) {
      await page.keyboard.press('Enter') // "4 codes expired with nobody linking. Press OK for a new code."
      lastChange = Date.now()
    }
    await sleep(100)
  }
}

/** `renewals` automatic code renewals, then `screenChanges` trips to diagnostics and back, ending on a code. */
async function exercise(env: BenchEnv, page: Page, renewals: number, screenChanges: number): Promise<void> {
  await env.sim.setPinLifetime(2)
  await env.sim.expirePin((await readings(page)).codes.at(-1)!) // the next code is a short one
  await renewCodes(page, renewals)
  await env.sim.setPinLifetime(900)
  await renewCodes(page, 1) // a code that stays, as at the start
  for (let i = 0; i < screenChanges; i++) {
    const shown = (await readings(page)).screens.length
    await page.keyboard.press('0') // diagnostics
    await waitFor(page, (r) => r.screens.length > shown && r.screens.at(-1)!.name === 'DiagnosticsScreen')
    await page.keyboard.press('Escape') // Back: to the link screen, which asks for a new code
    await waitFor(page, (r) => r.screens.length > shown + 1 && r.screens.at(-1)!.name === 'LinkCodeScreen')
  }
}

async function snapshot(page: Page, cdp: Parameters<typeof heapAfterGc>[0]): Promise<{ texture: number; objects: number; heap: number }> {
  await sleep(1000) // transitions end, responses land
  return { texture: await textureBytes(page), objects: await jsObjectBytes(cdp), heap: await heapAfterGc(cdp) }
}

export async function leaks(env: BenchEnv, throttle: number): Promise<Row[]> {
  const budget = env.budgets.leaks
  await env.sim.reset()
  const tv = await appWithCode(env, throttle)
  try {
    const { page, cdp } = tv
    // one round of everything first: code compiled and caches filled on first use are not leaks
    await exercise(env, page, 4, 2)
    const before = await snapshot(page, cdp)
    await exercise(env, page, budget.renewals, budget.screenChanges)
    const after = await snapshot(page, cdp)

    const row = (metric: string, start: number, end: number, judged = true): Row => {
      const growth = end - start
      return {
        figure: 'Leaks',
        metric: `${metric}: ${(start / 1024).toFixed(0)} KB → ${(end / 1024).toFixed(0)} KB`,
        throttle,
        unit: 'bytes',
        value: growth,
        budget: judged
          ? {
              text: `growth ≤ ${budget.maxGrowthFraction * 100} % and < ${budget.maxGrowthBytes / 1024 / 1024} MB`,
              ok: growth <= start * budget.maxGrowthFraction && growth < budget.maxGrowthBytes,
            }
          : undefined,
      }
    }
    const what = `${budget.renewals} renewals + ${budget.screenChanges} screen changes`
    return [
      row(`texture memory, ${what}`, before.texture, after.texture),
      row(`JS heap: the app's objects, ${what}`, before.objects, after.objects),
      row(`JS heap in all, with compiled code and DevTools' request records`, before.heap, after.heap, false),
    ]
  } finally {
    await tv.close()
  }
}
