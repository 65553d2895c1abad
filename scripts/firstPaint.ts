/**
 * The first paint is the theme's background, not white. `lng build` copies the SDK's support/index.html
 * and `lng dist` the CLI's fixtures/dist/index.es{5,6}.html; neither has a background colour and neither can
 * be overridden from the project (the CLI copies them as they are, and `static/` lands in a subfolder).
 * So the screen stayed white for 0.7–1.3 s while the scripts loaded. Run after each of them (npm's
 * postbuild / postdist:es6 / postdist:es5), this writes the background into the page's <head>, from the
 * same colour the stage clears to (src/ui/theme.ts), so the first byte the browser reads already paints it.
 *
 *   tsx scripts/firstPaint.ts build dist/es6 …
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { colors } from '../src/ui/theme.js'

/** #rrggbb from Lightning's 0xAARRGGBB. */
export function cssColor(argb: number): string {
  return `#${(argb & 0xffffff).toString(16).padStart(6, '0')}`
}

const MARK = 'data-plexlink-first-paint'

/** The page with the background in its head (once: running it twice changes nothing). */
export function withBackground(html: string, argb: number = colors.background): string {
  if (html.includes(MARK)) return html
  const css = cssColor(argb)
  const tag = `<meta name="color-scheme" content="dark"><style ${MARK}>html,body{background:${css};margin:0}</style>`
  const head = /<head[^>]*>/i.exec(html)
  if (!head) throw new Error('firstPaint: no <head> in index.html')
  const at = head.index + head[0].length
  return `${html.slice(0, at)}\n        ${tag}${html.slice(at)}`
}

if (process.argv[1]?.endsWith('firstPaint.ts')) {
  const folders = process.argv.slice(2)
  if (folders.length === 0) throw new Error('usage: tsx scripts/firstPaint.ts FOLDER…')
  for (const folder of folders) {
    const file = join(folder, 'index.html')
    writeFileSync(file, withBackground(readFileSync(file, 'utf8')))
  }
}
