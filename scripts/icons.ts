/**
 * `npx tsx scripts/icons.ts`: draws PlexLink TV's icon and splash at every size the TV platforms ask for,
 * as SVG rendered by Debian's Chromium, into assets/tv/ (committed; scripts/package.ts copies them) and
 * static/icon.png (the app's own icon, metadata.json). Sizes, from the platforms' docs:
 *  - LG webOS (webostv.developer.lge.com "Key App Assets", appinfo.json reference): icon 80×80, largeIcon
 *    130×130, splashBackground 1920×1080 PNG (not black, little text), iconColor; the LG Seller Lounge
 *    takes a 400×400 icon.
 *  - Samsung Tizen (developer.samsung.com "App Icons and Screenshots", Seller Office "App Images"): the
 *    launcher icon of config.xml; store icon 1920×1080 as a logo (32-bit RGBA) over a background (24-bit
 *    RGB), and 512×423 (24-bit) for models before 2016.
 * The mark: a TV whose screen shows a prompt (chevron and cursor) in Plex's amber, on the app's background.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.js'

const BG = '#0e1116'
const TILE = '#1b2130'
const AMBER = '#e5a00d'
const WHITE = '#f4f5f7'

/** The mark in a 100×100 box: a TV (screen, stand) whose screen shows a prompt: a chevron and a cursor. */
const MARK = `
  <rect x="8" y="16" width="84" height="56" rx="8" fill="none" stroke="${WHITE}" stroke-width="6"/>
  <path d="M38 80 h24 l4 8 h-32 z" fill="${WHITE}"/>
  <path d="M37 30 l16 14 l-16 14" fill="none" stroke="${AMBER}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>
  <path d="M58 58 h12" stroke="${AMBER}" stroke-width="6" stroke-linecap="round"/>`

function svg(width: number, height: number, body: string, background: string | null): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
    ${background ? `<rect width="100%" height="100%" fill="${background}"/>` : ''}${body}</svg>`
}

/** The mark centred in a box of `size` pixels, at `x`,`y`. */
const mark = (x: number, y: number, size: number) => `<g transform="translate(${x} ${y}) scale(${size / 100})">${MARK}</g>`

/** A square app icon: a rounded tile with the mark (webOS shows it on an app tile of iconColor). */
const squareIcon = (n: number) => svg(n, n, `<rect width="${n}" height="${n}" rx="${n * 0.18}" fill="${TILE}"/>${mark(n * 0.12, n * 0.1, n * 0.76)}`, BG)

const wordmark = (x: number, y: number, size: number, anchor = 'middle') =>
  `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="Roboto, sans-serif" font-weight="700" font-size="${size}" fill="${WHITE}">PlexLink <tspan fill="${AMBER}">TV</tspan></text>`

const FILES: { file: string; width: number; height: number; svg: string; alpha?: boolean }[] = [
  { file: 'static/icon.png', width: 300, height: 300, svg: squareIcon(300) },
  { file: 'assets/tv/webos-icon-80.png', width: 80, height: 80, svg: squareIcon(80) },
  { file: 'assets/tv/webos-largeIcon-130.png', width: 130, height: 130, svg: squareIcon(130) },
  { file: 'assets/tv/lg-store-icon-400.png', width: 400, height: 400, svg: squareIcon(400) },
  {
    file: 'assets/tv/webos-splash-1920x1080.png',
    width: 1920,
    height: 1080,
    svg: svg(1920, 1080, `<rect width="1920" height="1080" fill="url(#g)"/>
      <defs><radialGradient id="g" cx="50%" cy="42%" r="70%"><stop offset="0" stop-color="#232a3b"/><stop offset="1" stop-color="${BG}"/></radialGradient></defs>
      ${mark(760, 250, 400)}${wordmark(960, 800, 96)}`, BG),
  },
  { file: 'assets/tv/tizen-icon-117.png', width: 117, height: 117, svg: squareIcon(117) },
  {
    file: 'assets/tv/samsung-store-icon-512x423.png',
    width: 512,
    height: 423,
    svg: svg(512, 423, `${mark(136, 60, 240)}${wordmark(256, 370, 44)}`, TILE),
  },
  {
    file: 'assets/tv/samsung-store-logo-1920x1080.png',
    width: 1920,
    height: 1080,
    alpha: true,
    svg: svg(1920, 1080, `${mark(710, 190, 500)}${wordmark(960, 880, 110)}`, null),
  },
  {
    file: 'assets/tv/samsung-store-background-1920x1080.png',
    width: 1920,
    height: 1080,
    svg: svg(1920, 1080, `<defs><linearGradient id="b" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#232a3b"/><stop offset="1" stop-color="${BG}"/></linearGradient></defs>
      <rect width="1920" height="1080" fill="url(#b)"/>`, BG),
  },
]

const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
try {
  const fontUrl = new URL('../static/fonts/roboto-latin-700-normal.woff', import.meta.url).href
  for (const f of FILES) {
    const page = await browser.newPage({ viewport: { width: f.width, height: f.height } })
    await page.setContent(`<!doctype html><html><head><style>
      @font-face { font-family: Roboto; font-weight: 700; src: url(${fontUrl}) format('woff'); }
      html, body { margin: 0; background: transparent; } svg { display: block; }</style></head>
      <body>${f.svg}</body></html>`)
    await page.evaluate(() => document.fonts.ready.then(() => true))
    const png = await page.screenshot({ omitBackground: f.alpha === true, clip: { x: 0, y: 0, width: f.width, height: f.height } })
    mkdirSync(f.file.replace(/\/[^/]+$/, ''), { recursive: true })
    writeFileSync(f.file, png)
    console.log(`${f.file} ${f.width}×${f.height}`)
    await page.close()
  }
} finally {
  await browser.close()
}
