import { describe, expect, it } from 'vitest'
import { storageKeys } from '../../src/platform/storageKeys.js'
import { DEVICE_NAME_MAX, reduceEntry, savedName, startEntry, storedDeviceName, type NameAction } from '../../src/flows/deviceName/deviceName.js'
import { MemoryStore } from '../../src/platform/storage.js'

const type = (start: string, ...actions: NameAction[]) => actions.reduce(reduceEntry, startEntry(start))
const chars = (s: string): NameAction[] => s.split('').map((c) => (c === ' ' ? { type: 'space' } : { type: 'char', char: c }))

describe('typing a device name with the on-screen keyboard', () => {
  it('capitalises the first letter and each word, lower case otherwise', () => {
    expect(type('', ...chars('kitchen pi')).text).toBe('Kitchen Pi')
  })

  it('shift toggles the case of the next letter; delete removes one character and re-arms shift at a word start', () => {
    expect(type('', { type: 'shift' }, ...chars('tv')).text).toBe('tv')
    const deleted = type('Den ', { type: 'delete' })
    expect(deleted).toEqual({ text: 'Den', shift: false })
    expect(type('D', { type: 'delete' })).toEqual({ text: '', shift: true })
  })

  it('no leading or double spaces, a length cap, and a blank name is not saved', () => {
    expect(type('', { type: 'space' }).text).toBe('')
    expect(type('A', { type: 'space' }, { type: 'space' }).text).toBe('A ')
    expect(type('x'.repeat(DEVICE_NAME_MAX), ...chars('y')).text).toHaveLength(DEVICE_NAME_MAX)
    expect(savedName(type('Kitchen '))).toBe('Kitchen')
    expect(savedName(type(''))).toBeNull()
  })

  it('the saved name is read back trimmed; blank counts as none', () => {
    const store = new MemoryStore()
    expect(storedDeviceName(store)).toBeNull()
    store.set(storageKeys.deviceName, '  Kitchen Pi ')
    expect(storedDeviceName(store)).toBe('Kitchen Pi')
    store.set(storageKeys.deviceName, '   ')
    expect(storedDeviceName(store)).toBeNull()
  })
})
