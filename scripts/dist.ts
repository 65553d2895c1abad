/**
 * `npm run dist` (or `tsx scripts/dist.ts es6|es5`): the shippable builds, each at the syntax level of the
 * engines it targets (README "Where it runs"):
 *   dist/es6  ES2017 — Chromium ≥ 63 (Tizen 5.0+, webOS 5+, Android TV / Fire TV WebView) and WPE WebKit 2.22+;
 *   dist/es5  ES5    — Chromium 38 (webOS 3.x), Tizen 3.0/4.0 (Chromium 47/56), old WebViews; with polyfills.
 *
 * `lng dist` bundles the app at the target (LNG_BUNDLER_TARGET), but copies Lightning core's prebuilt files
 * as they are (node_modules/@lightningjs/cli/src/helpers/dist.js `setupDistFolder`), and the app bundle
 * reads core from `window.lng` (cli/src/alias/lightningjs-core.js), so core cannot be bundled in at the target
 * through the CLI. Core 2.20.3's `lightning.min.js` needs ES2020 (`?.`) and `lightning.es5.min.js` contains
 * `const`: this script lowers each copied core file to its build's level (esbuild for ES2017, Babel for
 * ES5 — esbuild cannot lower `const` to ES5), keeping the file name the CLI's index.html loads.
 *
 * Works in the current folder, so the benchmark's floor apps (bench/build.ts) are built the same way.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { transformAsync } from '@babel/core'
import presetEnv from '@babel/preset-env'
import { transform } from 'esbuild'

import { TARGET, type Flavour } from './targets.js'

function lngDist(flavour: Flavour): void {
  // both minified; names are not kept (esbuild.es6/es5.config.js), and Babel's helpers come from
  // @babel/runtime once (babel.config.cjs) instead of once per module
  const env: NodeJS.ProcessEnv = { ...process.env, LNG_BUILD_MINIFY: 'true' }
  if (flavour === 'es6') env.LNG_BUNDLER_TARGET = TARGET.es6.esbuild
  execFileSync('npx', ['lng', 'dist', ...(flavour === 'es5' ? ['--es5'] : [])], { env, stdio: ['ignore', 'inherit', 'inherit'] })
}

/** Lowers dist/es6/js/lightning.min.js to ES2017 and minifies it again. */
async function lowerCoreEs6(file: string): Promise<void> {
  const source = readFileSync(file, 'utf8')
  const out = await transform(source, { target: TARGET.es6.esbuild, minify: true, legalComments: 'inline', format: 'iife' })
  writeFileSync(file, out.code)
}

/** Lowers dist/es5/js/lightning.es5.min.js to ES5 (block scoping, and whatever else Chromium 38 lacks). */
async function lowerCoreEs5(file: string): Promise<void> {
  const source = readFileSync(file, 'utf8')
  const out = await transformAsync(source, {
    babelrc: false,
    configFile: false,
    compact: true,
    comments: false,
    sourceType: 'script',
    presets: [[presetEnv, { targets: TARGET.es5.babel, modules: false, bugfixes: false }]],
  })
  if (!out?.code) throw new Error(`babel produced nothing for ${file}`)
  writeFileSync(file, out.code)
}

const isFlavour = (s: string): s is Flavour => s === 'es6' || s === 'es5'
const which = process.argv.slice(2)
for (const flavour of which.length ? which : ['es6', 'es5']) {
  if (!isFlavour(flavour)) throw new Error(`dist: unknown build ${flavour} (es6 or es5)`)
  lngDist(flavour)
  if (flavour === 'es6') await lowerCoreEs6(join('dist/es6/js/lightning.min.js'))
  else await lowerCoreEs5(join('dist/es5/js/lightning.es5.min.js'))
  console.log(`dist/${flavour}: Lightning core lowered to ${flavour === 'es6' ? 'ES2017' : 'ES5'}`)
}
