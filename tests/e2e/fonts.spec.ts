/**
 * Scripts beyond Latin: Cyrillic, Greek and Latin Extended names are drawn in the app's own face (Roboto),
 * not in whatever the browser falls back to (a serif on a bare Debian). Measured the way Lightning measures
 * a text, with the canvas: a face that has the glyphs gives other widths than the fallback does.
 */
import { test, expect } from './fixtures.js'

test('Cyrillic, Greek and Latin Extended names are drawn with the app\'s Roboto faces, and the app starts whatever CJK fonts the platform has', async ({ tv, page }) => {
  await tv.open()
  await tv.waitForCode()
  const widths = await page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d')!
    const width = (font: string, text: string) => {
      ctx.font = font
      return ctx.measureText(text).width
    }
    return ['Олександра', 'Ελένη', 'Łucja Żółć'].map((name) => ({ name, app: width('36px Regular', name), serif: width('36px serif', name), sans: width('36px sans-serif', name) }))
  })
  for (const w of widths) {
    expect(w.app, w.name).not.toBeCloseTo(w.serif, 1)
    expect(w.app, w.name).not.toBeCloseTo(w.sans, 1)
  }
  const faces = await page.evaluate(() => [...document.fonts].filter((f) => f.family === 'Regular').map((f) => f.status))
  expect(faces.filter((s) => s === 'loaded').length).toBeGreaterThanOrEqual(4) // latin, latin-ext, cyrillic, greek
})
