/**
 * "Reset this TV" (Diagnostics): the in-app equivalent of reinstalling, for when nothing else helps. The TV
 * forgets the account (token, pending pins), the chosen user and server, the name typed for it and its
 * client identifier, so the next start is a new device at plex.tv with a new code. The language and the
 * speech preference stay: they belong to the person at the TV, who must still be able to read the screen.
 */
import type { KeyValueStore } from '../../platform/storage.js'
import { ACCOUNT_KEYS, storageKeys } from '../../platform/storageKeys.js'

export const RESET_KEYS: readonly string[] = [...ACCOUNT_KEYS, storageKeys.clientIdentifier, storageKeys.deviceName]

export function resetThisTv(store: KeyValueStore): void {
  for (const key of RESET_KEYS) store.remove(key)
}
