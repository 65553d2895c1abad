/**
 * Every KeyValueStore key the app uses, in one place, and which of them belong to the signed-in account.
 * Nothing else spells a key.
 */
export const storageKeys = {
  /**
   * Per-install X-Plex-Client-Identifier. Survives a legacy sign-out: a new one is a new Authorized Device (§13.4).
   * A TV that held a Plex JWT gets a new one at sign-out (plex.tv links an identifier with a JWT only once, §9).
   */
  clientIdentifier: 'clientIdentifier',
  /** The account token from a linked pin. */
  authToken: 'authToken',
  /**
   * The Plex JWT's facts with the token, and whether this TV's key is registered (flows/jwt/account.ts):
   * `{credential, keyRegistered}`, written with `authToken` in the same step. Never the private key.
   */
  jwtCredential: 'jwtCredential',
  /** The pins being polled (JSON, see flows/link/pendingPins.ts), so a reload resumes the same code. */
  pendingPins: 'linkPins',
  /**
   * The device key (kid) each pending pin was asked with (flows/jwt/account.ts `keyedPlexTv`): a pin resumed after a
   * reload is polled only with that key. JSON `[[pinId, kid], …]`, the newest few. Public key ids only.
   */
  pinKeys: 'linkPinKeys',
  /**
   * The chosen account, Home user (and that user's token when unprotected), server and connection,
   * one JSON value owned by flows/launch/selection.ts. Never a PIN.
   */
  selection: 'pickerSelection',
  /** Wrong-PIN counts and cool-down ends per Home user (flows/home/pinAttempts.ts). Never a PIN. */
  pinAttempts: 'pinAttempts',
  /** The device name typed on the TV (a preference: survives sign-out). */
  deviceName: 'deviceName',
  /** The language chosen in the menu (a preference). */
  language: 'language',
  /** "Read the code aloud" on/off from the menu (a preference). */
  speech: 'speech',
} as const

/** What belongs to the signed-in account and goes away with it. Preferences and the client identifier stay. */
export const ACCOUNT_KEYS: readonly string[] = [
  storageKeys.authToken,
  storageKeys.jwtCredential,
  storageKeys.pendingPins,
  storageKeys.pinKeys,
  storageKeys.selection,
  storageKeys.pinAttempts,
]
