import { describe, expect, it } from 'vitest'
import { MAX_TIMER_DELAY_MS, systemClock } from '../../src/flows/kernel/clock.js'
import { FakeClock } from '../support/fakeClock.js'

describe('FakeClock', () => {
  it('runs due timers in due order (ties in set order) with now() at each due time', () => {
    const clock = new FakeClock(1000)
    const log: string[] = []
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20)
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10)
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 20)
    expect(clock.pendingTimers()).toBe(3)
    clock.advance(15)
    expect(log).toEqual(['a@1010'])
    expect(clock.now()).toBe(1015)
    clock.advance(5)
    expect(log).toEqual(['a@1010', 'b@1020', 'c@1020'])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('runs timers set while advancing when they fall inside the window', () => {
    const clock = new FakeClock(0)
    const log: number[] = []
    const tick = () => {
      log.push(clock.now())
      clock.setTimeout(tick, 100)
    }
    clock.setTimeout(tick, 100)
    clock.advance(350)
    expect(log).toEqual([100, 200, 300])
    expect(clock.pendingTimers()).toBe(1)
    expect(clock.nextDue()).toBe(400)
  })

  it('clearTimeout removes a pending timer', () => {
    const clock = new FakeClock(0)
    let ran = false
    const handle = clock.setTimeout(() => (ran = true), 10)
    clock.clearTimeout(handle)
    clock.advance(100)
    expect(ran).toBe(false)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('advanceAsync lets promise continuations run between timers', async () => {
    const clock = new FakeClock(0)
    const log: string[] = []
    clock.setTimeout(() => {
      void Promise.resolve().then(() => {
        log.push(`then@${clock.now()}`)
        clock.setTimeout(() => log.push(`next@${clock.now()}`), 10)
      })
    }, 10)
    await clock.advanceAsync(30)
    expect(log).toEqual(['then@10', 'next@20'])
  })
})

describe('systemClock', () => {
  it('reads epoch milliseconds', () => {
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000)
  })

  it('sets and clears a timer without letting it run', () => {
    let ran = false
    const handle = systemClock.setTimeout(() => (ran = true), MAX_TIMER_DELAY_MS * 4)
    systemClock.clearTimeout(handle)
    expect(ran).toBe(false)
  })
})
