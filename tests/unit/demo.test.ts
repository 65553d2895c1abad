/**
 * `HOST=0.0.0.0 npm run demo` used to crash with the simulator's "binds to loopback only" stack trace. The
 * demo stays on this machine and says so, with what to run instead to try the app on a TV on the network.
 */
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'

describe('npm run demo with HOST set to the network', () => {
  it('refuses in plain words (exit 2, no stack trace) and names the static build to serve instead', () => {
    const run = spawnSync('npx', ['tsx', 'scripts/demo.ts'], { env: { ...process.env, HOST: '0.0.0.0', APP_PORT: '0', SIM_PORT: '0' }, encoding: 'utf8', timeout: 60_000 })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('npm run demo serves this machine only (HOST=0.0.0.0 is not supported).')
    expect(run.stderr).toContain('HOST=0.0.0.0 npx tsx scripts/serve.ts build')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  }, 70_000)
})
