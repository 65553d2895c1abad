/**
 * `npm run package` (after `npm run dist`): what a TV installs, from both builds and metadata.json →
 *   releases/tizen/   config.xml, icon.png (117×117), index.html (the start page), es6/, es5/
 *                     → `tizen package -t wgt -s <your certificate profile> -- releases/tizen`
 *   releases/webos/   appinfo.json, icon.png (80×80), largeIcon.png (130×130), splash.png (1920×1080),
 *                     index.html, es6/, es5/
 *   releases/<id>_<version>_all.ipk   made by ares-package (@webos-tools/cli) from releases/webos
 * The start page (scripts/loader.ts) picks es6 or es5 by what the engine can parse. No source maps ship:
 * the .map files are left out and the `sourceMappingURL` comments removed. Icons: assets/tv/ (drawn by
 * scripts/icons.ts).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loaderHtml } from './loader.js'
import { TILE_COLOR, tizenConfigXml, webosAppInfo, type Metadata } from './packaging.js'

export interface Packages {
  tizen: string
  webos: string
  ipk: string
}

/** Copies a build without its source maps, and without the comments that point at them. */
function copyBuild(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (src) => !src.endsWith('.map') })
  const strip = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) strip(path)
      else if (name.endsWith('.js')) writeFileSync(path, readFileSync(path, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'))
    }
  }
  strip(to)
}

function layout(dir: string, dist: string, files: Record<string, string | Buffer>, meta: Metadata): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  copyBuild(join(dist, 'es6'), join(dir, 'es6'))
  copyBuild(join(dist, 'es5'), join(dir, 'es5'))
  writeFileSync(join(dir, 'index.html'), loaderHtml(meta.name, TILE_COLOR))
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body)
}

/** Builds both layouts and the .ipk under `out` from the builds in `dist`. */
export function buildPackages(opts: { dist?: string; out?: string; root?: string } = {}): Packages {
  const root = resolve(opts.root ?? '.')
  const dist = resolve(opts.dist ?? join(root, 'dist'))
  const out = resolve(opts.out ?? join(root, 'releases'))
  for (const flavour of ['es6', 'es5']) {
    if (!existsSync(join(dist, flavour, 'index.html'))) throw new Error(`package: ${join(dist, flavour)} is missing — run \`npm run dist\` first`)
  }
  const meta = JSON.parse(readFileSync(join(root, 'metadata.json'), 'utf8')) as Metadata
  const asset = (name: string) => readFileSync(join(root, 'assets/tv', name))
  const tizen = join(out, 'tizen')
  const webos = join(out, 'webos')
  layout(tizen, dist, { 'config.xml': tizenConfigXml(meta), 'icon.png': asset('tizen-icon-117.png') }, meta)
  layout(
    webos,
    dist,
    {
      'appinfo.json': `${JSON.stringify(webosAppInfo(meta), null, 2)}\n`,
      'icon.png': asset('webos-icon-80.png'),
      'largeIcon.png': asset('webos-largeIcon-130.png'),
      'splash.png': asset('webos-splash-1920x1080.png'),
    },
    meta,
  )
  // ares-package: the LG webOS TV CLI's packager (npm @webos-tools/cli); it checks appinfo.json too.
  // --no-minify: by default it runs every .js through uglify-js (lib/package.js), which would rewrite the
  // builds this project tests
  const ipk = join(out, `${meta.identifier}_${meta.version}_all.ipk`)
  rmSync(ipk, { force: true })
  execFileSync(join(root, 'node_modules/.bin/ares-package'), ['--no-minify', '--outdir', out, webos], { stdio: ['ignore', 'pipe', 'inherit'] })
  if (!existsSync(ipk)) throw new Error(`package: ares-package wrote no ${ipk}`)
  return { tizen, webos, ipk }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'package.ts')) {
  const made = buildPackages()
  console.log(`${made.tizen}: config.xml, icon, start page, es6/ and es5/ (sign with \`tizen package -t wgt\`)`)
  console.log(`${made.webos}: appinfo.json, icons, splash, start page, es6/ and es5/`)
  console.log(`${made.ipk}: ready for \`ares-install\``)
}
