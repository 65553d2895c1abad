/**
 * The TV's Ed25519 key (src/platform/deviceKey.ts): WebCrypto with a non-extractable key in IndexedDB
 * (fake-indexeddb here; real Chromium in platform-device-key-browser.test.ts), and the TweetNaCl fallback
 * with its seed in the app's storage. Signatures are checked with node:crypto, the JWK thumbprint and a
 * signature against RFC 8037's own Ed25519 examples.
 */
import { createPublicKey, verify, webcrypto } from 'node:crypto'
import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import {
  browserDeviceKeyEnv,
  FALLBACK_STORAGE_KEY,
  forgetDeviceKey,
  indexedDbVault,
  jwkThumbprint,
  loadOrCreateDeviceKey,
  newWebCryptoKey,
  KEPT_STORAGE_KEY,
  type CryptoKeyVault,
  type DeviceKey,
  type DeviceKeyEnv,
  type StoredCryptoKey,
} from '../../src/platform/deviceKey.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { base64UrlDecode, base64UrlEncode, utf8Encode } from '../../src/plex/jwtCodec.js'

const subtle = webcrypto.subtle as SubtleCrypto
const random = (n: number) => webcrypto.getRandomValues(new Uint8Array(n))

function env(over: Partial<DeviceKeyEnv> = {}): DeviceKeyEnv {
  return { subtle, vault: indexedDbVault(new IDBFactory()), store: new MemoryStore(), randomBytes: random, now: () => 1_700_000_000_000, ...over }
}

async function verifies(key: DeviceKey, message = 'header.payload'): Promise<boolean> {
  const data = utf8Encode(message)
  const signature = await key.sign(data)
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.jwk.x }, format: 'jwk' })
  return signature.length === 64 && verify(null, data, publicKey, signature)
}

describe('the public JWK and its kid (plex-api.md §9)', () => {
  it('kid is the RFC 7638 thumbprint: RFC 8037 A.3 example', () => {
    expect(jwkThumbprint('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k')
  })
})

describe('WebCrypto Ed25519 with the key in IndexedDB', () => {
  it('makes a non-extractable key once, keeps it in IndexedDB, and signs what node:crypto verifies', async () => {
    const e = env()
    const key = (await loadOrCreateDeviceKey(e))!
    expect(key.kind).toBe('webcrypto')
    expect(key.jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: jwkThumbprint(key.jwk.x), use: 'sig', alg: 'EdDSA' })
    expect(await verifies(key)).toBe(true)
    const stored = (await e.vault!.load())!
    expect(stored.privateKey.extractable).toBe(false)
    await expect(subtle.exportKey('pkcs8', stored.privateKey)).rejects.toThrow()
    // nothing in the app's own storage
    expect(e.store.get(FALLBACK_STORAGE_KEY)).toBeNull()
    const again = (await loadOrCreateDeviceKey(e))!
    expect([again.kind, again.jwk.kid, again.createdAt]).toEqual(['webcrypto', key.jwk.kid, key.createdAt])
    expect(await verifies(again)).toBe(true)
  })

  it('a first start makes the key without asking IndexedDB first, keeps it, and marks it kept for the next start', async () => {
    const real = indexedDbVault(new IDBFactory())
    const asked: string[] = []
    const vault: CryptoKeyVault = {
      load: () => (asked.push('load'), real.load()),
      save: (k) => (asked.push('save'), real.save(k)),
      clear: () => (asked.push('clear'), real.clear()),
    }
    const store = new MemoryStore()
    const key = (await loadOrCreateDeviceKey(env({ vault, store, fresh: true })))!
    expect([key.kind, asked]).toEqual(['webcrypto', ['save']])
    expect(store.get(KEPT_STORAGE_KEY)).toBe(key.jwk.x)
    expect((await real.load())!.x).toBe(key.jwk.x)
    // the next start is not fresh: it loads the kept key, and the marker goes with forgetDeviceKey
    const again = (await loadOrCreateDeviceKey(env({ vault, store, fresh: false })))!
    expect([again.jwk.kid, asked]).toEqual([key.jwk.kid, ['save', 'load']])
    await forgetDeviceKey({ vault, store })
    expect(store.get(KEPT_STORAGE_KEY)).toBeNull()
  })

  it('a start is fresh only with no key marked kept and nothing made with one (no account, no pending code)', () => {
    const store = new MemoryStore()
    expect(browserDeviceKeyEnv(store).fresh).toBe(true)
    store.set(storageKeys.pendingPins, '[]')
    expect(browserDeviceKeyEnv(store).fresh).toBe(false)
    store.remove(storageKeys.pendingPins)
    store.set(storageKeys.authToken, 'token')
    expect(browserDeviceKeyEnv(store).fresh).toBe(false)
    store.remove(storageKeys.authToken)
    store.set(KEPT_STORAGE_KEY, 'x')
    expect(browserDeviceKeyEnv(store).fresh).toBe(false)
  })

  it('forgetDeviceKey drops it: the next load makes another key', async () => {
    const e = env()
    const first = (await loadOrCreateDeviceKey(e))!
    await forgetDeviceKey(e)
    const second = (await loadOrCreateDeviceKey(e))!
    expect(second.jwk.kid).not.toBe(first.jwk.kid)
  })

  it('probes the engine: an engine whose WebCrypto has no Ed25519 gets the fallback', async () => {
    const noEd25519 = { generateKey: () => Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError')) } as unknown as SubtleCrypto
    expect(await newWebCryptoKey(subtle, () => 1)).toMatchObject({ x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), createdAt: 1 })
    expect(await newWebCryptoKey(noEd25519, () => 1)).toBeNull()
    expect(await newWebCryptoKey(null, () => 1)).toBeNull()
    const key = (await loadOrCreateDeviceKey(env({ subtle: noEd25519 })))!
    expect(key.kind).toBe('fallback')
    expect(await verifies(key)).toBe(true)
  })

  it('IndexedDB refusing to keep the key → fallback, not a key lost at the next start', async () => {
    const broken: CryptoKeyVault = { load: async () => null, save: () => Promise.reject(new Error('QuotaExceededError')), clear: async () => undefined }
    const e = env({ vault: broken })
    const key = (await loadOrCreateDeviceKey(e))!
    expect(key.kind).toBe('fallback')
    expect((await loadOrCreateDeviceKey(e))!.jwk.kid).toBe(key.jwk.kid)
    const forgetful: CryptoKeyVault = { load: async () => null, save: async () => null, clear: async () => undefined }
    expect((await loadOrCreateDeviceKey(env({ vault: forgetful })))!.kind).toBe('fallback')
  })
})

describe('fallback: TweetNaCl with the seed in the app storage', () => {
  it('no crypto.subtle (insecure context, old engine): the seed goes to storage, and the key survives a restart', async () => {
    const store = new MemoryStore()
    const key = (await loadOrCreateDeviceKey(env({ subtle: null, vault: null, store })))!
    expect(key.kind).toBe('fallback')
    expect(await verifies(key)).toBe(true)
    const kept = JSON.parse(store.get(FALLBACK_STORAGE_KEY)!) as { seed: string; createdAt: number }
    expect(base64UrlDecode(kept.seed)!.length).toBe(32)
    const again = (await loadOrCreateDeviceKey(env({ subtle: null, vault: null, store })))!
    expect(again.jwk).toEqual(key.jwk)
  })

  it('signs exactly as RFC 8037 A.4 says for its example key', async () => {
    const store = new MemoryStore()
    store.set(FALLBACK_STORAGE_KEY, JSON.stringify({ seed: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', createdAt: 1 }))
    const key = (await loadOrCreateDeviceKey(env({ subtle: null, vault: null, store })))!
    expect(key.jwk.x).toBe('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')
    const signature = await key.sign(utf8Encode('eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc'))
    expect(base64UrlEncode(signature)).toBe('hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg')
  })

  it('a kept fallback key stays in use once the engine gains Ed25519 (a new key would mean linking again)', async () => {
    const store = new MemoryStore()
    const old = (await loadOrCreateDeviceKey(env({ subtle: null, vault: null, store })))!
    const updated = (await loadOrCreateDeviceKey(env({ store })))!
    expect([updated.kind, updated.jwk.kid]).toEqual(['fallback', old.jwk.kid])
  })

  it('a damaged stored seed is replaced; no secure random source → no key at all', async () => {
    const store = new MemoryStore()
    store.set(FALLBACK_STORAGE_KEY, '{"seed":"short","createdAt":1}')
    expect((await loadOrCreateDeviceKey(env({ subtle: null, vault: null, store })))!.jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await loadOrCreateDeviceKey(env({ subtle: null, vault: null, store: new MemoryStore(), randomBytes: null }))).toBeNull()
  })
})

describe('the IndexedDB vault', () => {
  it('keeps a CryptoKey by structured clone and reads back only a well-formed record', async () => {
    const factory = new IDBFactory()
    const vault = indexedDbVault(factory)
    expect(await vault.load()).toBeNull()
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair
    const record: StoredCryptoKey = { privateKey: pair.privateKey, x: 'x'.repeat(43), createdAt: 5 }
    await vault.save(record)
    const back = (await indexedDbVault(factory).load())!
    expect([back.x, back.createdAt, back.privateKey.type, back.privateKey.extractable]).toEqual(['x'.repeat(43), 5, 'private', false])
    await vault.clear()
    expect(await vault.load()).toBeNull()
  })
})
