/** TV package descriptors carry metadata.json's id, name and version, and nothing else decides them. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tizenConfigXml, tizenPackageId, webosAppInfo, type Metadata } from '../../scripts/packaging.js'

const meta = JSON.parse(readFileSync('metadata.json', 'utf8')) as Metadata

describe('TV packages from metadata.json', () => {
  it('Tizen config.xml: version, name, a stable 10-character package id, the tvinputdevice privilege', () => {
    const xml = tizenConfigXml(meta)
    expect(xml).toContain(`version="${meta.version}"`)
    expect(xml).toContain(`<name>${meta.name}</name>`)
    const pkg = tizenPackageId(meta.identifier)
    expect(pkg).toMatch(/^[A-Za-z0-9]{10}$/)
    expect(tizenPackageId(meta.identifier)).toBe(pkg)
    expect(xml).toContain(`package="${pkg}"`)
    expect(xml).toContain('http://tizen.org/privilege/tv.inputdevice')
  })

  it('webOS appinfo.json: id, version, title, and Back delivered to the app', () => {
    expect(webosAppInfo(meta)).toMatchObject({ id: meta.identifier, version: meta.version, title: meta.name, main: 'index.html', disableBackHistoryAPI: true })
  })

  it('a version a TV store would refuse is refused here, and names are escaped', () => {
    expect(() => webosAppInfo({ ...meta, version: '1.0.0-beta' })).toThrow(/x\.y\.z/)
    expect(tizenConfigXml({ ...meta, name: 'A & B <TV>' })).toContain('<name>A &amp; B &lt;TV&gt;</name>')
  })
})
