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
import { SETTLE_RENDER_MS, ServersController, type KeptServers, type ReachableResult } from '../../src/ui/controllers/ServersController.js'
import { KEEP_LIST_MS } from '../../src/flows/servers/serverList.js'
import type { ServerListScreen } from '../../src/ui/screens/ServerListScreen.js'
import { UsersController } from '../../src/ui/controllers/UsersController.js'
import type { PinPadScreen } from '../../src/ui/screens/PinPadScreen.js'
import { ReadyScreen } from '../../src/ui/screens/ReadyScreen.js'
import type { UserPickerScreen } from '../../src/ui/screens/UserPickerScreen.js'
import { FakeClock, flushPromises } from '../support/fakeClock.js'
import { ACCOUNT, ACCOUNT_TOKEN, conn, FakePlex, homeUser, IDENTITY, server } from '../support/fakePlex.js'
import { FakeSpeech } from '../support/fakeSpeech.js'
import { mount, type Mounted } from '../support/mountLightning.js'
import { textOf } from '../support/lightningTree.js'

const OWNER = homeUser(ACCOUNT.uuid, 'Alice', { admin: true, protected: true })
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
  const plex = new FakePlex(clock)
  plex.users = [OWNER, KIDS]
  plex.pins.set(OWNER.uuid, OWNER_PIN)
  plex.latencyMs = 50 // plex.tv; each server answers after its own latencyMs
  const speech = new FakeSpeech()
  const services: Services = {
    config: defaultConfig,
    store: new MemoryStore(),
    clock,
    identity: IDENTITY,
    plexTv: plex,
    pms: plex.pms,
    voice: new Voice(speech),
    errors: new ErrorLog(),
    pacer: new Pacer(),
    visibility: new ManualVisibility(),
  }
  const host = new TestHost()
  const nothingLeft = () => ({ timers: clock.pendingTimers(), requests: plex.inFlight })
  return { clock, plex, speech, services, host, nothingLeft }
}

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

function users(w: ReturnType<typeof world>) {
  const chosen: string[] = []
  const controller = new UsersController(w.services, w.host, ACCOUNT, ACCOUNT_TOKEN, null, { chosen: (o) => chosen.push(o.user.title), menu: () => undefined, signInAgain: () => undefined }, null, () => true)
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
  /** Servers of one connection each, answering after `ms` per call (identity, then the token call). */
  function crowd(w: ReturnType<typeof world>, latencies: Record<string, number>) {
    w.plex.resources = Object.entries(latencies).map(([name, ms]) => {
      const uri = `https://${name.toLowerCase()}.plex.direct:32400`
      w.plex.serve(uri, { machineIdentifier: `mid-${name}`, latencyMs: ms })
      return server(name, `mid-${name}`, [conn(uri)])
    })
    const chosen: string[] = []
    const kept: (KeptServers | null)[] = []
    const make = (previous: KeptServers | null = null) =>
      new ServersController(
        w.services,
        w.host,
        { userToken: ACCOUNT_TOKEN, claimFor: null, chosenId: null, resume: null, kept: previous },
        { chosen: (r) => chosen.push(r.resource.name), menu: () => undefined, signInAgain: () => undefined, confirmClaim: (go) => go(), keep: (k) => kept.push(k) },
      )
    let controller = make()
    cleanup = () => {
      controller.dispose()
      w.host.destroy()
    }
    /** The screen goes and comes back (Diagnostics, then Back): a new controller given what the last one kept. */
    const comeBack = () => {
      controller.dispose()
      controller = make(kept.at(-1) ?? null)
      return controller
    }
    return { controller, chosen, kept, comeBack }
  }

  const rowNames = (list: ServerListScreen) => list.List.children.map((r) => textOf(r, 'Content.Name'))

  it('coming back to a tested list shows it as it was, focus included, without asking plex.tv or testing a server', async () => {
    const w = world()
    const { controller, kept, comeBack } = crowd(w, { Alpha: 10, Bravo: 20, Charlie: 30 })
    controller.start()
    await w.clock.advanceAsync(2_000)
    const before = w.host.last<ServerListScreen>()
    before._handleDown() // a key moves focus to the second row
    const names = rowNames(before)
    const focused = before.focusedIndex
    const requests = w.plex.requests.length
    const again = comeBack()
    expect(kept.at(-1)?.list.list.kind).toBe('done')
    again.start()
    await w.clock.advanceAsync(2_000)
    const after = w.host.last<ServerListScreen>()
    expect(after).not.toBe(before)
    expect(rowNames(after)).toEqual(names)
    expect(after.focusedIndex).toBe(focused)
    expect(after.Status.status).toBeNull()
    expect(w.plex.requests.slice(requests)).toEqual([])
    // two minutes on, servers may have come or gone: the list is loaded and tested again
    const third = comeBack()
    await w.clock.advanceAsync(KEEP_LIST_MS)
    third.start()
    await w.clock.advanceAsync(2_000)
    expect(w.plex.count('getResources')).toBe(2)
  })

  it('a list left while servers are still being tested is not kept: coming back tests them', async () => {
    const w = world()
    const { controller, kept, comeBack } = crowd(w, { Alpha: 10, Bravo: 5_000 })
    controller.start()
    await w.clock.advanceAsync(500)
    comeBack().start()
    expect(kept.at(-1)).toBeNull()
    await w.clock.advanceAsync(1_000) // in plex.tv's next slot for the resources (a second after the first)
    expect(w.plex.count('getResources')).toBe(2)
  })

  it('while races settle the list is drawn at most once per SETTLE_RENDER_MS, and the last settle at once', async () => {
    const w = world()
    const { controller } = crowd(w, { Alpha: 10, Bravo: 20, Charlie: 30, Delta: 600 })
    controller.start()
    await w.clock.advanceAsync(60) // plex.tv's 50 ms: the list's first rows, drawn at once
    const list = w.host.last<ServerListScreen>()
    expect(list.Status.status?.text).toBe('Testing connections to 4 of 4 servers…')
    const drawn: (string | undefined)[] = []
    const render = list.render.bind(list)
    list.render = (model) => {
      drawn.push(model.status?.text)
      render(model)
    }
    await w.clock.advanceAsync(100) // Alpha, Bravo and Charlie settle (20, 40, 60 ms after they are sent)
    expect(drawn).toEqual([])
    await w.clock.advanceAsync(SETTLE_RENDER_MS)
    expect(drawn).toEqual(['Testing connections to 1 of 4 servers…'])
    await w.clock.advanceAsync(1_200) // Delta's answer: the list is done, drawn as it arrives
    expect(drawn).toEqual(['Testing connections to 1 of 4 servers…', undefined])
  })

  it('OK chooses the server drawn at that row, even when a settle has re-sorted the rows since', async () => {
    const w = world()
    const { controller, chosen } = crowd(w, { Alpha: 600, Bravo: 10 })
    controller.start()
    await w.clock.advanceAsync(60) // drawn: Alpha, Bravo (both testing, by name)
    await w.clock.advanceAsync(40) // Bravo answers and sorts first; not drawn yet
    const list = w.host.last<ServerListScreen>()
    list.onIntent({ type: 'choose', index: 1 })
    expect(chosen).toEqual(['Bravo'])
  })

  it('dispose() while servers are being raced and the claim probe is out leaves 0 timers and 0 requests', async () => {
    const w = world()
    w.plex.resources = [server('Basement', 'mid-b', [conn('https://b.plex.direct:32400')])]
    w.plex.serve('https://b.plex.direct:32400', { machineIdentifier: 'mid-b', identity: 'hang' })
    const controller = new ServersController(w.services, w.host, { userToken: ACCOUNT_TOKEN, claimFor: 'Alice', chosenId: null, resume: null }, { chosen: () => undefined, menu: () => undefined, signInAgain: () => undefined, confirmClaim: (go) => go(), keep: () => undefined })
    cleanup = () => w.host.destroy()
    controller.start()
    await w.clock.advanceAsync(100)
    expect(w.plex.inFlight).toBeGreaterThan(0)
    controller.dispose()
    expect(w.nothingLeft()).toEqual({ timers: 0, requests: 0 })
  })
})

describe('ReadyController', () => {
  it('dispose() during the retry of the libraries leaves 0 timers and 0 requests', async () => {
    const w = world()
    const uri = 'https://b.plex.direct:32400'
    const resource = server('Basement', 'mid-b', [conn(uri)])
    w.plex.serve(uri, { machineIdentifier: 'mid-b', libraries: 'error' })
    const result: ReachableResult = { resource, best: { connection: resource.connections[0]!, latencyMs: 5, kind: 'remote', secure: true }, failures: [], onlyRelay: false, unavailable: null }
    const m = mount(ReadyScreen)
    const controller = new ReadyController(w.services, m.component, { account: { id: ACCOUNT.id, title: 'Alice' }, user: null, userToken: 'user-token', result, canChangeUser: false }, { action: () => undefined, menu: () => undefined })
    cleanup = () => m.destroy()
    controller.start()
    await w.clock.advanceAsync(100)
    expect(w.clock.pendingTimers()).toBeGreaterThan(0)
    controller.dispose()
    expect(w.nothingLeft()).toEqual({ timers: 0, requests: 0 })
    await w.clock.advanceAsync(60_000)
    expect(w.plex.count('librarySections')).toBe(1)
  })
})
