/**
 * Wrong-PIN counts and cool-down ends per Home user, kept in storage so that a reload (or a TV browser
 * dropping the page) does not hand out three fresh tries. Stored: the user's uuid, the count and the
 * clock time the cool-down ends (epoch ms, see clock.ts) — never a PIN, never a digit. Goes away with the
 * account on sign-out (storageKeys.ACCOUNT_KEYS); a correct PIN forgets that user's entry.
 */
import type { KeyValueStore } from '../../platform/storage.js'
import { storageKeys } from '../../platform/storageKeys.js'

export interface PinAttemptRecord {
  attempts: number
  coolDownUntil: number | null
}

/** A stored cool-down further away than the 10-minute cap is garbage (a wrong clock, an edit): dropped. */
const LONGEST_COOL_DOWN_MS = 10 * 60_000

/** Every user's record; anything unreadable is dropped (a cool-down that cannot be read is no cool-down). */
export function loadPinAttempts(store: KeyValueStore, now: number): Record<string, PinAttemptRecord> {
  const out: Record<string, PinAttemptRecord> = {}
  for (const [uuid, entry] of Object.entries(readAll(store))) {
    const until = entry.coolDownUntil
    const plausible = until !== null && until > now && until - now <= LONGEST_COOL_DOWN_MS
    out[uuid] = { attempts: entry.attempts, coolDownUntil: plausible ? until : null }
  }
  return out
}

export function savePinAttempts(store: KeyValueStore, all: Readonly<Record<string, PinAttemptRecord>>): void {
  const users: Record<string, PinAttemptRecord> = {}
  for (const [uuid, r] of Object.entries(all)) if (r.attempts > 0 || r.coolDownUntil !== null) users[uuid] = { attempts: r.attempts, coolDownUntil: r.coolDownUntil }
  if (Object.keys(users).length === 0) store.remove(storageKeys.pinAttempts)
  else store.set(storageKeys.pinAttempts, JSON.stringify({ v: 1, users }))
}

function readAll(store: KeyValueStore): Record<string, PinAttemptRecord> {
  const raw = store.get(storageKeys.pinAttempts)
  if (raw === null) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return {}
  }
  if (!isRecord(parsed) || parsed['v'] !== 1 || !isRecord(parsed['users'])) return {}
  const out: Record<string, PinAttemptRecord> = {}
  for (const [uuid, value] of Object.entries(parsed['users'])) {
    if (!isRecord(value)) continue
    const { attempts, coolDownUntil } = value
    if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0 || attempts > 1000) continue
    if (coolDownUntil !== null && (typeof coolDownUntil !== 'number' || !Number.isFinite(coolDownUntil))) continue
    out[uuid] = { attempts, coolDownUntil }
  }
  return out
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}
