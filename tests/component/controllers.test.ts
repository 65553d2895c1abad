/**
 * Each controller behind a screen, with real Lightning views, fakes on the fake clock and the real
 * flows: what it says aloud, and that `dispose()` leaves 0 timers and 0 requests — in the middle of a
 * request, during a backoff, during a cool-down.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { ErrorLog } from '../../src/flows/diagnostics/errorLog.js'
import { Pacer } from '../../src/flows/kernel/pacer.js'
import { ManualVisibility } from '../../src/flows/kernel/visibility.js'
import { defaultConfig } from '../../src/platform/config.js'
import { Voice } from '../../src/platform/speech.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { ServerError } from '../../src/plex/errors.js'
import type { Services } from '../../src/services.js'
import { ReadyController } from '../../src/ui/controllers/ReadyController.js'
import type { ScreenHost } from '../../src/ui/controllers/ScreenHost.js'
import { ServersController, type ReachableResult } from '../../src/ui/controllers/ServersController.js'
import { UsersController } from '../../src/ui/controllers/UsersController.js'
import type { PinPadScreen } from '../../src/ui/screens/PinPadScreen.js'
import { ReadyScreen } from '../../src/ui/screens/ReadyScreen.js'
import type { UserPickerScreen } from '../../src/ui/screens/UserPickerScreen.js'
import { FakeClock, flushPromises } from '../support/fakeClock.js'
import { ACCOUNT_TOKEN, FakePlexHome, homeUser } from '../support/fakePlexHome.js'
import { ALICE, IDENTITY } from '../support/fakePlexTv.js'
import { conn, FakePms, server } from '../support/fakePms.js'
import { FakeSpeech } from '../support/fakeSpeech.js'
import { mount, type Mounted } from '../support/mountLightning.js'

const OWNER = homeUser(ALICE.uuid, 'Alice', { admin: true, protected: true })
const KIDS = homeUser('kids0uuid', 'Kids')
const OWNER_PIN = '8264'

/** Puts each view up in its own mounted Lightning app, as App would on its stage. */
class TestHost implements ScreenHost {
  readonly views: Mounted<Lightning.Component>[] = []
  showView<T extends Lightning.Component>(type: new (...args: never[]) => T): T {
    const m = mount(type)
    this.views.push(m)
    return m.component
  }
  last<T>(): T {
    return this.views.at(-1)!.component as unknown as T
  }
  destroy(): void {
    for (const v of this.views) v.destroy()
  }
}

function world() {
  const clock = new FakeClock()
  const plex = new FakePlexHome(clock)
  plex.users = [OWNER, KIDS]
  plex.pins.set(OWNER.uuid, OWNER_PIN)
  plex.latencyMs = 50
  const pms = new FakePms(clock)
  const speech = new FakeSpeech()
  const services: Services = {
    config: defaultConfig,
    store: new MemoryStore(),
    clock,
    identity: IDENTITY,
    plexTv: plex,
    pms,
    voice: new Voice(speech),
    errors: new ErrorLog(),
    pacer: new Pacer(),
    visibility: new ManualVisibility(),
  }
  const host = new TestHost()
  const nothingLeft = () => ({ timers: clock.pendingTimers(), requests: plex.inFlight + pms.inFlight })
  return { clock, plex, pms, speech, services, host, nothingLeft }
}

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

function users(w: ReturnType<typeof world>) {
  const chosen: string[] = []
  const controller = new UsersController(w.services, w.host, ALICE, ACCOUNT_TOKEN, null, { chosen: (o) => chosen.push(o.user.title), menu: () => undefined, signInAgain: () => undefined }, null, () => true)
  cleanup = () => {
    controller.dispose()
    w.host.destroy()
  }
  return { controller, chosen }
}

describe('UsersController', () => {
  it('says "Digit entered" for each digit, never the digit, then the verdict', async () => {
    const w = world()
    const { controller, chosen } = users(w)
    controller.start(null)
    await w.clock.advanceAsync(100)
    w.host.last<UserPickerScreen>().onIntent?.({ type: 'choose', index: 0 })
    const pad = w.host.last<PinPadScreen>()
    for (const d of [1, 1, 1, 1]) {
      pad.onIntent?.({ type: 'digit', d })
      await flushPromises()
    }
    await w.clock.advanceAsync(1_000)
    expect(w.speech.spoken).toEqual(['Digit entered', 'Digit entered', 'Digit entered', 'Digit entered', 'Wrong PIN — try again.'])
    for (const d of OWNER_PIN) {
      pad.onIntent?.({ type: 'digit', d: Number(d) })
      await flushPromises()
    }
    await w.clock.advanceAsync(1_000)
    expect(chosen).toEqual(['Alice'])
    expect(w.speech.spoken.slice(5)).toEqual(['Digit entered', 'Digit entered', 'Digit entered', 'Digit entered', 'PIN accepted'])
    expect(w.speech.spoken.join(' ')).not.toMatch(/[0-9]/)
  })

  it('dispose() during a PIN check and during a cool-down leaves 0 timers and 0 requests', async () => {
    for (const when of ['checking', 'coolDown'] as const) {
      const w = world()
      const { controller } = users(w)
      controller.start(null)
      await w.clock.advanceAsync(100)
      w.host.last<UserPickerScreen>().onIntent?.({ type: 'choose', index: 0 })
      const pad = w.host.last<PinPadScreen>()
      const rounds = when === 'checking' ? 1 : 3
      for (let i = 0; i < rounds; i++) {
        for (const d of [0, 0, 0, 0]) pad.onIntent?.({ type: 'digit', d })
        await w.clock.advanceAsync(when === 'checking' ? 10 : 1_000)
      }
      expect(w.nothingLeft()).not.toEqual({ timers: 0, requests: 0 })
      controller.dispose()
      expect(w.nothingLeft()).toEqual({ timers: 0, requests: 0 })
      await w.clock.advanceAsync(60_000)
      expect(w.plex.requests.filter((r) => r.at > w.clock.now() - 60_000)).toEqual([])
      w.host.destroy()
    }
  })

  it('dispose() during the automatic retry of a failed load leaves 0 timers and 0 requests', async () => {
    const w = world()
    const { controller } = users(w)
    w.plex.failNext('getHomeUsers', new ServerError(503))
    controller.start(null)
    await w.clock.advanceAsync(100)
    expect(w.clock.pendingTimers()).toBeGreaterThan(0) // the retry and the countdown
    controller.dispose()
    expect(w.nothingLeft()).toEqual({ timers: 0, requests: 0 })
    await w.clock.advanceAsync(60_000)
    expect(w.plex.count('getHomeUsers')).toBe(1)
  })
})

describe('ServersController', () => {
  it('dispose() while servers are being raced and the claim probe is out leaves 0 timers and 0 requests', async () => {
    const w = world()
    w.plex.resources = [server('Basement', 'mid-b', [conn('https://b.plex.direct:32400')])]
    w.pms.serve('https://b.plex.direct:32400', { machineIdentifier: 'mid-b', identity: 'hang' })
    const controller = new ServersController(w.services, w.host, { userToken: 'user-token', claimFor: 'Alice', chosenId: null, resume: null }, { chosen: () => undefined, menu: () => undefined, signInAgain: () => undefined })
    cleanup = () => w.host.destroy()
    controller.start()
    await w.clock.advanceAsync(100)
    expect(w.pms.inFlight).toBeGreaterThan(0)
    controller.dispose()
    expect(w.nothingLeft()).toEqual({ timers: 0, requests: 0 })
  })
})

describe('ReadyController', () => {
  it('dispose() during the retry of the libraries leaves 0 timers and 0 requests', async () => {
    const w = world()
    const uri = 'https://b.plex.direct:32400'
    const resource = server('Basement', 'mid-b', [conn(uri)])
    w.pms.serve(uri, { machineIdentifier: 'mid-b', libraries: 'error' })
    const result: ReachableResult = { resource, best: { connection: resource.connections[0]!, latencyMs: 5, kind: 'remote', secure: true }, failures: [], onlyRelay: false, unavailable: null }
    const m = mount(ReadyScreen)
    const controller = new ReadyController(w.services, m.component, { account: { id: ALICE.id, title: 'Alice' }, user: null, userToken: 'user-token', result, canChangeUser: false }, { action: () => undefined, menu: () => undefined })
    cleanup = () => m.destroy()
    controller.start()
    await w.clock.advanceAsync(100)
    expect(w.clock.pendingTimers()).toBeGreaterThan(0)
    controller.dispose()
    expect(w.nothingLeft()).toEqual({ timers: 0, requests: 0 })
    await w.clock.advanceAsync(60_000)
    expect(w.pms.count('librarySections')).toBe(1)
  })
})
