/**
 * The Raspberry Pi kiosk kit, checked with the tools a Pi admin would use: shellcheck on every shell
 * script, systemd-analyze on the unit (installed into a scratch root, as on a Pi), and the kiosk's own
 * app server merging the Pi's settings (720p, device name) into the shipped index.html.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
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
    cpSync('kiosk/plexlink-kiosk.service', join(root, 'etc/systemd/system/plexlink-kiosk.service'))
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true })
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, 'plexlink-kiosk.service'], { encoding: 'utf8' })
    // any output is a warning (an unknown key is only a warning, exit 0): none is allowed
    expect((r.stdout + r.stderr).split('\n').filter((l) => l.includes('plexlink'))).toEqual([])
    expect(r.status).toBe(0)
  })

  it("the kiosk's server sends the shipped page with the Pi's settings merged in", async () => {
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

  it('the kiosk flags are the ones a kiosk needs', () => {
    const flags = execFileSync('grep', ['-v', '^#', 'kiosk/chromium-flags'], { encoding: 'utf8' }).split('\n')
    expect(flags).toEqual(expect.arrayContaining(['--kiosk', '--noerrdialogs', '--disable-infobars', '--check-for-update-interval=31536000']))
  })
})
