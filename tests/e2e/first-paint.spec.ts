/**
 * No white flash: before any script has run, the page is already the theme's background — in build/,
 * both dist builds, and so in the TV packages made from dist/es6. The scripts are held back here (the
 * network refuses them), so what is on screen is what index.html alone paints during the 0.7–1.3 s the
 * scripts take to arrive on a TV.
 */
import { test, expect } from '@playwright/test'
import { PNG } from 'pngjs'
import { startAppServer } from '../../scripts/appServer.js'
import { colors } from '../../src/ui/theme.js'

const background = [(colors.background >> 16) & 0xff, (colors.background >> 8) & 0xff, colors.background & 0xff]

for (const root of ['build', 'dist/es6', 'dist/es5']) {
  test(`${root}: the page paints the theme's background before the app's scripts arrive`, async ({ page }) => {
    const app = await startAppServer({ root })
    try {
      await page.route('**/*.js', (route) => route.abort())
      await page.goto(app.url)
      const png = PNG.sync.read(await page.screenshot())
      for (const [x, y] of [[5, 5], [png.width >> 1, png.height >> 1], [png.width - 5, png.height - 5]] as const) {
        const i = (y * png.width + x) * 4
        expect([png.data[i], png.data[i + 1], png.data[i + 2]], `pixel ${x},${y}`).toEqual(background)
      }
    } finally {
      await app.close()
    }
  })
}
