/**
 * The device key as Debian's Chromium runs it: src/platform/deviceKey.ts bundled for the browser, served
 * from 127.0.0.1 (a secure context, as the kiosk and the demo are), with the real crypto.subtle, IndexedDB
 * and localStorage. Chromium has WebCrypto Ed25519, so the key is a non-extractable CryptoKey that survives a
 * reload; the TweetNaCl fallback runs in the same bundle. Every signature is verified here with node:crypto.
 */
import { createPublicKey, verify } from 'node:crypto'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { startTinyServer, type TinyServer } from '../support/tinyHttp.js'

/** What the page's probe answers. */
interface Probe {
  kind: string
  jwk: { kty: string; crv: string; x: string; kid: string }
  message: string
  signature: string
  /** For the WebCrypto key: what IndexedDB holds (extractable flag, whether exportKey refused). */
  stored: { extractable: boolean; exportRefused: boolean } | null
  localStorageKeys: string[]
}

const PROBE = `
import { browserDeviceKeyEnv, loadOrCreateDeviceKey, indexedDbVault } from './src/platform/deviceKey.ts'
import { BrowserStore } from './src/platform/storage.ts'
import { base64UrlEncode, utf8Encode } from './src/plex/jwtCodec.ts'
window.deviceKeyProbe = async (fallback) => {
  const env = browserDeviceKeyEnv(new BrowserStore())
  const key = await loadOrCreateDeviceKey(fallback ? { ...env, subtle: null, vault: null } : env)
  const message = 'eyJhbGciOiJFZERTQSJ9.' + Date.now()
  const signature = base64UrlEncode(await key.sign(utf8Encode(message)))
  let stored = null
  const record = await indexedDbVault(indexedDB).load()
  if (record) {
    let exportRefused = false
    try { await crypto.subtle.exportKey('pkcs8', record.privateKey) } catch { exportRefused = true }
    stored = { extractable: record.privateKey.extractable, exportRefused }
  }
  return { kind: key.kind, jwk: key.jwk, message, signature, stored, localStorageKeys: Object.keys(localStorage) }
}
`

let server: TinyServer
let browser: Browser
let page: Page

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: PROBE, resolveDir: process.cwd(), sourcefile: 'probe.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2017',
  })
  const script = bundle.outputFiles[0]!.text
  server = await startTinyServer()
  server.handle((req, res) => {
    if (req.url === '/probe.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' })
      return void res.end(script)
    }
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end('<!doctype html><script src="/probe.js"></script>')
  })
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
  page = await browser.newPage()
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const probe = async (fallback: boolean): Promise<Probe> => {
  await page.goto(server.url)
  return page.evaluate((f) => (window as unknown as { deviceKeyProbe(f: boolean): Promise<Probe> }).deviceKeyProbe(f), fallback)
}
const verifies = (p: Probe) =>
  verify(null, Buffer.from(p.message), createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: p.jwk.x }, format: 'jwk' }), Buffer.from(p.signature, 'base64url'))

describe('device key in Chromium', () => {
  it('WebCrypto Ed25519: a non-extractable key in IndexedDB, in localStorage only the mark that it is kept, the same key after a reload', async () => {
    const first = await probe(false)
    expect(first.kind).toBe('webcrypto')
    expect(first.stored).toEqual({ extractable: false, exportRefused: true })
    // the mark holds the public half (KEPT_STORAGE_KEY), so the next start asks IndexedDB; nothing private
    expect(first.localStorageKeys).toEqual(['plexlink.deviceKey.kept'])
    expect(verifies(first)).toBe(true)
    const again = await probe(false)
    expect([again.kind, again.jwk.kid]).toEqual(['webcrypto', first.jwk.kid])
    expect(verifies(again)).toBe(true)
  })

  it('the TweetNaCl fallback signs in the browser bundle too, its seed in localStorage', async () => {
    await page.goto(server.url)
    await page.evaluate(() => localStorage.clear())
    const p = await probe(true)
    expect(p.kind).toBe('fallback')
    expect(p.localStorageKeys).toEqual(['plexlink.deviceKey.ed25519'])
    expect(verifies(p)).toBe(true)
  })
})
