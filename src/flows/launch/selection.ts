/**
 * What the app remembers after linking, and the launch policy that reads it.
 *
 * Stored as one JSON value under `storageKeys.selection` (this module owns the value):
 *   { v: 1, account: {id, title}, user: {uuid, title, protected, thumb?} | null, userToken?,
 *     server: {clientIdentifier, name} | null, connection: {uri, kind} | null }
 *
 * Token rule (the simplest safe one): the Home user's token is stored only for an UNPROTECTED user. A
 * protected user's token would let anybody with the remote skip the PIN, so it is never written; that user
 * types the PIN again on the next launch (product issue: "a remembered user who is protected is asked for
 * the PIN again on the next launch; an unprotected one is resumed"). A user who turned out to need a PIN
 * although plex.tv did not mark them protected (403/1041, plex-api.md §13.9) is stored as protected.
 * A PIN is never stored: no type here has a field for one.
 *
 * The user's picture (`thumb`) is what the picker drew, so Ready draws the same one; it is checked again where
 * it is drawn (plex/inputs.ts `safePicture`), and a selection stored before pictures were kept loads without one.
 *
 * Clearing: sign-out clears everything (startup.ts `signOut`); choosing another user drops the server
 * (the next user's servers and access tokens differ).
 */
import type { KeyValueStore } from '../../platform/storage.js'
import type { ConnectionKind } from '../servers/race.js'
import { storageKeys } from '../../platform/storageKeys.js'

export interface StoredAccount {
  id: number
  title: string
}

export interface StoredUser {
  uuid: string
  title: string
  protected: boolean
  /** The picture the picker drew; '' or absent for none (initials). */
  thumb?: string
}

/** Longest picture URL kept: plex.tv's are about 60 characters. */
const MAX_THUMB_LENGTH = 2048

export interface StoredServer {
  clientIdentifier: string
  name: string
}

export interface StoredConnection {
  uri: string
  kind: ConnectionKind
}

export interface StoredSelection {
  account: StoredAccount
  user: StoredUser | null
  /** Present only for an unprotected user. */
  userToken: string | null
  server: StoredServer | null
  connection: StoredConnection | null
}

// ─── Reading and writing ────────────────────────────────────────────────────────────────────────────

/** The stored selection, or null when there is none or it is unreadable (then it is ignored, not fatal). */
export function loadSelection(store: KeyValueStore): StoredSelection | null {
  const raw = store.get(storageKeys.selection)
  if (raw === null) return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return null
  }
  return parseSelection(value)
}

function parseSelection(value: unknown): StoredSelection | null {
  if (!isRecord(value) || value.v !== 1 || !isRecord(value.account)) return null
  const { id, title } = value.account
  if (typeof id !== 'number' || typeof title !== 'string') return null
  const u = value.user
  const user: StoredUser | null =
    isRecord(u) && typeof u.uuid === 'string' && typeof u.title === 'string' && typeof u.protected === 'boolean'
      ? { uuid: u.uuid, title: u.title, protected: u.protected, ...storedThumb(u.thumb) }
      : null
  // Defence in depth: a token next to a protected (or missing) user is ignored even if something wrote one.
  const userToken = user !== null && !user.protected && typeof value.userToken === 'string' && value.userToken !== '' ? value.userToken : null
  const server =
    isRecord(value.server) && typeof value.server.clientIdentifier === 'string' && typeof value.server.name === 'string'
      ? { clientIdentifier: value.server.clientIdentifier, name: value.server.name }
      : null
  const c = value.connection
  const connection: StoredConnection | null = server !== null && isRecord(c) && typeof c.uri === 'string' && isConnectionKind(c.kind) ? { uri: c.uri, kind: c.kind } : null
  return { account: { id, title }, user, userToken, server, connection }
}

/** A picture URL as stored; anything else (an old selection has none) is left out. */
function storedThumb(thumb: unknown): { thumb?: string } {
  return typeof thumb === 'string' && thumb !== '' && thumb.length <= MAX_THUMB_LENGTH ? { thumb } : {}
}

function isConnectionKind(v: unknown): v is ConnectionKind {
  return v === 'local' || v === 'remote' || v === 'relay'
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function write(store: KeyValueStore, s: StoredSelection): void {
  // Built field by field from typed values: nothing else (and never a PIN) can reach storage.
  const body: Record<string, unknown> = {
    v: 1,
    account: { id: s.account.id, title: s.account.title },
    user: s.user === null ? null : { uuid: s.user.uuid, title: s.user.title, protected: s.user.protected, ...storedThumb(s.user.thumb) },
    server: s.server === null ? null : { clientIdentifier: s.server.clientIdentifier, name: s.server.name },
    connection: s.server === null || s.connection === null ? null : { uri: s.connection.uri, kind: s.connection.kind },
  }
  if (s.user !== null && !s.user.protected && s.userToken !== null) body.userToken = s.userToken
  store.set(storageKeys.selection, JSON.stringify(body))
}

/**
 * Remembers the chosen Home user. `userToken` is written only when the user is unprotected. Choosing a
 * different user than the stored one drops the stored server (its access differs per user).
 */
export function rememberUser(store: KeyValueStore, account: StoredAccount, user: StoredUser, userToken: string): void {
  const prev = loadSelection(store)
  const sameUser = prev !== null && prev.account.id === account.id && prev.user?.uuid === user.uuid
  write(store, {
    account,
    user,
    userToken: user.protected ? null : userToken,
    server: sameUser ? prev.server : null,
    connection: sameUser ? prev.connection : null,
  })
}

/** Remembers the chosen server and the connection that won its race. Needs a remembered user. */
export function rememberServer(store: KeyValueStore, server: StoredServer, connection: StoredConnection | null): boolean {
  const prev = loadSelection(store)
  if (prev === null || prev.user === null) return false
  write(store, { ...prev, server, connection })
  return true
}

// ─── The launch policy ──────────────────────────────────────────────────────────────────────────────

export type LaunchStep =
  /** No usable remembered user: show "who is watching". */
  | { step: 'pick-user' }
  /** A remembered protected user: open the PIN pad for them straight away. */
  | { step: 'enter-pin-for'; uuid: string; title: string }
  /** A user is known but no server: show the server list. */
  | { step: 'pick-server'; user: StoredUser; userToken: string }
  /**
   * A server is known: race its connections again (addresses change between runs) and go on to Ready when
   * it answers, else show the list saying why.
   */
  | { step: 'race-server'; user: StoredUser; userToken: string; server: StoredServer }

/**
 * The next step at launch, for the account that startup just validated.
 * `unlockedUserToken` is the token obtained in this run for the stored user (after the PIN pad); pass
 * null at launch. A selection made by another account is ignored.
 */
export function decideLaunch(stored: StoredSelection | null, accountId: number, unlockedUserToken: string | null = null): LaunchStep {
  if (stored === null || stored.account.id !== accountId || stored.user === null) return { step: 'pick-user' }
  const user = stored.user
  const userToken = unlockedUserToken ?? (user.protected ? null : stored.userToken)
  if (userToken === null) {
    return user.protected ? { step: 'enter-pin-for', uuid: user.uuid, title: user.title } : { step: 'pick-user' }
  }
  if (stored.server === null) return { step: 'pick-server', user, userToken }
  return { step: 'race-server', user, userToken, server: stored.server }
}
