/**
 * `npm run package` (after `npm run dist`): installable layouts for TV platforms from the dist/es6 build
 * and metadata.json →
 *   releases/tizen/  config.xml, icon.png (117×117) and the app: zip it (or `tizen package -t wgt`)
 *   releases/webos/  appinfo.json, icon.png (80×80), largeIcon.png (130×130) and the app: `ares-package`
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { tizenConfigXml, webosAppInfo, type Metadata } from './packaging.js'

const meta = JSON.parse(readFileSync('metadata.json', 'utf8')) as Metadata
const dist = 'dist/es6'
if (!existsSync(join(dist, 'index.html'))) {
  console.error('package: dist/es6 is missing — run `npm run dist` first')
  process.exit(1)
}

/** The app icon scaled to `size` (box filter: each target pixel averages the source pixels it covers). */
function icon(size: number): Buffer {
  const src = PNG.sync.read(readFileSync('static/icon.png'))
  const out = new PNG({ width: size, height: size })
  const scale = src.width / size
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0]
      let n = 0
      for (let sy = Math.floor(y * scale); sy < Math.min(src.height, Math.ceil((y + 1) * scale)); sy++) {
        for (let sx = Math.floor(x * scale); sx < Math.min(src.width, Math.ceil((x + 1) * scale)); sx++) {
          const i = (sy * src.width + sx) * 4
          for (let c = 0; c < 4; c++) sum[c]! += src.data[i + c]!
          n++
        }
      }
      const o = (y * size + x) * 4
      for (let c = 0; c < 4; c++) out.data[o + c] = Math.round(sum[c]! / Math.max(1, n))
    }
  }
  return PNG.sync.write(out)
}

function layout(dir: string, files: Record<string, string | Buffer>): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  cpSync(dist, dir, { recursive: true })
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body)
  console.log(`${dir}: ${Object.keys(files).join(', ')} + the dist/es6 build`)
}

layout('releases/tizen', { 'config.xml': tizenConfigXml(meta), 'icon.png': icon(117) })
layout('releases/webos', { 'appinfo.json': `${JSON.stringify(webosAppInfo(meta), null, 2)}\n`, 'icon.png': icon(80), 'largeIcon.png': icon(130) })
