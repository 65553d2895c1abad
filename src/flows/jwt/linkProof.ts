/**
 * What linking with a key adds to the link flow (plex-api.md §9 A, A2), as pure pieces the link flow can
 * hold in its model; nothing here is wired yet.
 *
 * - `auth` setting → whether this TV links with its key.
 * - The device JWT that rides on every poll of a JWK pin: one nonce makes one device JWT, good for 5 minutes
 *   (python-plexapi signs once and polls with it, plex-api.md §9 / MyPlexJWTLogin.run), so a 15-minute pin
 *   needs a new one every few minutes — never one per poll: nonces are rate-limited (429, §9).
 * - What a sign-out means for the key and the client identifier.
 */
import { DEVICE_JWT_LIFETIME_SEC } from '../../plex/jwt.js'
import type { SignOutReason } from './tokenLifecycle.js'

import type { AuthSetting } from '../../platform/config.js'
export type { AuthSetting }

/**
 * Link with the key? `keyAvailable`: loadOrCreateDeviceKey gave a key. "jwt" without a key cannot be honoured
 * and falls back to a legacy link rather than leaving the TV unable to link at all.
 */
export function linksWithKey(setting: AuthSetting, keyAvailable: boolean): boolean {
  return setting !== 'legacy' && keyAvailable
}

/** A new device JWT is fetched when less than this is left of the current one (a poll must not carry a stale one). */
export const PROOF_RENEW_BEFORE_MS = 60_000

/** The device JWT for a pin's polls. `expiresAt` is device ms. */
export type PollProof = { kind: 'none' } | { kind: 'fetchingNonce' } | { kind: 'signing'; nonce: string } | { kind: 'ready'; deviceJwt: string; expiresAt: number }

export type PollProofEvent =
  | { type: 'nonce'; nonce: string }
  /** `at`: device ms when the device JWT was signed (its exp is 5 minutes later on plex.tv's clock). */
  | { type: 'signed'; deviceJwt: string; at: number }
  /** A poll answered 422: plex.tv does not take this device JWT (stale nonce, clock): get a fresh one. */
  | { type: 'rejected' }
  /** Getting the nonce failed: start over (under the link flow's own backoff). */
  | { type: 'failed' }

export function reduceProof(proof: PollProof, event: PollProofEvent): PollProof {
  switch (event.type) {
    case 'nonce':
      return proof.kind === 'fetchingNonce' ? { kind: 'signing', nonce: event.nonce } : proof
    case 'signed':
      return proof.kind === 'signing' ? { kind: 'ready', deviceJwt: event.deviceJwt, expiresAt: event.at + DEVICE_JWT_LIFETIME_SEC * 1000 } : proof
    case 'rejected':
    case 'failed':
      return { kind: 'none' }
  }
}

/**
 * What the link flow does next about the proof at device time `at`: poll with it, or first get one.
 * A proof about to expire is replaced before the next poll, not after a 422.
 */
export function proofStep(proof: PollProof, at: number): { poll: string } | { need: 'nonce' | 'sign' | 'wait' } {
  if (proof.kind === 'ready' && proof.expiresAt - at > PROOF_RENEW_BEFORE_MS) return { poll: proof.deviceJwt }
  if (proof.kind === 'signing') return { need: 'sign' }
  if (proof.kind === 'fetchingNonce') return { need: 'wait' }
  return { need: 'nonce' }
}

/** Start getting a (new) proof: from none, or from one that is about to expire. */
export function fetchProof(proof: PollProof, at: number): PollProof {
  const step = proofStep(proof, at)
  return 'need' in step && step.need === 'nonce' ? { kind: 'fetchingNonce' } : proof
}

/**
 * After a sign-out, what to throw away besides the token. Once plex.tv has issued a JWT for a client
 * identifier, linking that identifier again is refused (the Go plexauth client's note, plex-api.md §9), so a
 * TV whose key plex.tv no longer takes links again as a new device: new key, new client identifier.
 * A legacy token refused (no key involved) just links again. `menu`: the person signed out on the TV; a TV that
 * held a Plex JWT leaves as that device and links again as a new one (a new key pair and client identifier).
 */
export function afterSignOut(reason: SignOutReason | 'menu', hadJwt: boolean): { forgetKey: boolean; newClientIdentifier: boolean } {
  if (reason === 'thumbprintTaken' || reason === 'keyRejected' || reason === 'keyLost' || reason === 'revoked') return { forgetKey: true, newClientIdentifier: true }
  return { forgetKey: hadJwt, newClientIdentifier: hadJwt }
}
