/**
 * The pins being polled, persisted so that a reload (TV browsers reload on memory pressure, a kiosk on a
 * watchdog) shows the same code instead of a new one while somebody may be typing it.
 *
 * Deadlines are stored as epoch ms taken from `clock.now()`: a monotonic reference does not survive a
 * reload, so resume relies on the Date-based clock (see clock.ts). A wrong guess costs little: a stored
 * pin that plex.tv no longer knows answers 404/1020 and is simply renewed, and the first poll answer
 * re-anchors the countdown from `expiresIn`.
 */
import type { KeyValueStore } from '../../platform/storage.js'
import { storageKeys } from '../../platform/storageKeys.js'

export interface StoredPin {
  id: number
  code: string
  qr: string | null
  /** The X-Plex-Client-Identifier the pin was created with: polling needs the same one (plex-api.md §3). */
  clientIdentifier: string
  /** Absolute deadline, epoch ms from clock.now(). */
  expiresAt: number
  /** The pin's whole lifetime, for the countdown bar. */
  lifetimeMs: number
}

interface StoredPinsV1 {
  v: 1
  pins: StoredPin[]
}

export function savePendingPins(store: KeyValueStore, pins: readonly StoredPin[]): void {
  if (pins.length === 0) {
    store.remove(storageKeys.pendingPins)
    return
  }
  const value: StoredPinsV1 = { v: 1, pins: pins.map((p) => ({ ...p })) }
  store.set(storageKeys.pendingPins, JSON.stringify(value))
}

export function forgetPendingPins(store: KeyValueStore): void {
  store.remove(storageKeys.pendingPins)
}

/**
 * The stored pins that can still be polled: not past their deadline and created with this install's
 * client identifier. Anything unreadable is dropped without a word (it is a cache, not a record).
 */
export function loadPendingPins(store: KeyValueStore, now: number, clientIdentifier: string): StoredPin[] {
  const raw = store.get(storageKeys.pendingPins)
  if (raw === null) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return []
  }
  if (!isRecord(parsed) || parsed['v'] !== 1 || !Array.isArray(parsed['pins'])) return []
  const out: StoredPin[] = []
  for (const item of parsed['pins'] as unknown[]) {
    const pin = storedPinOf(item)
    if (pin && pin.expiresAt > now && pin.clientIdentifier === clientIdentifier) out.push(pin)
  }
  return out
}

function storedPinOf(x: unknown): StoredPin | null {
  if (!isRecord(x)) return null
  const { id, code, qr, clientIdentifier, expiresAt, lifetimeMs } = x
  if (typeof id !== 'number' || !Number.isInteger(id)) return null
  if (typeof code !== 'string' || code === '') return null
  if (qr !== null && typeof qr !== 'string') return null
  if (typeof clientIdentifier !== 'string') return null
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return null
  if (typeof lifetimeMs !== 'number' || !Number.isFinite(lifetimeMs) || lifetimeMs <= 0) return null
  return { id, code, qr, clientIdentifier, expiresAt, lifetimeMs }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}
