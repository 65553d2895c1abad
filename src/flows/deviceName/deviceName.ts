/**
 * The device name typed on the TV (X-Plex-Device-Name: how this TV shows up in plex.tv's Authorized
 * Devices, "Kitchen Pi" vs "Living Room TV"). Kept on the TV as a preference; it survives sign-out.
 * A pure reducer for the on-screen keyboard: typing, delete, shift (on for the first letter and after a
 * space, off after a letter), a length cap, and what may be saved.
 */
import type { KeyValueStore } from '../../platform/storage.js'
import { storageKeys } from '../../platform/storageKeys.js'

export const DEVICE_NAME_MAX = 40

export function storedDeviceName(store: KeyValueStore): string | null {
  const v = store.get(storageKeys.deviceName)?.trim()
  return v ? v : null
}

export interface NameEntry {
  text: string
  shift: boolean
}

export type NameAction = { type: 'char'; char: string } | { type: 'space' } | { type: 'delete' } | { type: 'shift' }

export function startEntry(current: string): NameEntry {
  return { text: current.slice(0, DEVICE_NAME_MAX), shift: current === '' || current.endsWith(' ') }
}

export function reduceEntry(entry: NameEntry, action: NameAction): NameEntry {
  switch (action.type) {
    case 'char': {
      if (entry.text.length >= DEVICE_NAME_MAX || action.char.length !== 1) return entry
      const char = entry.shift ? action.char.toUpperCase() : action.char.toLowerCase()
      return { text: entry.text + char, shift: false }
    }
    case 'space':
      if (entry.text === '' || entry.text.endsWith(' ') || entry.text.length >= DEVICE_NAME_MAX) return entry
      return { text: `${entry.text} `, shift: true }
    case 'delete': {
      const text = entry.text.slice(0, -1)
      return { text, shift: text === '' || text.endsWith(' ') }
    }
    case 'shift':
      return { ...entry, shift: !entry.shift }
  }
}

/** The name to save, or null when there is nothing to save (blank). */
export function savedName(entry: NameEntry): string | null {
  const name = entry.text.trim().replace(/\s+/g, ' ')
  return name === '' ? null : name
}
