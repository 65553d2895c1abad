/**
 * The Raspberry Pi kiosk kit, checked with the tools a Pi admin would use: shellcheck on every shell
 * script, systemd-analyze on the unit (installed into a scratch root, as on a Pi), and the kiosk's own
 * app server merging the Pi's settings (720p, device name) into the shipped index.html.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startKioskServer } from '../support/kioskServer.js'

describe('kiosk kit', () => {
  it('every shell script passes shellcheck', () => {
    const scripts = [...readdirSync('kiosk').filter((f) => f.endsWith('.sh')).map((f) => `kiosk/${f}`), ...readdirSync('scripts').filter((f) => f.endsWith('.sh')).map((f) => `scripts/${f}`), '.ci/run']
    const r = spawnSync('shellcheck', ['--shell=bash', ...scripts], { encoding: 'utf8' })
    expect(r.error?.message ?? '').toBe('') // shellcheck is installed by scripts/install.sh
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('the systemd unit verifies cleanly once installed where it points', () => {
    const root = mkdtempSync(join(tmpdir(), 'plexlink-root-'))
    mkdirSync(join(root, 'opt/plexlink/kiosk'), { recursive: true })
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true })
    mkdirSync(join(root, 'usr/lib/systemd'), { recursive: true })
    cpSync('kiosk/plexlink-kiosk.sh', join(root, 'opt/plexlink/kiosk/plexlink-kiosk.sh'))
    cpSync('kiosk/blank-cursor.py', join(root, 'opt/plexlink/kiosk/blank-cursor.py'))
    // the programs the unit runs, as apt installs them on the Pi (cage, python3)
    mkdirSync(join(root, 'usr/bin'), { recursive: true })
    for (const bin of ['cage', 'python3']) cpSync(`/usr/bin/${bin}`, join(root, 'usr/bin', bin), { dereference: true })
    cpSync('kiosk/plexlink-kiosk.service', join(root, 'etc/systemd/system/plexlink-kiosk.service'))
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true })
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, 'plexlink-kiosk.service'], { encoding: 'utf8' })
    // any output is a warning (an unknown key is only a warning, exit 0): none is allowed
    expect((r.stdout + r.stderr).split('\n').filter((l) => l.includes('plexlink'))).toEqual([])
    expect(r.status).toBe(0)
  })

  it("the kiosk's server sends the shipped page with the Pi's settings merged in", { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexlink-kiosk-'))
    writeFileSync(join(dir, 'index.html'), '<script>\n            const appSettings = {\n  "stage": { "clearColor": "0xff0e1116" },\n  "plex": { "deviceName": "" }\n}\n</script>')
    writeFileSync(join(dir, 'device-name'), 'Kitchen Pi\n')
    const server = await startKioskServer(dir, 'kiosk/settings.json', join(dir, 'device-name'))
    try {
      const html = await fetch(server.url).then((r) => r.text())
      const settings = JSON.parse(/const appSettings = (\{[\s\S]*\n\})/.exec(html)![1]!) as { stage: Record<string, unknown>; plex: Record<string, unknown> }
      expect(settings.stage).toEqual({ clearColor: '0xff0e1116', w: 1280, h: 720, precision: 0.6666666667 })
      expect(settings.plex.deviceName).toBe('Kitchen Pi')
    } finally {
      server.stop()
    }
  })

  it('the unit starts cage on tty1 as an unprivileged user (cage refuses root) and restarts it on a crash', () => {
    const unit = readFileSync('kiosk/plexlink-kiosk.service', 'utf8')
    const keys = Object.fromEntries(unit.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    expect(keys).toMatchObject({ User: 'plexlink', TTYPath: '/dev/tty1', PAMName: 'login', Restart: 'always', Conflicts: 'getty@tty1.service', WantedBy: 'graphical.target' })
    expect(keys.ExecStart).toMatch(/^\/usr\/bin\/cage .*-- \/opt\/plexlink\/kiosk\/plexlink-kiosk\.sh$/)
    expect(unit).not.toMatch(/graphical-session\.target/) // a user unit waiting for a desktop session may never start
  })

  it('the blank cursor theme is valid Xcursor: every cursor one transparent pixel', { timeout: 30_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexlink-cursor-'))
    execFileSync('python3', ['kiosk/blank-cursor.py', join(dir, 'plexlink-blank')])
    for (const name of ['left_ptr', 'default', 'text', 'pointer']) {
      const b = readFileSync(join(dir, 'plexlink-blank/cursors', name))
      // header: magic, header size, version, one table entry → an image chunk of 1×1 at the offset it gives
      expect(b.subarray(0, 4).toString('latin1')).toBe('Xcur')
      expect([b.readUInt32LE(4), b.readUInt32LE(12), b.readUInt32LE(16)]).toEqual([16, 1, 0xfffd0002])
      const at = b.readUInt32LE(24)
      expect([b.readUInt32LE(at), b.readUInt32LE(at + 4), b.readUInt32LE(at + 16), b.readUInt32LE(at + 20)]).toEqual([36, 0xfffd0002, 1, 1])
      expect(b.readUInt32LE(at + 36)).toBe(0) // ARGB 0: fully transparent
      expect(b.length).toBe(at + 36 + 4)
    }
  })

  it('the kiosk flags are the ones a kiosk needs', () => {
    const flags = execFileSync('grep', ['-v', '^#', 'kiosk/chromium-flags'], { encoding: 'utf8' }).split('\n')
    expect(flags).toEqual(expect.arrayContaining(['--kiosk', '--noerrdialogs', '--disable-infobars', '--check-for-update-interval=31536000']))
  })
})
