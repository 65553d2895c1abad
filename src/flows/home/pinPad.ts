/**
 * The PIN pad for a protected Plex Home user (plex-api.md §8.2, §13.9): a pure reducer.
 *
 *  - digits come from the number keys or the on-screen grid; the 4th digit submits by itself
 *    (the reducer returns a `submit` intent carrying the PIN; the effect runner sends it);
 *  - Back deletes the last digit; Back with nothing typed is the `leave` intent (also while submitting
 *    or cooling down: every screen can be left with Back);
 *  - a wrong PIN clears the digits and counts one attempt. plex.tv documents no lockout (§8.2: "Limits on
 *    PIN attempts: no source"), so we add our own: after `FREE_ATTEMPTS` (3) wrong PINs for a user, input is
 *    ignored for a cool-down of 30 s, doubling with each further wrong PIN — 30 s, 60 s, 120 s, 240 s,
 *    480 s, then 600 s (the 10-minute cap) for every later one (`coolDownAfter`);
 *  - attempts and the end of a cool-down are kept per user uuid (pinAttempts.ts), so a reload does not
 *    reset them.
 *
 * The PIN lives in `digits` (memory) and in the `submit` intent, nowhere else: this module never touches
 * a KeyValueStore or a logger, and the state drops the digits as soon as they are answered.
 */

import type { PinAttemptRecord } from './pinAttempts.js'

export const PIN_LENGTH = 4
/** Wrong PINs allowed before the first cool-down. */
export const FREE_ATTEMPTS = 3
export const COOL_DOWN_BASE_MS = 30_000
export const COOL_DOWN_CAP_MS = 10 * 60_000

export type PinPadStatus = 'entering' | 'submitting' | 'wrong' | 'coolingDown' | 'done'

/** Why the last submit got no verdict (the digits were cleared; typing again retries). */
export type PinSubmitFault = 'network' | 'timeout' | 'server' | 'badResponse' | 'rateLimited' | 'unauthorized'

export interface PinPadState {
  uuid: string
  /** 0–4 digits typed so far. Memory only; a view shows one dot per digit. */
  digits: string
  /** Wrong PINs for this user in this run. */
  attempts: number
  /** Clock time at which input is accepted again, while cooling down. */
  coolDownUntil: number | null
  /** What is left of the cool-down at the last tick (0 unless cooling down). */
  coolDownRemainingMs: number
  status: PinPadStatus
  /** Set when the last submit failed for a reason other than a wrong PIN. */
  fault: PinSubmitFault | null
}

export type PinPadAction =
  | { type: 'digit'; digit: number; at: number }
  | { type: 'backspace'; at: number }
  | { type: 'result'; outcome: 'ok'; at: number }
  | { type: 'result'; outcome: 'wrong'; at: number }
  | { type: 'result'; outcome: 'error'; fault: PinSubmitFault; at: number }
  /** The clock moved: counts a cool-down down and ends it. */
  | { type: 'tick'; at: number }

export type PinPadIntent = { type: 'submit'; pin: string } | { type: 'leave' }

export interface PinPadStep {
  state: PinPadState
  intent: PinPadIntent | null
}

/** Cool-down after the `failures`-th wrong PIN: 0 for the first two, then 30 s · 2^(failures − 3), ≤ 10 min. */
export function coolDownAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0
  const exponent = failures - FREE_ATTEMPTS
  if (exponent >= 20) return COOL_DOWN_CAP_MS
  return Math.min(COOL_DOWN_CAP_MS, COOL_DOWN_BASE_MS * 2 ** exponent)
}

/** A fresh pad for `uuid`, carrying over that user's attempts and any cool-down still running at `now`. */
export function openPinPad(uuid: string, record: PinAttemptRecord, now: number): PinPadState {
  const { attempts, coolDownUntil } = record
  const cooling = coolDownUntil !== null && coolDownUntil > now
  return {
    uuid,
    digits: '',
    attempts,
    coolDownUntil: cooling ? coolDownUntil : null,
    coolDownRemainingMs: cooling ? coolDownUntil - now : 0,
    status: cooling ? 'coolingDown' : 'entering',
    fault: null,
  }
}

export function reducePinPad(state: PinPadState, action: PinPadAction): PinPadStep {
  const s = endCoolDownIfDue(state, action.at)
  switch (action.type) {
    case 'tick':
      return same(state, s)
    case 'digit': {
      if (s.status === 'coolingDown' || s.status === 'submitting' || s.status === 'done') return same(state, s)
      if (!Number.isInteger(action.digit) || action.digit < 0 || action.digit > 9) return same(state, s)
      const digits = s.digits + String(action.digit)
      if (digits.length < PIN_LENGTH) return { state: { ...s, digits, status: 'entering', fault: null }, intent: null }
      // The 4th digit submits; the digits stay (as dots) until the verdict.
      return { state: { ...s, digits, status: 'submitting', fault: null }, intent: { type: 'submit', pin: digits } }
    }
    case 'backspace': {
      if (s.status === 'done') return same(state, s)
      if (s.status === 'submitting' || s.digits.length === 0) return { state: s, intent: { type: 'leave' } }
      return { state: { ...s, digits: s.digits.slice(0, -1), status: 'entering' }, intent: null }
    }
    case 'result': {
      if (s.status !== 'submitting') return same(state, s)
      switch (action.outcome) {
        case 'ok':
          return { state: { ...s, digits: '', status: 'done', fault: null, coolDownUntil: null, coolDownRemainingMs: 0 }, intent: null }
        case 'error':
          return { state: { ...s, digits: '', status: 'entering', fault: action.fault }, intent: null }
        case 'wrong': {
          const attempts = s.attempts + 1
          const wait = coolDownAfter(attempts)
          if (wait === 0) return { state: { ...s, digits: '', attempts, status: 'wrong', fault: null }, intent: null }
          return {
            state: { ...s, digits: '', attempts, status: 'coolingDown', coolDownUntil: action.at + wait, coolDownRemainingMs: wait, fault: null },
            intent: null,
          }
        }
      }
    }
  }
}

/** The delay until the pad next needs a `tick`: the next whole second of the countdown, or null. */
export function nextPinPadTick(state: PinPadState, now: number): number | null {
  if (state.status !== 'coolingDown' || state.coolDownUntil === null) return null
  const left = state.coolDownUntil - now
  if (left <= 0) return 0
  return left % 1000 === 0 ? 1000 : left % 1000
}

function endCoolDownIfDue(s: PinPadState, at: number): PinPadState {
  if (s.status !== 'coolingDown' || s.coolDownUntil === null) return s
  if (at >= s.coolDownUntil) return { ...s, status: 'entering', coolDownUntil: null, coolDownRemainingMs: 0 }
  const remaining = s.coolDownUntil - at
  return remaining === s.coolDownRemainingMs ? s : { ...s, coolDownRemainingMs: remaining }
}

function same(original: PinPadState, current: PinPadState): PinPadStep {
  return { state: current === original ? original : current, intent: null }
}
