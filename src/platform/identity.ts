/**
 * Who this install is, for the X-Plex-* headers: a per-install client identifier that never changes
 * (a new one shows up as a new Authorized Device every time, CrossWatch PR #929, plex-api.md §1 and §13.4),
 * plus platform values guessed from the user agent.
 */
import type { DeviceIdentity } from '../plex/types.js'
import type { KeyValueStore } from './storage.js'
import { storageKeys } from './storageKeys.js'

/** Something we generated or a value another build stored; anything else (empty, garbage) is replaced. */
const USABLE_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{7,127}$/

interface CryptoLike {
  randomUUID?: () => string
  getRandomValues?: <T extends ArrayBufferView | null>(array: T) => T
}

function platformCrypto(): CryptoLike | undefined {
  const c = (globalThis as { crypto?: CryptoLike }).crypto
  return c && typeof c === 'object' ? c : undefined
}

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts and newer engines; older TV
 * browsers (and apps served over http) have `getRandomValues` only. Math.random is the very last resort:
 * the identifier is an install ID, not a secret.
 */
export function uuidV4(): string {
  const c = platformCrypto()
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch {
      /* not a secure context on some engines: fall through */
    }
  }
  const bytes = new Uint8Array(16)
  if (c && typeof c.getRandomValues === 'function') {
    c.getRandomValues(bytes)
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40 // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80 // RFC 4122 variant
  let hex = ''
  for (let i = 0; i < bytes.length; i++) hex += ((bytes[i] ?? 0) + 0x100).toString(16).slice(1)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Returns the stored client identifier, creating and storing one on first run. */
export function loadOrCreateClientIdentifier(store: KeyValueStore, random: () => string = uuidV4): string {
  const stored = store.get(storageKeys.clientIdentifier)
  if (stored !== null && USABLE_IDENTIFIER.test(stored)) return stored
  const created = random()
  store.set(storageKeys.clientIdentifier, created)
  return created
}

export interface DetectedPlatform {
  /** X-Plex-Platform */
  platform: string
  /** X-Plex-Platform-Version ('' when unknown) */
  platformVersion: string
  /** X-Plex-Device: the kind of device */
  device: string
  /** Suggested X-Plex-Device-Name until the person picks one */
  defaultDeviceName: string
}

function match(userAgent: string, pattern: RegExp): string {
  return pattern.exec(userAgent)?.[1] ?? ''
}

/**
 * LG does not put the webOS version in the user agent; its developer site maps web engines to releases.
 * Only used to fill X-Plex-Platform-Version, so an unknown engine just leaves it empty.
 */
const WEBOS_BY_CHROME_MAJOR: ReadonlyArray<readonly [number, string]> = [
  [120, '25'],
  [108, '24'],
  [94, '23'],
  [87, '22'],
  [79, '6'],
  [68, '5'],
  [53, '4'],
  [38, '3'],
]

function webOsVersion(userAgent: string): string {
  const year = match(userAgent, /webOS\.TV-(\d{4})/i)
  if (year) return year
  const chrome = Number(match(userAgent, /Chrome\/(\d+)/))
  if (!chrome) return ''
  for (const [major, release] of WEBOS_BY_CHROME_MAJOR) if (chrome >= major) return release
  return ''
}

/**
 * Best-effort platform values from a user agent. Finer detection (model names, remote types) is a later
 * issue; this only has to give plex.tv's Authorized Devices list something recognisable.
 */
export function detectPlatform(userAgent: string): DetectedPlatform {
  const ua = userAgent || ''
  if (/Tizen/i.test(ua)) {
    return { platform: 'Tizen', platformVersion: match(ua, /Tizen\s*([\d.]+)/i), device: 'Samsung TV', defaultDeviceName: 'Samsung TV' }
  }
  if (/Web0S|webOS/i.test(ua)) {
    return { platform: 'webOS', platformVersion: webOsVersion(ua), device: 'LG TV', defaultDeviceName: 'LG TV' }
  }
  // Fire TV models all start with "AFT" (AFTMM, AFTS, AFTKA...).
  if (/\bAFT[A-Z0-9]+\b/.test(ua) || /Fire TV/i.test(ua)) {
    return { platform: 'Android', platformVersion: match(ua, /Android\s+([\d.]+)/), device: 'Fire TV', defaultDeviceName: 'Fire TV' }
  }
  if (/Android/i.test(ua)) {
    const tv = /\bTV\b|BRAVIA|SHIELD|GoogleTV|AndroidTV|Chromecast/i.test(ua)
    const device = tv ? 'Android TV' : 'Android'
    return { platform: 'Android', platformVersion: match(ua, /Android\s+([\d.]+)/), device, defaultDeviceName: device }
  }
  if (/Raspbian|Raspberry/i.test(ua) || (/Linux/.test(ua) && /armv7l|armv6l|aarch64/.test(ua))) {
    return { platform: 'Linux', platformVersion: '', device: 'Raspberry Pi', defaultDeviceName: 'Raspberry Pi' }
  }

  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /CrOS/.test(ua) ? 'ChromeOS' : /Linux|X11/.test(ua) ? 'Linux' : ''
  const browser = /Edg\//.test(ua)
    ? { name: 'Edge', version: match(ua, /Edg\/([\d.]+)/) }
    : /Firefox\//.test(ua)
      ? { name: 'Firefox', version: match(ua, /Firefox\/([\d.]+)/) }
      : /Chrome\/|Chromium\//.test(ua)
        ? { name: 'Chrome', version: match(ua, /(?:Chrome|Chromium)\/([\d.]+)/) }
        : /Safari\//.test(ua)
          ? { name: 'Safari', version: match(ua, /Version\/([\d.]+)/) }
          : null
  if (browser) {
    return {
      platform: browser.name,
      platformVersion: browser.version,
      device: os || browser.name,
      defaultDeviceName: os ? `${browser.name} on ${os}` : browser.name,
    }
  }
  if (os === 'Linux') return { platform: 'Linux', platformVersion: '', device: 'Linux', defaultDeviceName: 'Linux' }
  return { platform: 'Web', platformVersion: '', device: os || 'TV', defaultDeviceName: 'TV' }
}

export interface DeviceIdentityOptions {
  product: string
  version: string
  clientIdentifier: string
  /** Defaults to navigator.userAgent where there is one. */
  userAgent?: string
  /** The name the person chose; falls back to the detected default. */
  deviceName?: string
  model?: string
  /** Explicit values win over detection (e.g. a platform-specific build knows better). */
  platform?: string
  platformVersion?: string
  device?: string
}

/** A full DeviceIdentity from the app's product/version, the stored client identifier and the user agent. */
export function defaultDeviceIdentity(options: DeviceIdentityOptions): DeviceIdentity {
  const userAgent = options.userAgent ?? (typeof navigator !== 'undefined' && typeof navigator.userAgent === 'string' ? navigator.userAgent : '')
  const detected = detectPlatform(userAgent)
  const identity: DeviceIdentity = {
    clientIdentifier: options.clientIdentifier,
    product: options.product,
    version: options.version,
    platform: options.platform ?? detected.platform,
    platformVersion: options.platformVersion ?? detected.platformVersion,
    device: options.device ?? detected.device,
    deviceName: options.deviceName?.trim() || detected.defaultDeviceName,
  }
  if (options.model) identity.model = options.model
  return identity
}
