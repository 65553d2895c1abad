/**
 * Every KeyValueStore key the app uses, in one place. The client identifier key is owned by
 * src/platform/identity.ts (it creates the value) and re-exported here so nothing spells it twice.
 */
import { CLIENT_IDENTIFIER_KEY } from '../platform/identity.js'

export const storageKeys = {
  /** Per-install X-Plex-Client-Identifier. Survives sign-out: a new one is a new Authorized Device (§13.4). */
  clientIdentifier: CLIENT_IDENTIFIER_KEY,
  /** The account token from a linked pin. */
  authToken: 'authToken',
  /** The pins being polled (JSON, see pendingPins.ts), so a reload resumes the same code. */
  pendingPins: 'linkPins',
  /**
   * The chosen account, Home user (and that user's token when unprotected), server and connection,
   * one JSON value owned by selection.ts. Never a PIN.
   */
  selection: 'pickerSelection',
} as const

/** What belongs to the signed-in account and goes away with it (everything but the client identifier). */
export const ACCOUNT_KEYS: readonly string[] = [
  storageKeys.authToken,
  storageKeys.pendingPins,
  storageKeys.selection,
]
