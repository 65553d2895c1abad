/**
 * `npm run demo` (scripts/demo.sh): on a fresh machine its `npm ci` is silent for about a minute, so the
 * demo says every few seconds that it is still installing; and `HOST=0.0.0.0 npm run demo` used to crash
 * with the simulator's "binds to loopback only" stack trace: the demo stays on this machine and says so,
 * with what to run instead to try the app on a TV on the network.
 */
import { describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const DEMO_SH = join(import.meta.dirname, '../../scripts/demo.sh')
const INSTALL_SH = join(import.meta.dirname, '../../scripts/install.sh')

/**
 * A fresh checkout in a temporary folder: the real demo.sh and install.sh, a package-lock.json and no
 * node_modules (so `npm ci` runs), and a fake `npm` first on PATH whose `ci` takes a few seconds and whose
 * build fails, so the demo stops before it would serve anything.
 */
function freshCheckout(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'demo-progress-'))
  mkdirSync(join(dir, 'scripts'))
  copyFileSync(DEMO_SH, join(dir, 'scripts/demo.sh'))
  copyFileSync(INSTALL_SH, join(dir, 'scripts/install.sh'))
  writeFileSync(join(dir, 'package-lock.json'), '{}\n')
  mkdirSync(join(dir, 'bin'))
  const npm = join(dir, 'bin/npm')
  writeFileSync(
    npm,
    [
      '#!/usr/bin/env bash',
      'if [ "$1" = ci ]; then echo "fake npm ci: started" >&2; sleep 4; echo "fake npm ci: finished" >&2; exit 0; fi',
      'echo "fake npm: $*" >&2',
      'exit 1',
      '',
    ].join('\n'),
  )
  chmodSync(npm, 0o755)
  return { dir, path: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

describe('npm run demo', () => {
  it('says it is still installing while npm ci runs, and stops saying so when it is done', async () => {
    const { dir, path } = freshCheckout()
    try {
      // both streams in one pipe, so the order of the demo's lines and the progress lines is the order written
      const result = await run('bash', ['-c', `"${join(dir, 'scripts/demo.sh')}" 2>&1`], { ...process.env, PATH: path, DEMO_PROGRESS_EVERY: '1', HOST: '127.0.0.1' })
      const lines = result.stdout.split('\n')
      const started = lines.indexOf('fake npm ci: started')
      const finished = lines.indexOf('fake npm ci: finished')
      const building = lines.indexOf('── building the app')
      expect(started).toBeGreaterThanOrEqual(0)
      expect(finished).toBeGreaterThan(started)
      expect(building).toBeGreaterThan(finished)
      expect(result.stdout).toContain('── npm ci')
      // progress lines while npm ci runs; none once the demo has moved on to the build (the ticker is ended
      // when the step returns — a tick may still land in the moment between npm ci's last line and its exit)
      const progress = lines.flatMap((l, i) => (/^ {3}… still installing npm packages \(\d+ s\)$/.test(l) ? [i] : []))
      expect(progress.filter((i) => i > started && i < finished).length).toBeGreaterThan(0)
      expect(progress.filter((i) => i > building)).toEqual([])
      // then on to the build, which the fake npm fails: the demo stops there
      expect(result.status).toBe(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('with HOST set to the network, refuses in plain words (exit 2, no stack trace) and names the static build to serve instead', () => {
    for (const [command, args] of [
      ['bash', [DEMO_SH]],
      ['npx', ['tsx', 'scripts/demo.ts']],
    ] as const) {
      const result = spawnSync(command, args, { env: { ...process.env, HOST: '0.0.0.0', APP_PORT: '0', SIM_PORT: '0' }, encoding: 'utf8', timeout: 60_000 })
      expect(result.status).toBe(2)
      expect(result.stderr).toContain('npm run demo serves this machine only (HOST=0.0.0.0 is not supported).')
      expect(result.stderr).toContain('HOST=0.0.0.0 npx tsx scripts/serve.ts build')
      expect(result.stderr).not.toMatch(/\n\s+at /)
      // nothing was installed or built first
      expect(result.stdout).not.toContain('──')
    }
  }, 130_000)
})
