/** Reset this TV forgets the account, the choices, the device name and the client identifier; the language and speech preferences stay. */
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../src/platform/storage.js'
import { resetThisTv } from '../../src/flows/diagnostics/resetTv.js'
import { storageKeys } from '../../src/platform/storageKeys.js'

describe('resetThisTv', () => {
  it('leaves nothing of the account or this device behind but the language', () => {
    const store = new MemoryStore()
    for (const key of Object.values(storageKeys)) store.set(key, 'x')
    store.set(storageKeys.deviceName, 'Kitchen Pi')
    store.set(storageKeys.language, 'ar')
    store.set(storageKeys.speech, 'off')
    resetThisTv(store)
    const kept: string[] = [storageKeys.language, storageKeys.speech]
    for (const key of Object.values(storageKeys).filter((k) => !kept.includes(k))) expect(store.get(key), key).toBeNull()
    expect(store.get(storageKeys.language)).toBe('ar')
    expect(store.get(storageKeys.speech)).toBe('off')
  })
})
