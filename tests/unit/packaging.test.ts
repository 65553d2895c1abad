/**
 * What a TV installs: descriptors from metadata.json, checked against what the platforms' docs require,
 * and the packages `npm run package` makes from the shipped builds — both builds, the start page that picks
 * one, no source maps, icons at the sizes the platforms ask for, and a real webOS .ipk (ares-package).
 */
import { parse } from 'acorn'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { JSDOM } from 'jsdom'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHOOSER, ES2017_PROBE } from '../../scripts/loader.js'
import { buildPackages, type Packages } from '../../scripts/package.js'
import { TIZEN_ACCESS, tizenConfigXml, tizenPackageId, webosAppInfo, type Metadata } from '../../scripts/packaging.js'
import { shippedScripts } from '../../scripts/shipped.js'

const meta = JSON.parse(readFileSync('metadata.json', 'utf8')) as Metadata

const parsesAt = (src: string, ecmaVersion: 5 | 2016 | 2017) => {
  try {
    parse(src, { ecmaVersion, sourceType: 'script' })
    return true
  } catch {
    return false
  }
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path, base) : [path.slice(base.length + 1)]
  })
}

const pngSize = (path: string) => {
  const png = PNG.sync.read(readFileSync(path))
  return `${png.width}×${png.height}`
}

/** The members of an `ar` archive (a .ipk is one: debian-binary, control.tar.gz, data.tar.gz). */
function arMembers(buf: Buffer): Map<string, Buffer> {
  expect(buf.subarray(0, 8).toString('latin1')).toBe('!<arch>\n')
  const out = new Map<string, Buffer>()
  let at = 8
  while (at + 60 <= buf.length) {
    const name = buf.subarray(at, at + 16).toString('latin1').trim().replace(/\/$/, '')
    const size = Number(buf.subarray(at + 48, at + 58).toString('latin1').trim())
    out.set(name, buf.subarray(at + 60, at + 60 + size))
    at += 60 + size + (size % 2)
  }
  return out
}

/** The file names and contents in a tar stream (ustar, as ares-package writes it). */
function tarFiles(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  let at = 0
  while (at + 512 <= buf.length && buf[at] !== 0) {
    const field = (from: number, len: number) => buf.subarray(at + from, at + from + len).toString('latin1').replace(/\0.*$/s, '')
    const name = (field(345, 155) ? `${field(345, 155)}/` : '') + field(0, 100)
    const size = parseInt(field(124, 12).trim() || '0', 8)
    if (field(156, 1) === '0' || field(156, 1) === '') out.set(name.replace(/^\.\//, ''), buf.subarray(at + 512, at + 512 + size))
    at += 512 + Math.ceil(size / 512) * 512
  }
  return out
}

describe('descriptors from metadata.json', () => {
  it('Tizen config.xml: what Samsung requires (well-formed, id, x.y.z version, tizen:application, privileges, access)', () => {
    const doc = new (new JSDOM().window.DOMParser)().parseFromString(tizenConfigXml(meta), 'text/xml')
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0)
    const widget = doc.documentElement
    expect([widget.localName, widget.namespaceURI]).toEqual(['widget', 'http://www.w3.org/ns/widgets'])
    expect(widget.getAttribute('version')).toBe(meta.version)
    expect(widget.getAttribute('id')).toMatch(/^https?:\/\/\S+$/)
    const TIZEN = 'http://tizen.org/ns/widgets'
    const app = doc.getElementsByTagNameNS(TIZEN, 'application')[0]!
    const pkg = tizenPackageId(meta.identifier)
    // {package}.{name}: a 10-character alphanumeric package id, stable from one version to the next
    expect(pkg).toMatch(/^[A-Za-z0-9]{10}$/)
    expect(tizenPackageId(meta.identifier)).toBe(pkg)
    expect(app.getAttribute('package')).toBe(pkg)
    expect(app.getAttribute('id')).toMatch(new RegExp(`^${pkg}\\.[A-Za-z0-9]{1,52}$`))
    expect(app.getAttribute('required_version')).toBe('3.0')
    expect([...doc.getElementsByTagNameNS(TIZEN, 'privilege')].map((p) => p.getAttribute('name')).sort()).toEqual([
      'http://tizen.org/privilege/internet',
      'http://tizen.org/privilege/tv.inputdevice',
    ])
    expect(doc.getElementsByTagNameNS(TIZEN, 'profile')[0]!.getAttribute('name')).toBe('tv-samsung')
    const access = [...doc.getElementsByTagName('access')].map((a) => ({ origin: a.getAttribute('origin'), subdomains: a.getAttribute('subdomains') === 'true' }))
    expect(access).toEqual(TIZEN_ACCESS)
    expect(access).toContainEqual({ origin: 'https://plex.tv', subdomains: true })
    expect(access).toContainEqual({ origin: 'https://plex.direct', subdomains: true })
    expect(doc.getElementsByTagName('name')[0]!.textContent).toBe(meta.name)
  })

  it('webOS appinfo.json: id, version, title, icons, splash, and Back delivered to the app', () => {
    expect(webosAppInfo(meta)).toMatchObject({
      id: meta.identifier, version: meta.version, title: meta.name, type: 'web', main: 'index.html',
      icon: 'icon.png', largeIcon: 'largeIcon.png', splashBackground: 'splash.png', disableBackHistoryAPI: true,
    })
    // webOS app ids: lowercase letters, digits, '-' and '.', starting alphanumeric (appinfo.json reference)
    expect(meta.identifier).toMatch(/^[a-z0-9][a-z0-9.-]+$/)
  })

  it('a version a TV store would refuse is refused here, and names are escaped', () => {
    expect(() => webosAppInfo({ ...meta, version: '1.0.0-beta' })).toThrow(/x\.y\.z/)
    expect(() => tizenConfigXml({ ...meta, version: '256.0.0' })).toThrow(/255/)
    expect(tizenConfigXml({ ...meta, name: 'A & B <TV>' })).toContain('<name>A &amp; B &lt;TV&gt;</name>')
  })
})

describe('the start page', () => {
  it('its probe parses as ES2017 and not as ES2016, so an older engine never runs it; the chooser is ES5', () => {
    expect(parsesAt(ES2017_PROBE, 2017)).toBe(true)
    expect(parsesAt(ES2017_PROBE, 2016)).toBe(false)
    expect(parsesAt(CHOOSER, 5)).toBe(true)
    // feature tests, never the user agent
    expect(`${ES2017_PROBE}${CHOOSER}`).not.toMatch(/userAgent|navigator/)
  })
})

describe('npm run package', () => {
  let out = ''
  let made: Packages

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'plexlink-package-'))
    made = buildPackages({ out })
  }, 180_000)
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it.each(['tizen', 'webos'] as const)('%s: the start page, both builds at their syntax level, no source maps', { timeout: 60_000 }, (platform) => {
    const dir = made[platform]
    const all = files(dir)
    expect(all).toEqual(expect.arrayContaining(['index.html', 'es6/index.html', 'es5/index.html', 'es6/js/appBundle.js', 'es5/js/appBundle.es5.js']))
    expect(all.filter((f) => f.endsWith('.map'))).toEqual([])
    for (const f of all.filter((n) => n.endsWith('.js'))) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/sourceMappingURL/)
    for (const [flavour, level] of [['es6', 2017], ['es5', 5]] as const) {
      const tooNew = shippedScripts(join(dir, flavour)).filter((s) => !parsesAt(s.source, level)).map((s) => s.name)
      expect(tooNew, `${platform}/${flavour}`).toEqual([])
    }
    const start = shippedScripts(dir)
    expect(start.map((s) => s.source.trim())).toEqual([ES2017_PROBE.trim(), CHOOSER.trim()])
  })

  it('icons and splash at the sizes the platforms ask for, each file the descriptors name present', () => {
    const config = readFileSync(join(made.tizen, 'config.xml'), 'utf8')
    for (const src of [...config.matchAll(/<(?:icon|content) src="([^"]+)"/g)].map((m) => m[1]!)) expect(existsSync(join(made.tizen, src)), src).toBe(true)
    expect(pngSize(join(made.tizen, 'icon.png'))).toBe('117×117')
    const info = JSON.parse(readFileSync(join(made.webos, 'appinfo.json'), 'utf8')) as Record<string, string>
    expect(pngSize(join(made.webos, info.icon!))).toBe('80×80')
    expect(pngSize(join(made.webos, info.largeIcon!))).toBe('130×130')
    expect(pngSize(join(made.webos, info.splashBackground!))).toBe('1920×1080')
    expect(existsSync(join(made.webos, info.main!))).toBe(true)
    // the store assets, drawn by scripts/icons.ts
    expect(pngSize('assets/tv/lg-store-icon-400.png')).toBe('400×400')
    expect(pngSize('assets/tv/samsung-store-icon-512x423.png')).toBe('512×423')
    expect(pngSize('assets/tv/samsung-store-logo-1920x1080.png')).toBe('1920×1080')
    expect(pngSize('assets/tv/samsung-store-background-1920x1080.png')).toBe('1920×1080')
    // not the stock Lightning icon: the splash is not black and shows the amber mark
    const splash = PNG.sync.read(readFileSync(join(made.webos, 'splash.png')))
    let amber = 0
    for (let i = 0; i < splash.data.length; i += 4) if (splash.data[i]! > 200 && splash.data[i + 1]! > 130 && splash.data[i + 1]! < 190 && splash.data[i + 2]! < 60) amber++
    expect(amber).toBeGreaterThan(1000)
  })

  it('a real webOS .ipk: ar archive with control and data, the app under usr/palm/applications/<id>', () => {
    const ar = arMembers(readFileSync(made.ipk))
    expect([...ar.keys()]).toEqual(['debian-binary', 'control.tar.gz', 'data.tar.gz'])
    expect(ar.get('debian-binary')!.toString()).toBe('2.0\n')
    const control = tarFiles(gunzipSync(ar.get('control.tar.gz')!))
    expect(control.get('control')!.toString()).toMatch(new RegExp(`^Package: ${meta.identifier.replace(/\./g, '\\.')}$[\\s\\S]*^Version: ${meta.version}$`, 'm'))
    const data = tarFiles(gunzipSync(ar.get('data.tar.gz')!))
    const app = `usr/palm/applications/${meta.identifier}/`
    for (const f of ['appinfo.json', 'index.html', 'icon.png', 'largeIcon.png', 'splash.png', 'es6/index.html', 'es6/js/appBundle.js', 'es5/js/appBundle.es5.js']) {
      expect(data.has(app + f), app + f).toBe(true)
    }
    expect([...data.keys()].filter((f) => f.endsWith('.map'))).toEqual([])
    // shipped as built: not rewritten by the packager's minifier
    expect(data.get(`${app}es6/js/appBundle.js`)!.equals(readFileSync(join(made.webos, 'es6/js/appBundle.js')))).toBe(true)
    expect(JSON.parse(data.get(`${app}appinfo.json`)!.toString())).toEqual(webosAppInfo(meta))
  })
})
