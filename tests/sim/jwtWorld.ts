/**
 * Shared set-up of the JWT tests that run the app's code against the simulator: one simulator per file on a
 * fake clock (reset before each test), the TV's identity headers, and a real device key of either kind.
 */
import { webcrypto } from 'node:crypto'
import { IDBFactory } from 'fake-indexeddb'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'
import { indexedDbVault, loadOrCreateDeviceKey, type DeviceKey } from '../../src/platform/deviceKey.js'
import { MemoryStore } from '../../src/platform/storage.js'
import type { DeviceIdentity } from '../../src/plex/types.js'

/** The fake clock (epoch ms) the simulator and the test share; tests move it with `clock.now = …`. */
export interface SimOnFakeClock {
  clock: { now: number }
  readonly sim: RunningSimulator
}

export function simOnFakeClock(start: number): SimOnFakeClock {
  const clock = { now: start }
  let sim: RunningSimulator | null = null
  beforeAll(async () => {
    sim = await startSimulator({ now: () => clock.now })
  })
  afterAll(() => sim?.close())
  beforeEach(() => sim!.reset())
  return {
    clock,
    get sim() {
      return sim!
    },
  }
}

export const tvIdentity = (clientIdentifier: string): DeviceIdentity => ({
  clientIdentifier, product: 'PlexLink TV', version: '0.1.0', platform: 'Chrome', platformVersion: '', device: 'Linux', deviceName: 'Kitchen Pi',
})

/** A new key as src/platform/deviceKey.ts makes it: WebCrypto (node's, IndexedDB from fake-indexeddb) or the fallback. */
export async function newDeviceKey(kind: 'webcrypto' | 'fallback', now: () => number): Promise<DeviceKey> {
  const key = await loadOrCreateDeviceKey({
    subtle: kind === 'webcrypto' ? (webcrypto.subtle as SubtleCrypto) : null,
    vault: kind === 'webcrypto' ? indexedDbVault(new IDBFactory()) : null,
    store: new MemoryStore(),
    randomBytes: (len) => webcrypto.getRandomValues(new Uint8Array(len)),
    now,
  })
  if (!key) throw new Error('no device key')
  return key
}
