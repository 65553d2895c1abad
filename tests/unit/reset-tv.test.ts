/** Reset this TV forgets the account, the choices, the device name and the client identifier; the language stays. */
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../src/platform/storage.js'
import { resetThisTv } from '../../src/linking/resetTv.js'
import { storageKeys } from '../../src/linking/storageKeys.js'
import { DEVICE_NAME_KEY } from '../../src/linking/deviceName.js'
import { LANGUAGE_KEY } from '../../src/platform/i18n.js'

describe('resetThisTv', () => {
  it('leaves nothing of the account or this device behind but the language', () => {
    const store = new MemoryStore()
    for (const key of Object.values(storageKeys)) store.set(key, 'x')
    store.set(DEVICE_NAME_KEY, 'Kitchen Pi')
    store.set(LANGUAGE_KEY, 'ar')
    resetThisTv(store)
    for (const key of [...Object.values(storageKeys), DEVICE_NAME_KEY]) expect(store.get(key), key).toBeNull()
    expect(store.get(LANGUAGE_KEY)).toBe('ar')
  })
})
