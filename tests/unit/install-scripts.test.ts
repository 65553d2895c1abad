/**
 * npm 11 lists every dependency whose install script package.json's `allowScripts` does not cover (and
 * npm 12 will skip them). Each is decided: the Lightning SDK's postinstall is needed (it copies Lightning
 * and the polyfills into its support/ folder, which `lng build` copies to build/lib), esbuild's places
 * its native binary, core-js's only prints a funding banner. The webOS CLI (a dev dependency for `ares-package`)
 * brings ssh2 and cpu-features, whose scripts only build optional native speed-ups for ssh to a TV (ares-install),
 * and its own postinstall, none of which packaging needs: the ipk test builds without them.
 */
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

describe('install scripts', () => {
  it('every dependency with an install script is approved or denied in package.json', () => {
    const ls = spawnSync('npm', ['install-scripts', 'ls'], { encoding: 'utf8', timeout: 60_000 })
    expect(ls.status).toBe(0)
    expect(ls.stdout + ls.stderr).toContain('No packages with unreviewed install scripts.')
    const { allowScripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean> }
    expect(allowScripts).toEqual({ '@lightningjs/sdk': true, esbuild: true, 'core-js': false, '@webos-tools/cli': false, 'cpu-features': false, ssh2: false })
  }, 70_000)
})
