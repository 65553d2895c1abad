/** Client identifier persistence, platform detection from user agents, and the header set built from them. */
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../src/platform/storage.js'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { defaultDeviceIdentity, detectPlatform, loadOrCreateClientIdentifier, uuidV4 } from '../../src/platform/identity.js'
import { headerSafe, plexHeaders, tokenHeader } from '../../src/plex/headers.js'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('client identifier', () => {
  it('is created once and then reused', () => {
    const store = new MemoryStore()
    let calls = 0
    const random = () => `generated-id-${++calls}`
    const first = loadOrCreateClientIdentifier(store, random)
    expect(first).toBe('generated-id-1')
    expect(store.get(storageKeys.clientIdentifier)).toBe('generated-id-1')
    expect(loadOrCreateClientIdentifier(store, random)).toBe('generated-id-1')
    expect(calls).toBe(1)
  })

  it('replaces an unusable stored value', () => {
    const store = new MemoryStore()
    store.set(storageKeys.clientIdentifier, '')
    expect(loadOrCreateClientIdentifier(store)).toMatch(UUID_V4)
    store.set(storageKeys.clientIdentifier, 'bad value\nwith newline')
    expect(loadOrCreateClientIdentifier(store)).toMatch(UUID_V4)
  })

  it('generates v4 UUIDs with randomUUID, with getRandomValues only, and with neither', () => {
    expect(uuidV4()).toMatch(UUID_V4)
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!
    try {
      const getRandomValues = globalThis.crypto.getRandomValues.bind(globalThis.crypto)
      Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues }, configurable: true })
      const ids = new Set([uuidV4(), uuidV4(), uuidV4()])
      expect(ids.size).toBe(3)
      for (const id of ids) expect(id).toMatch(UUID_V4)
      Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true })
      expect(uuidV4()).toMatch(UUID_V4)
    } finally {
      Object.defineProperty(globalThis, 'crypto', original)
    }
  })
})

describe('detectPlatform', () => {
  it.each([
    [
      'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36',
      { platform: 'Tizen', platformVersion: '6.0', device: 'Samsung TV' },
    ],
    [
      'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager',
      { platform: 'webOS', platformVersion: '6', device: 'LG TV' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7633; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.0.0 Mobile Safari/537.36',
      { platform: 'Android', platformVersion: '9', device: 'Fire TV' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 11; BRAVIA 4K VH2 Build/RTM1.220112.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/114.0 Safari/537.36',
      { platform: 'Android', platformVersion: '11', device: 'Android TV' },
    ],
    [
      'Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Raspbian Chromium/78.0.3904.108 Chrome/78.0.3904.108 Safari/537.36',
      { platform: 'Linux', device: 'Raspberry Pi' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      { platform: 'Chrome', platformVersion: '131.0.0.0', device: 'Windows', defaultDeviceName: 'Chrome on Windows' },
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', { platform: 'Firefox', platformVersion: '128.0', device: 'Linux' }],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      { platform: 'Safari', platformVersion: '17.4', device: 'macOS' },
    ],
    ['', { platform: 'Web', platformVersion: '', device: 'TV', defaultDeviceName: 'TV' }],
  ])('%s', (ua, expected) => {
    expect(detectPlatform(ua)).toMatchObject(expected)
  })
})

describe('device identity and headers', () => {
  it('fills the identity from the user agent, explicit values winning', () => {
    const id = defaultDeviceIdentity({
      product: 'PlexLink TV',
      version: '0.1.0',
      clientIdentifier: 'abc12345',
      userAgent: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.5) AppleWebKit/537.36',
      deviceName: '  ',
    })
    expect(id).toEqual({
      clientIdentifier: 'abc12345',
      product: 'PlexLink TV',
      version: '0.1.0',
      platform: 'Tizen',
      platformVersion: '5.5',
      device: 'Samsung TV',
      deviceName: 'Samsung TV',
    })
    expect(defaultDeviceIdentity({ product: 'p', version: 'v', clientIdentifier: 'c', userAgent: '', deviceName: 'Den', model: 'X1' })).toMatchObject({
      deviceName: 'Den',
      model: 'X1',
    })
  })

  it('builds the X-Plex header set; Model only when set; empty optionals left out', () => {
    const base = { clientIdentifier: 'cid', product: 'PlexLink TV', version: '1', platform: 'webOS', platformVersion: '', device: 'LG TV', deviceName: 'Den' }
    expect(plexHeaders(base)).toEqual({
      Accept: 'application/json',
      'X-Plex-Product': 'PlexLink TV',
      'X-Plex-Version': '1',
      'X-Plex-Client-Identifier': 'cid',
      'X-Plex-Platform': 'webOS',
      'X-Plex-Device': 'LG TV',
      'X-Plex-Device-Name': 'Den',
      'X-Plex-Provides': 'controller',
    })
    expect(plexHeaders({ ...base, model: 'OLED55' })['X-Plex-Model']).toBe('OLED55')
    expect(tokenHeader('t')).toEqual({ 'X-Plex-Token': 't' })
  })

  it('keeps header values sendable', () => {
    expect(headerSafe('Télé du salon')).toBe('Tele du salon')
    expect(headerSafe('客厅\r\nX-Evil: 1')).toBe('??  X-Evil: 1')
  })
})
