/**
 * This TV's Ed25519 key for plex.tv's JWT device authentication (plex-api.md §9), created once and kept.
 *
 * - **WebCrypto** where the engine signs with Ed25519 and has IndexedDB: the private key is generated
 *   non-extractable and kept as a `CryptoKey` in IndexedDB (structured clone keeps it non-extractable). Script
 *   running in the app's origin can ask it to sign, but nothing — not the app, not someone reading the
 *   browser profile through the app — can read the private key bytes out through the web platform.
 * - **Fallback** elsewhere (older engines, and any page that is not a secure context, where `crypto.subtle`
 *   does not exist): TweetNaCl (tweetnacl-js 1.0.3, audited by Cure53 in 2017; plain ES5, no BigInt — the
 *   audited @noble/ed25519 3.x uses BigInt literals, which our ES2017 build target rejects) with the 32-byte
 *   seed in the app's storage (localStorage). Anyone who can read that storage can copy the key and act as
 *   this TV towards plex.tv until the device is revoked in Authorized Devices.
 *
 * The public JWK's `kid` is its RFC 7638 thumbprint (SHA-256 of {"crv","kty","x"}, base64url), as the Go
 * client does; python-plexapi's sha256(private ‖ public) needs the private bytes, which WebCrypto keeps from us.
 * Without a secure random source no key is made (null): the TV stays on legacy tokens.
 */
// nacl.js, not the package's default nacl-fast.js: a few signatures an hour need no speed, and it is 4 KB smaller (gzip)
import nacl from 'tweetnacl/nacl.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { DevicePublicJwk, DeviceSigner } from '../plex/jwt.js'
import { base64UrlDecode, base64UrlEncode, utf8Encode } from '../plex/jwtCodec.js'
import type { KeyValueStore } from './storage.js'
import { ACCOUNT_KEYS } from './storageKeys.js'

export type DeviceKeyKind = 'webcrypto' | 'fallback'

export interface DeviceKey extends DeviceSigner {
  readonly kind: DeviceKeyKind
  /** Epoch ms when the key was made. */
  readonly createdAt: number
}

/** RFC 7638 JWK thumbprint of an Ed25519 public key: base64url(SHA-256('{"crv":"Ed25519","kty":"OKP","x":"…"}')). */
export function jwkThumbprint(x: string): string {
  return base64UrlEncode(sha256(utf8Encode(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`)))
}

/** The public JWK plex.tv takes (§9), from the base64url public key. */
export function devicePublicJwk(x: string): DevicePublicJwk {
  return { kty: 'OKP', crv: 'Ed25519', x, kid: jwkThumbprint(x), use: 'sig', alg: 'EdDSA' }
}

/** What IndexedDB keeps for the WebCrypto key. */
export interface StoredCryptoKey {
  privateKey: CryptoKey
  /** base64url public key. */
  x: string
  createdAt: number
}

/** Where the WebCrypto key lives; a seam so tests can use fake-indexeddb or a Map. */
export interface CryptoKeyVault {
  load(): Promise<StoredCryptoKey | null>
  /** Keeps the key and returns it as read back in the same committed transaction (null: not kept as given). */
  save(key: StoredCryptoKey): Promise<StoredCryptoKey | null>
  clear(): Promise<void>
}

const DB_NAME = 'plexlink'
const DB_STORE = 'deviceKey'
const DB_RECORD = 'ed25519'
/** localStorage key of the fallback key (BrowserStore adds its "plexlink." prefix). */
export const FALLBACK_STORAGE_KEY = 'deviceKey.ed25519'
/** localStorage key saying a WebCrypto key is kept in IndexedDB (its public `x`), so a first start need not ask. */
export const KEPT_STORAGE_KEY = 'deviceKey.kept'

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'))
  })
}

/** The key in IndexedDB database "plexlink", store "deviceKey", record "ed25519". */
export function indexedDbVault(factory: IDBFactory): CryptoKeyVault {
  const open = () => {
    const r = factory.open(DB_NAME, 1)
    r.onupgradeneeded = () => r.result.createObjectStore(DB_STORE)
    return request(r)
  }
  const run = async <T>(mode: IDBTransactionMode, body: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open()
    try {
      const tx = db.transaction(DB_STORE, mode)
      const result = await request(body(tx.objectStore(DB_STORE)))
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
      })
      return result
    } finally {
      db.close()
    }
  }
  return {
    async load() {
      return storedKeyOf(await run('readonly', (s) => s.get(DB_RECORD)))
    },
    async save(key) {
      // put and read back in one transaction: one connection, where each round trip to IndexedDB can wait
      // long behind a starting app (Chromium runs its replies after the page's own work)
      return storedKeyOf(
        await run('readwrite', (s) => {
          s.put(key, DB_RECORD)
          return s.get(DB_RECORD)
        }),
      )
    },
    async clear() {
      await run('readwrite', (s) => s.delete(DB_RECORD))
    },
  }
}

/** A well-formed record read from IndexedDB, else null. */
function storedKeyOf(value: unknown): StoredCryptoKey | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Partial<StoredCryptoKey>
  if (typeof v.x !== 'string' || typeof v.createdAt !== 'number' || typeof v.privateKey !== 'object' || v.privateKey === null) return null
  return { privateKey: v.privateKey, x: v.x, createdAt: v.createdAt }
}

/**
 * A new non-extractable Ed25519 key, if this engine's WebCrypto makes one and signs with it (Chromium 137+,
 * Safari 17+, Firefox 129+, Node 20; probed by doing it, not guessed from the engine); else null.
 */
export async function newWebCryptoKey(subtle: SubtleCrypto | null, now: () => number): Promise<StoredCryptoKey | null> {
  if (!subtle) return null
  try {
    const pair = await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
    const signature = await subtle.sign({ name: 'Ed25519' }, pair.privateKey, new Uint8Array([1]))
    if (signature.byteLength !== 64) return null
    // the public half is always exportable; the private one was made non-extractable above
    const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey))
    return { privateKey: pair.privateKey, x: base64UrlEncode(raw), createdAt: now() }
  } catch {
    return null
  }
}

function webCryptoKey(subtle: SubtleCrypto, stored: StoredCryptoKey): DeviceKey {
  return {
    kind: 'webcrypto',
    createdAt: stored.createdAt,
    jwk: devicePublicJwk(stored.x),
    async sign(data) {
      return new Uint8Array(await subtle.sign({ name: 'Ed25519' }, stored.privateKey, new Uint8Array(data)))
    },
  }
}

function fallbackKey(seed: Uint8Array, createdAt: number): DeviceKey {
  const pair = nacl.sign.keyPair.fromSeed(seed)
  return {
    kind: 'fallback',
    createdAt,
    jwk: devicePublicJwk(base64UrlEncode(pair.publicKey)),
    sign(data) {
      return Promise.resolve(nacl.sign.detached(data, pair.secretKey))
    },
  }
}

function readFallback(store: KeyValueStore): { seed: Uint8Array; createdAt: number } | null {
  const text = store.get(FALLBACK_STORAGE_KEY)
  if (text === null) return null
  try {
    const v = JSON.parse(text) as { seed?: unknown; createdAt?: unknown }
    const seed = typeof v.seed === 'string' ? base64UrlDecode(v.seed) : null
    if (!seed || seed.length !== 32 || typeof v.createdAt !== 'number') return null
    return { seed, createdAt: v.createdAt }
  } catch {
    return null
  }
}

export interface DeviceKeyEnv {
  /**
   * Nothing on this TV can have a key yet: no key is marked kept, and nothing was made with one (no account,
   * no pending code). IndexedDB is then not asked for a kept key before one is made.
   */
  fresh?: boolean
  /** `crypto.subtle`, or null where it does not exist (insecure context, old engine). */
  subtle: SubtleCrypto | null
  /** IndexedDB for the WebCrypto key, or null where IndexedDB is missing or blocked. */
  vault: CryptoKeyVault | null
  /** The app's storage, for the fallback key. */
  store: KeyValueStore
  /** Secure random bytes (crypto.getRandomValues), or null when the engine has none. */
  randomBytes: ((length: number) => Uint8Array) | null
  now: () => number
}

/** This TV's key as a start sees it: the key a first code may be asked with, and the key that is kept. */
export interface StartingDeviceKey {
  /**
   * On a first start (`env.fresh`), the WebCrypto key the moment it is made, before IndexedDB has kept it: only
   * for asking for a code, which needs the public half. Otherwise the same promise as `kept`.
   */
  made: Promise<DeviceKey | null>
  /** The key kept for the next start; on a first start it can differ from `made` (IndexedDB refused it). */
  kept: Promise<DeviceKey | null>
}

/**
 * This TV's key: the one kept from an earlier run (WebCrypto first, then the fallback), else a new one —
 * WebCrypto where the engine signs with Ed25519 and IndexedDB works, else the fallback. A kept fallback key
 * stays in use after an engine update brings Ed25519: a new key would mean linking again.
 * null: no secure randomness, no key (stay on legacy tokens).
 */
export function startDeviceKey(env: DeviceKeyEnv): StartingDeviceKey {
  if (!env.fresh || !env.vault || env.store.get(FALLBACK_STORAGE_KEY) !== null) {
    const kept = loadOrMakeKey(env)
    return { made: kept, kept }
  }
  // a first start: IndexedDB has nothing to give, and each of its answers can wait long behind a starting app
  const { subtle } = env
  const made = newWebCryptoKey(subtle, env.now)
  const kept = made.then((m) => makeKey(env, m))
  return { made: made.then((m) => (m && subtle ? webCryptoKey(subtle, m) : kept)), kept }
}

/** startDeviceKey's kept key. */
export function loadOrCreateDeviceKey(env: DeviceKeyEnv): Promise<DeviceKey | null> {
  return startDeviceKey(env).kept
}

async function loadOrMakeKey(env: DeviceKeyEnv): Promise<DeviceKey | null> {
  const { subtle, vault } = env
  if (subtle && vault) {
    const stored = await vault.load().catch(() => null)
    if (stored) {
      env.store.set(KEPT_STORAGE_KEY, stored.x)
      return webCryptoKey(subtle, stored)
    }
  }
  const kept = readFallback(env.store)
  if (kept) return fallbackKey(kept.seed, kept.createdAt)
  return makeKey(env, vault ? await newWebCryptoKey(subtle, env.now) : null)
}

/** Keeps `made` (a new WebCrypto key) in IndexedDB, else makes the fallback key; null without secure randomness. */
async function makeKey(env: DeviceKeyEnv, made: StoredCryptoKey | null): Promise<DeviceKey | null> {
  const { subtle, vault } = env
  if (subtle && vault && made) {
    // what was kept is read back: a key that IndexedDB did not keep would be lost at the next start
    const saved = await vault.save(made).catch(() => null) /* IndexedDB refused (quota, private mode) */
    if (saved && saved.x === made.x) {
      env.store.set(KEPT_STORAGE_KEY, saved.x)
      return webCryptoKey(subtle, saved)
    }
  }
  if (!env.randomBytes) return null
  const seed = env.randomBytes(32)
  if (seed.length !== 32) return null
  const createdAt = env.now()
  env.store.set(FALLBACK_STORAGE_KEY, JSON.stringify({ seed: base64UrlEncode(seed), createdAt }))
  return fallbackKey(seed, createdAt)
}

/** Drops the key (sign-out of a device whose key plex.tv no longer takes); the next load makes a new one. */
export async function forgetDeviceKey(env: Pick<DeviceKeyEnv, 'vault' | 'store'>): Promise<void> {
  env.store.remove(FALLBACK_STORAGE_KEY)
  env.store.remove(KEPT_STORAGE_KEY)
  await env.vault?.clear().catch(() => undefined)
}

/** The environment of a browser: crypto.subtle, IndexedDB and getRandomValues where they exist. */
export function browserDeviceKeyEnv(store: KeyValueStore, now: () => number = () => Date.now()): DeviceKeyEnv {
  const c = (globalThis as { crypto?: Crypto }).crypto
  let idb: IDBFactory | null = null
  try {
    idb = typeof indexedDB === 'undefined' ? null : indexedDB
  } catch {
    idb = null // some engines throw on access in private mode
  }
  return {
    fresh: store.get(KEPT_STORAGE_KEY) === null && ACCOUNT_KEYS.every((key) => store.get(key) === null),
    subtle: c && typeof c.subtle === 'object' && c.subtle !== null ? c.subtle : null,
    vault: idb ? indexedDbVault(idb) : null,
    store,
    randomBytes: c && typeof c.getRandomValues === 'function' ? (n) => c.getRandomValues(new Uint8Array(n)) : null,
    now,
  }
}
