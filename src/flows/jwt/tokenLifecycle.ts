/**
 * The life of the account credential once a TV holds a device key (plex-api.md §9): a Plex JWT refreshed by
 * itself before it expires, after a 498, and at start after a long time off (an expired Plex JWT can still be
 * refreshed); a legacy token migrated to a JWT; refusals (422, 401) ending in a clear "signed out" state and
 * never in a loop.
 *
 * Pure: a model, a reducer, the request the model wants in flight (data, with a sequence number) and the
 * time it next wants to wake — the shape of the kernel's FlowRunner (src/flows/kernel/runner.ts). The calls
 * themselves are in effects.ts. Times are the device's epoch ms; plex.tv's clock is the device's plus
 * `offsetMs`, learnt from each Plex JWT's `iat` (a TV's own clock can be far off, and plex.tv checks the
 * times in a device JWT).
 *
 * Storage is the wiring's job and is one slot: whenever `credential` changes, it is written, replacing the
 * old one. A migration therefore never drops the legacy token before the JWT is kept: both change in the one
 * step that receives the JWT. If the JWT is lost anyway (the TV switched off between the answer and the
 * write), plex.tv has already ended the legacy token; `keyRegistered` (kept too) lets the next 401 on the
 * legacy token be answered with a refresh by key, which needs no token, and the TV stays signed in.
 */

/** The token the app sends as X-Plex-Token to plex.tv. */
export type Credential =
  | { kind: 'legacy'; token: string }
  | {
      kind: 'jwt'
      token: string
      /** plex.tv's epoch seconds, from the token's claims. */
      iat: number
      exp: number
      /** The kid of the device key the token is bound to. */
      thumbprint: string
      /** plex.tv's clock minus the device's when the token arrived (ms). */
      offsetMs: number
      /** Device time (ms) the token arrived: "last refreshed" for Diagnostics. */
      receivedAt: number
    }

/** Why a refresh is running: for Diagnostics and the tests, and to tell a migration from a refresh. */
export type RefreshReason = 'due' | 'expired' | 'migration' | 'recover'

/** Why the TV is back at linking. */
export type SignOutReason =
  /** 422 on a refresh: plex.tv no longer takes this key (revoked, or another key registered). */
  | 'keyRejected'
  /** 422 "thumbprint already taken". */
  | 'thumbprintTaken'
  /** 401: the token is dead and no refresh by key can help. */
  | 'unauthorized'
  /** 401 on a refresh itself (no token is sent there): plex.tv revoked this device. */
  | 'revoked'
  /** The key the JWT is bound to is gone (storage wiped): nothing can refresh it. */
  | 'keyLost'

export type Activity =
  | { kind: 'idle' }
  | { kind: 'registering' }
  | { kind: 'fetchingNonce'; reason: RefreshReason }
  | { kind: 'exchanging'; reason: RefreshReason; nonce: string }
  | { kind: 'backingOff'; reason: RefreshReason; until: number; then: 'registering' | 'fetchingNonce' }
  | { kind: 'signedOut'; reason: SignOutReason }

export interface JwtModel {
  credential: Credential | null
  /** The device key is registered for this account (by a JWK pin or POST /auth/jwk); kept with the credential. */
  keyRegistered: boolean
  activity: Activity
  /** Failures in a row of the current attempt, for the backoff. */
  failures: number
  /** A migration that plex.tv refused this run (422): not tried again until the next start. */
  migrationRefused: boolean
  /** Device ms of the last successful refresh this run. */
  lastRefreshAt: number | null
  seq: number
}

/** What a request does (effects.ts performs it). */
export type JwtCall = { kind: 'registerKey'; token: string } | { kind: 'nonce' } | { kind: 'exchange'; nonce: string; serverNowSec: number }

/** The fault vocabulary of this flow (effects.ts classifies the wire's errors into it). */
export type JwtFault =
  | { kind: 'transient'; retryAfterMs: number | null; rateLimited: boolean }
  | { kind: 'expired' }
  | { kind: 'keyRejected' }
  | { kind: 'thumbprintTaken' }
  | { kind: 'unauthorized' }
  | { kind: 'revoked' }
  | { kind: 'aborted' }

export type JwtEvent =
  /** At start (and after linking): `keyKid` of this TV's key or null; `migrate`: auth setting wants JWT. */
  | { type: 'start'; at: number; keyKid: string | null; migrate: boolean }
  /** Linking with a JWK pin gave a Plex JWT (the link flow's answer). */
  | { type: 'linked'; at: number; token: string; claims: { iat: number; exp: number; thumbprint: string } }
  /** Another call (user, resources, home) using the credential got 498 or 401. */
  | { type: 'rejectedElsewhere'; at: number; status: 498 | 401 }
  | { type: 'registered'; seq: number; at: number }
  | { type: 'nonce'; seq: number; at: number; nonce: string }
  | { type: 'token'; seq: number; at: number; token: string; claims: { iat: number; exp: number; thumbprint: string } | null }
  | { type: 'failed'; seq: number; at: number; fault: JwtFault; random: number }
  | { type: 'timer'; at: number }

/** Refresh when three quarters of the lifetime are gone (7 days → 1.75 days left; python-plexapi refreshes within 1 day). */
export const REFRESH_AT_FRACTION = 0.75
/** Never refresh twice within this, whatever the token's lifetime: no refresh storm from a short-lived token. */
export const MIN_REFRESH_INTERVAL_MS = 30_000
/** Backoff after a transient fault: 2 s doubling to 5 min, jittered to 50–100 %; a 429 waits at least 5 s. */
export const BACKOFF_BASE_MS = 2_000
export const BACKOFF_MAX_MS = 5 * 60_000
export const RATE_LIMIT_MIN_MS = 5_000

export function initialJwtModel(stored: { credential: Credential | null; keyRegistered: boolean }): JwtModel {
  return { credential: stored.credential, keyRegistered: stored.keyRegistered, activity: { kind: 'idle' }, failures: 0, migrationRefused: false, lastRefreshAt: null, seq: 0 }
}

/** Device ms at which the JWT should be refreshed; null for no JWT. */
export function refreshDueAt(model: JwtModel): number | null {
  const c = model.credential
  if (c?.kind !== 'jwt') return null
  const dueServerMs = (c.iat + REFRESH_AT_FRACTION * (c.exp - c.iat)) * 1000
  const due = dueServerMs - c.offsetMs
  return model.lastRefreshAt === null ? due : Math.max(due, model.lastRefreshAt + MIN_REFRESH_INTERVAL_MS)
}

/** plex.tv's clock (ms) as the model knows it at device time `at`. */
function serverNow(model: JwtModel, at: number): number {
  return at + (model.credential?.kind === 'jwt' ? model.credential.offsetMs : 0)
}

export function isExpired(model: JwtModel, at: number): boolean {
  const c = model.credential
  return c?.kind === 'jwt' && c.exp * 1000 <= serverNow(model, at)
}

function backoffMs(failures: number, random: number, fault: JwtFault): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1))
  const jittered = exp * (0.5 + random / 2)
  if (fault.kind === 'transient' && fault.rateLimited) return Math.max(jittered, fault.retryAfterMs ?? 0, RATE_LIMIT_MIN_MS)
  return jittered
}

const refresh = (model: JwtModel, reason: RefreshReason): JwtModel => ({ ...model, activity: { kind: 'fetchingNonce', reason }, failures: 0, seq: model.seq + 1 })
const signOut = (model: JwtModel, reason: SignOutReason): JwtModel => ({
  ...model,
  credential: null,
  keyRegistered: false,
  activity: { kind: 'signedOut', reason },
  failures: 0,
  seq: model.seq + 1,
})
const idle = (model: JwtModel): JwtModel => ({ ...model, activity: { kind: 'idle' }, failures: 0, seq: model.seq + 1 })

function jwtCredential(token: string, claims: { iat: number; exp: number; thumbprint: string }, at: number): Credential {
  return { kind: 'jwt', token, iat: claims.iat, exp: claims.exp, thumbprint: claims.thumbprint, offsetMs: claims.iat * 1000 - at, receivedAt: at }
}

/** A refusal (422/401) of the attempt in progress: what it means depends on what was being done. */
function refused(model: JwtModel, reason: RefreshReason | 'register', fault: 'keyRejected' | 'thumbprintTaken' | 'unauthorized' | 'revoked'): JwtModel {
  if (model.credential?.kind === 'legacy') {
    if ((reason === 'register' || reason === 'migration') && fault !== 'unauthorized') {
      // plex.tv would not take the key: the legacy token still works (it ends only after an exchange, §9),
      // so the TV stays signed in with it and the migration is not tried again this run
      return { ...idle(model), migrationRefused: true }
    }
    // 401 on registering: the legacy token is dead; if our key is registered already, a refresh by key may
    // still sign the TV in (a half-way migration whose JWT was lost)
    if (reason === 'register' && fault === 'unauthorized' && model.keyRegistered) return refresh(model, 'recover')
  }
  return signOut(model, fault)
}

export function reduceJwt(model: JwtModel, event: JwtEvent): JwtModel {
  const a = model.activity
  switch (event.type) {
    case 'start': {
      if (a.kind === 'signedOut' || model.credential === null) return model
      const c = model.credential
      if (c.kind === 'jwt') {
        if (event.keyKid !== c.thumbprint) return signOut(model, 'keyLost')
        if (isExpired(model, event.at)) return refresh(model, 'expired')
        const due = refreshDueAt(model)
        return due !== null && due <= event.at ? refresh(model, 'due') : idle(model)
      }
      if (!event.migrate || event.keyKid === null || model.migrationRefused) return idle(model)
      // register the key with the legacy token, then the first exchange; a key already registered goes straight on
      return model.keyRegistered ? refresh(model, 'migration') : { ...model, activity: { kind: 'registering' }, failures: 0, seq: model.seq + 1 }
    }

    case 'linked':
      return { ...idle(model), credential: jwtCredential(event.token, event.claims, event.at), keyRegistered: true, lastRefreshAt: event.at, migrationRefused: false }

    case 'rejectedElsewhere': {
      if (a.kind === 'signedOut' || model.credential === null) return model
      if (a.kind !== 'idle') return model // a refresh or a migration is already under way
      const fresh = model.lastRefreshAt !== null && event.at - model.lastRefreshAt < MIN_REFRESH_INTERVAL_MS
      if (model.credential.kind === 'jwt') {
        // a token refreshed moments ago and refused again: another refresh cannot help (no loop)
        if (fresh && event.status === 401) return signOut(model, 'unauthorized')
        if (fresh)
          return { ...model, activity: { kind: 'backingOff', reason: 'expired', until: model.lastRefreshAt! + MIN_REFRESH_INTERVAL_MS, then: 'fetchingNonce' }, seq: model.seq + 1 }
        return refresh(model, event.status === 498 ? 'expired' : 'recover')
      }
      // a legacy token refused: if our key is registered, the exchange may have happened and its JWT been lost
      return model.keyRegistered ? refresh(model, 'recover') : signOut(model, 'unauthorized')
    }

    case 'registered':
      if (event.seq !== model.seq || a.kind !== 'registering') return model
      return { ...refresh(model, 'migration'), keyRegistered: true }

    case 'nonce':
      if (event.seq !== model.seq || a.kind !== 'fetchingNonce') return model
      return { ...model, activity: { kind: 'exchanging', reason: a.reason, nonce: event.nonce }, seq: model.seq + 1 }

    case 'token': {
      if (event.seq !== model.seq || a.kind !== 'exchanging') return model
      // an answer that is not a Plex JWT for this device is a bad answer: back off and try again
      if (event.claims === null)
        return reduceJwt(model, { type: 'failed', seq: event.seq, at: event.at, fault: { kind: 'transient', retryAfterMs: null, rateLimited: false }, random: 1 })
      // one step: the new token replaces the old in the model, so the wiring writes it over the old one
      return { ...idle(model), credential: jwtCredential(event.token, event.claims, event.at), keyRegistered: true, lastRefreshAt: event.at }
    }

    case 'failed': {
      if (event.seq !== model.seq) return model
      if (a.kind !== 'registering' && a.kind !== 'fetchingNonce' && a.kind !== 'exchanging') return model
      const reason = a.kind === 'registering' ? 'register' : a.reason
      const f = event.fault
      switch (f.kind) {
        case 'aborted':
          // hidden page or disposed: the runner sends it again when wanted; keep the same step
          return model
        case 'keyRejected':
        case 'thumbprintTaken':
        case 'unauthorized':
        case 'revoked':
          return refused(model, reason, f.kind)
        case 'expired':
          // 498 on POST /auth/jwk made with an expired JWT: refresh first
          return refresh(model, 'expired')
        case 'transient': {
          const failures = model.failures + 1
          const then = a.kind === 'registering' ? 'registering' : 'fetchingNonce' // a nonce may be stale by then
          const r = a.kind === 'registering' ? 'migration' : a.reason
          return { ...model, failures, activity: { kind: 'backingOff', reason: r, until: event.at + backoffMs(failures, event.random, f), then }, seq: model.seq + 1 }
        }
      }
      return model
    }

    case 'timer': {
      if (a.kind === 'backingOff' && event.at >= a.until) {
        return { ...model, activity: a.then === 'registering' ? { kind: 'registering' } : { kind: 'fetchingNonce', reason: a.reason }, seq: model.seq + 1 }
      }
      if (a.kind === 'idle' && model.credential?.kind === 'jwt') {
        const due = refreshDueAt(model)
        if (due !== null && event.at >= due) return refresh(model, isExpired(model, event.at) ? 'expired' : 'due')
      }
      return model
    }
  }
}

/** The request the model wants in flight, or null (the runner's `request`). */
export function jwtRequest(model: JwtModel, at: number): { seq: number; call: JwtCall } | null {
  const a = model.activity
  if (a.kind === 'registering' && model.credential?.kind === 'legacy') return { seq: model.seq, call: { kind: 'registerKey', token: model.credential.token } }
  if (a.kind === 'fetchingNonce') return { seq: model.seq, call: { kind: 'nonce' } }
  if (a.kind === 'exchanging') return { seq: model.seq, call: { kind: 'exchange', nonce: a.nonce, serverNowSec: Math.floor(serverNow(model, at) / 1000) } }
  return null
}

/** When the model next wants a `timer` event (the runner's `wakeAt`), or null. */
export function jwtWakeAt(model: JwtModel): number | null {
  const a = model.activity
  if (a.kind === 'backingOff') return a.until
  if (a.kind === 'idle') return refreshDueAt(model)
  return null
}

/** For Diagnostics: the token kind, when it expires and when it was last refreshed — never the token. */
export function jwtFacts(model: JwtModel): { kind: 'legacy' | 'jwt' | 'none'; expiresAt: number | null; refreshedAt: number | null } {
  const c = model.credential
  if (c === null) return { kind: 'none', expiresAt: null, refreshedAt: null }
  if (c.kind === 'legacy') return { kind: 'legacy', expiresAt: null, refreshedAt: null }
  return { kind: 'jwt', expiresAt: c.exp * 1000 - c.offsetMs, refreshedAt: c.receivedAt }
}
