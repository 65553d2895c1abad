/**
 * The PIN pad reducer: digits, Back, leave, auto-submit on the 4th digit, wrong → cleared, and the
 * cool-down after 3 wrong PINs (30 s, doubling, capped at 10 min), counted per user and stored (never the PIN).
 */
import { describe, expect, it } from 'vitest'
import {
  COOL_DOWN_CAP_MS,
  coolDownAfter,
  nextPinPadTick,
  openPinPad,
  reducePinPad,
  type PinPadAction,
  type PinPadState,
  type PinPadStep,
} from '../../src/flows/home/pinPad.js'
import { loadPinAttempts, savePinAttempts } from '../../src/flows/home/pinAttempts.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { storageKeys } from '../../src/platform/storageKeys.js'

const T0 = 1_000_000

function pad(): PinPadState {
  return openPinPad('kid-uuid', { attempts: 0, coolDownUntil: null }, T0)
}

/** Applies actions in order, returning every step. */
function apply(state: PinPadState, ...actions: PinPadAction[]): PinPadStep[] {
  const steps: PinPadStep[] = []
  let s = state
  for (const a of actions) {
    const step = reducePinPad(s, a)
    steps.push(step)
    s = step.state
  }
  return steps
}

const digit = (d: number, at = T0): PinPadAction => ({ type: 'digit', digit: d, at })
const back = (at = T0): PinPadAction => ({ type: 'backspace', at })
const wrong = (at = T0): PinPadAction => ({ type: 'result', outcome: 'wrong', at })

function typeWrong(state: PinPadState, at: number): PinPadState {
  const steps = apply(state, digit(1, at), digit(1, at), digit(1, at), digit(1, at), wrong(at))
  return steps[steps.length - 1]!.state
}

describe('PIN pad reducer', () => {
  it('collects digits and submits by itself on the 4th', () => {
    const steps = apply(pad(), digit(4), digit(8), digit(1), digit(7))
    expect(steps.slice(0, 3).map((s) => [s.state.digits, s.state.status, s.intent])).toEqual([
      ['4', 'entering', null],
      ['48', 'entering', null],
      ['481', 'entering', null],
    ])
    expect(steps[3]!.state.status).toBe('submitting')
    expect(steps[3]!.intent).toEqual({ type: 'submit', pin: '4817' })
  })

  it('ignores digits while submitting and anything that is not 0–9', () => {
    const [, , , fourth, fifth] = apply(pad(), digit(1), digit(2), digit(3), digit(4), digit(5))
    expect(fourth!.intent?.type).toBe('submit')
    expect(fifth!.state.digits).toBe('1234')
    expect(fifth!.intent).toBeNull()
    const [bad] = apply(pad(), { type: 'digit', digit: 12, at: T0 })
    expect(bad!.state.digits).toBe('')
  })

  it('Back deletes a digit; Back on an empty pad is the leave intent', () => {
    const steps = apply(pad(), digit(4), digit(8), back(), back(), back())
    expect(steps[2]!.state.digits).toBe('4')
    expect(steps[3]!.state.digits).toBe('')
    expect(steps[3]!.intent).toBeNull()
    expect(steps[4]!.intent).toEqual({ type: 'leave' })
  })

  it('a wrong PIN clears the digits and counts an attempt; typing again starts over', () => {
    const steps = apply(pad(), digit(1), digit(2), digit(3), digit(4), wrong(), digit(9))
    expect(steps[4]!.state).toMatchObject({ digits: '', attempts: 1, status: 'wrong', coolDownUntil: null })
    expect(steps[5]!.state).toMatchObject({ digits: '9', status: 'entering' })
  })

  it('a failed check (not a verdict) clears the digits without counting an attempt', () => {
    const steps = apply(pad(), digit(1), digit(2), digit(3), digit(4), { type: 'result', outcome: 'error', fault: 'network', at: T0 })
    expect(steps[4]!.state).toMatchObject({ digits: '', attempts: 0, status: 'entering', fault: 'network' })
  })

  it('the right PIN ends in done with the digits dropped', () => {
    const steps = apply(pad(), digit(1), digit(2), digit(3), digit(4), { type: 'result', outcome: 'ok', at: T0 })
    expect(steps[4]!.state).toMatchObject({ digits: '', status: 'done' })
    expect(apply(steps[4]!.state, digit(5), back())[1]!.intent).toBeNull()
  })

  it('3 wrong PINs → 30 s cool-down: input ignored, counted down by ticks, then typing works again', () => {
    let s = pad()
    s = typeWrong(s, T0)
    s = typeWrong(s, T0 + 1000)
    expect(s.status).toBe('wrong')
    s = typeWrong(s, T0 + 2000)
    expect(s).toMatchObject({ attempts: 3, status: 'coolingDown', coolDownUntil: T0 + 2000 + 30_000, coolDownRemainingMs: 30_000 })

    const [ignored] = apply(s, digit(5, T0 + 3000))
    expect(ignored!.state.digits).toBe('')
    expect(ignored!.state.status).toBe('coolingDown')

    const [tick] = apply(s, { type: 'tick', at: T0 + 12_000 })
    expect(tick!.state.coolDownRemainingMs).toBe(20_000)
    expect(nextPinPadTick(tick!.state, T0 + 12_000)).toBe(1000)

    // Back still leaves during a cool-down.
    expect(apply(s, back(T0 + 5000))[0]!.intent).toEqual({ type: 'leave' })

    const [over] = apply(s, { type: 'tick', at: T0 + 32_000 })
    expect(over!.state).toMatchObject({ status: 'entering', coolDownUntil: null, coolDownRemainingMs: 0 })
    // A digit that arrives after the deadline is accepted even before the tick.
    const [late] = apply(s, digit(7, T0 + 32_000))
    expect(late!.state).toMatchObject({ digits: '7', status: 'entering' })
  })

  it('each further wrong PIN grows the cool-down: 30, 60, 120 … s, capped at 10 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map(coolDownAfter)).toEqual([
      0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000, COOL_DOWN_CAP_MS,
    ])
    let s = pad()
    let at = T0
    for (let i = 0; i < 3; i++) s = typeWrong(s, at)
    at = s.coolDownUntil!
    s = typeWrong(s, at) // the 4th wrong PIN, once the first cool-down is over
    expect(s).toMatchObject({ attempts: 4, status: 'coolingDown', coolDownUntil: at + 60_000 })
  })

  it('attempts and cool-downs are per user and survive a reload in storage: the count and the end time, never a digit', () => {
    const store = new MemoryStore()
    let s = openPinPad('kid', { attempts: 0, coolDownUntil: null }, T0)
    for (let i = 0; i < 3; i++) s = typeWrong(s, T0)
    savePinAttempts(store, { kid: { attempts: s.attempts, coolDownUntil: s.coolDownUntil } })
    expect(JSON.parse(store.get(storageKeys.pinAttempts)!)).toEqual({ v: 1, users: { kid: { attempts: 3, coolDownUntil: T0 + 30_000 } } })

    const after = loadPinAttempts(store, T0 + 10_000)
    const reopened = openPinPad('kid', after['kid']!, T0 + 10_000)
    expect(reopened).toMatchObject({ status: 'coolingDown', attempts: 3, coolDownRemainingMs: 20_000 })
    expect(after['teen']).toBeUndefined()
    expect(openPinPad('kid', loadPinAttempts(store, T0 + 31_000)['kid']!, T0 + 31_000)).toMatchObject({ status: 'entering', attempts: 3 })
    savePinAttempts(store, {})
    expect(store.get(storageKeys.pinAttempts)).toBeNull()
  })

  it('stored attempts that cannot be right are dropped: garbage, or a cool-down beyond the 10-minute cap', () => {
    const store = new MemoryStore()
    store.set(storageKeys.pinAttempts, '{not json')
    expect(loadPinAttempts(store, T0)).toEqual({})
    store.set(storageKeys.pinAttempts, JSON.stringify({ v: 1, users: { a: { attempts: 'x', coolDownUntil: null }, b: { attempts: 4, coolDownUntil: T0 + 3_600_000 } } }))
    expect(loadPinAttempts(store, T0)).toEqual({ b: { attempts: 4, coolDownUntil: null } })
  })
})
