/**
 * The whole App in jsdom, walked across every screen with a remote's keys (issue 13 item 4): start-up, link
 * code, diagnostics, device name, the menu, Who's watching, the PIN pad, the server list, Ready, the confirm
 * dialog and a language switch. After each step it checks the route, the screen and where focus is, and
 * that nothing started on an earlier screen is still running: every fake-clock timer and every request is
 * tagged with the visit (route change) it was started in, and only the current visit may own any.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { ErrorLog } from '../../src/flows/diagnostics/errorLog.js'
import type { Clock } from '../../src/flows/kernel/clock.js'
import { Pacer } from '../../src/flows/kernel/pacer.js'
import { ManualVisibility } from '../../src/flows/kernel/visibility.js'
import { defaultConfig } from '../../src/platform/config.js'
import { language, setLanguage } from '../../src/platform/i18n.js'
import { Voice, type Announcer } from '../../src/platform/speech.js'
import { MemoryStore } from '../../src/platform/storage.js'
import type { PlexTvApi, PmsApi, RequestOptions } from '../../src/plex/api.js'
import type { Services } from '../../src/services.js'
import { App } from '../../src/ui/App.js'
import { ConfirmDialog } from '../../src/ui/components/ConfirmDialog.js'
import { Menu } from '../../src/ui/components/Menu.js'
import type { RouteName } from '../../src/ui/navigation/flow.js'
import { DeviceNameScreen } from '../../src/ui/screens/DeviceNameScreen.js'
import { DiagnosticsScreen } from '../../src/ui/screens/DiagnosticsScreen.js'
import { LinkCodeScreen } from '../../src/ui/screens/LinkCodeScreen.js'
import { PinPadScreen } from '../../src/ui/screens/PinPadScreen.js'
import { ReadyScreen } from '../../src/ui/screens/ReadyScreen.js'
import { ServerListScreen } from '../../src/ui/screens/ServerListScreen.js'
import { UserPickerScreen } from '../../src/ui/screens/UserPickerScreen.js'
import { FakeClock } from '../support/fakeClock.js'
import { ACCOUNT, conn, DEFAULT_CODES, FakePlex, homeUser, IDENTITY, server } from '../support/fakePlex.js'
import { allTexts } from '../support/lightningTree.js'
import { mount, type Mounted } from '../support/mountLightning.js'

/** What started on which visit and is still going: fake-clock timers and requests not yet settled or aborted. */
class Work {
  private readonly live = new Map<object, { visit: number; what: string }>()
  constructor(private readonly visit: () => number) {}

  clock(inner: FakeClock): Clock {
    const keys = new Map<unknown, object>()
    return {
      now: () => inner.now(),
      setTimeout: (fn, ms) => {
        const key = {}
        const handle = inner.setTimeout(() => {
          this.live.delete(key)
          fn()
        }, ms)
        keys.set(handle, key)
        this.live.set(key, { visit: this.visit(), what: `timer ${ms} ms` })
        return handle
      },
      clearTimeout: (handle) => {
        const key = keys.get(handle)
        if (key) this.live.delete(key)
        inner.clearTimeout(handle)
      },
    }
  }

  /** The same API, each call tracked until it settles or its signal aborts. */
  api<T extends object>(inner: T): T {
    const call = (name: string, fn: (...args: unknown[]) => unknown, args: unknown[]) => {
      const key = {}
      this.live.set(key, { visit: this.visit(), what: name })
      const opts = args.find((a): a is RequestOptions => typeof a === 'object' && a !== null && 'signal' in a)
      opts?.signal?.addEventListener('abort', () => this.live.delete(key), { once: true })
      const result = fn.apply(inner, args)
      if (result instanceof Promise) {
        const done = () => void this.live.delete(key)
        result.then(done, done)
      } else this.live.delete(key)
      return result
    }
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver)
        return typeof value === 'function' ? (...args: unknown[]) => call(String(prop), value as (...a: unknown[]) => unknown, args) : value
      },
    })
  }

  /** Work started on earlier visits that is still going. */
  leftovers(): string[] {
    const now = this.visit()
    return [...this.live.values()].filter((w) => w.visit !== now).map((w) => `${w.what} (visit ${w.visit}, now ${now})`)
  }
}

const JORDAN = homeUser('6b1e0c2f9a7d4e31', 'Jordan', { protected: true, restricted: true })
const MIA = homeUser('19860c4bdfbf24d5', 'Mia', { restricted: true })
const OWNER = homeUser(ACCOUNT.uuid, 'Alice', { admin: true })
const LIVING = 'http://192.168.1.20:32400'
const CABIN = 'https://cabin.example.plex.direct:32400'

function world() {
  const clock = new FakeClock()
  // one fake plex.tv + servers (tests/support/fakePlex.ts), with a Home and servers of this walk's own
  const plex = new FakePlex(clock)
  plex.users = [OWNER, MIA, JORDAN]
  plex.pins.clear()
  plex.pins.set(JORDAN.uuid, '4321')
  plex.serve(LIVING, { machineIdentifier: 'living' }).serve(CABIN, { machineIdentifier: 'cabin' })
  plex.resources = [server('Living Room', 'living', [conn(LIVING, { local: true })]), server('Cabin', 'cabin', [conn(CABIN)])]
  plex.latencyFor.getResources = 50
  const link = (code: string) => plex.link(code, ACCOUNT)
  return { clock, plex, home: plex, pms: plex, plexTv: plex, link }
}

type World = ReturnType<typeof world>

function appOn(w: World, work: Work, store: MemoryStore, said: string[]) {
  const announcer: Announcer = { say: (text) => said.push(text), cancel: () => {} }
  return class WalkedApp extends App {
    protected override makeServices(): Services {
      return {
        config: { ...defaultConfig, localServerUrl: 'http://127.0.0.1:1' },
        store,
        clock: work.clock(w.clock),
        identity: IDENTITY,
        plexTv: work.api(w.plexTv),
        pms: work.api<PmsApi>(w.plex.pms),
        voice: new Voice(announcer),
        errors: new ErrorLog(),
        pacer: new Pacer(),
        visibility: new ManualVisibility(),
      }
    }
    protected override announcerFor(): Announcer {
      return announcer
    }
  }
}

describe('App, walked across every screen with the remote', () => {
  let m: Mounted<App>
  afterEach(() => {
    m.destroy()
    setLanguage('en')
  })

  it('shows each screen with focus on it, Back goes where the flow says, and leaving a screen leaves nothing running', async () => {
    const w = world()
    const store = new MemoryStore()
    let app: App | null = null
    const work = new Work(() => app?.visit ?? 0)
    m = mount(appOn(w, work, store, []))
    app = m.component
    const settle = async (ms = 0) => {
      await w.clock.advanceAsync(ms)
      m.frame()
    }
    const press = async (...keys: string[]) => {
      for (const key of keys) {
        m.press(key)
        await settle()
      }
    }
    const current = () => m.component.Screens.childList.getAt(0) as Lightning.Component
    const focused = () => m.focusPath().at(-1)
    /** On `route`, showing `screen`, focus on it (or inside it), and nothing left behind by earlier screens. */
    const on = (route: RouteName, screen: abstract new (...args: never[]) => Lightning.Component) => {
      expect(m.component.route.name).toBe(route)
      expect(current()).toBeInstanceOf(screen)
      expect(m.focusPath()).toContain('Current')
      expect(work.leftovers()).toEqual([])
    }
    const texts = () => allTexts(m.component, true).join('\n')
    const hints = () => allTexts(current().tag('Hints') as Lightning.Element, true)

    await settle()
    on('link', LinkCodeScreen)
    expect(w.plex.count('createPin')).toBe(1)

    // 0 → diagnostics; Back → the link code again
    await press('0')
    on('diagnostics', DiagnosticsScreen)
    await press('Back')
    on('link', LinkCodeScreen)

    // Back on the link code (a first screen) → the menu, on its first item: Diagnostics
    await press('Back')
    expect(focused()).toBe('Menu')
    expect((m.component.tag('Menu') as Menu).focusedId).toBe('diagnostics')
    // Device name (second item) → Back deletes, then leaves → the link code
    await press('Down', 'Enter')
    on('deviceName', DeviceNameScreen)
    for (let i = 0; i < 40 && m.component.route.name === 'deviceName'; i++) await press('Back')
    on('link', LinkCodeScreen)

    // linked at "plex.tv/link": Who's watching
    // the one code handed out is still the one shown (diagnostics and the menu did not make another)
    const code = DEFAULT_CODES[0]!
    expect(w.plex.count('createPin')).toBe(1)
    expect(allTexts(current().tag('Code') as Lightning.Element).join('')).toBe(code)
    expect(w.link(code)).not.toBeNull()
    await settle(1000)
    await settle(100)
    on('users', UserPickerScreen)
    expect(texts()).toContain('Jordan')

    // Jordan is protected: the pad; Back (nothing typed) → Who's watching; again, and the right PIN
    await press('Right', 'Right', 'Enter')
    on('users', PinPadScreen)
    await press('Back')
    on('users', UserPickerScreen)
    await press('Enter', '4', '3', '2', '1')
    await settle(100)
    on('servers', ServerListScreen)
    // the server list after Who's watching: its hint says Back goes back, and it does (no menu)
    expect(hints().slice(-2)).toEqual(['Back', 'Back'])
    await press('Back')
    expect(focused()).not.toBe('Menu')
    await settle(1000) // the Home users again: plex.tv is asked at most once a second per resource
    on('users', UserPickerScreen)
    await press('Left', 'Left', 'Right', 'Right') // Jordan
    expect(hints().slice(-2)).toEqual(['Back', 'Menu']) // the flow's first screen: Back opens the menu
    await press('Enter', '4', '3', '2', '1')
    await settle(100)
    on('servers', ServerListScreen)
    await settle(2000) // every connection race settled
    expect(texts()).toContain('Cabin')
    // not the owner: no claim row; OK chooses the first server (Cabin: reachable, owned, then by name)
    expect(texts()).not.toContain('Claim this server')
    await press('Enter')
    await settle(100)
    on('ready', ReadyScreen)
    expect(texts()).toContain('Cabin')
    // the host app hears of the choice once, not on every return to Ready
    let readyEvents = 1
    window.addEventListener('plexlink:ready', () => readyEvents++)

    // Ready → Change server → Back → Ready
    await press('Right', 'Enter')
    on('servers', ServerListScreen)
    await settle(100)
    await press('Back')
    on('ready', ReadyScreen)

    // Ready's menu → Diagnostics → Back → Ready
    await press('Back')
    expect(focused()).toBe('Menu')
    await press('Enter')
    on('diagnostics', DiagnosticsScreen)
    await press('Back')
    on('ready', ReadyScreen)

    // the language, in place: German Ready, no PIN, no new connection test, no new switch
    const probes = w.pms.count('identity')
    const switches = w.home.count('switchHomeUser')
    await press('Back', 'Down', 'Down', 'Enter')
    on('ready', ReadyScreen)
    expect(language()).toBe('de')
    expect(texts()).toContain('Bereit')
    expect(texts()).toContain('Server wechseln')
    expect(w.pms.count('identity')).toBe(probes)
    expect(w.home.count('switchHomeUser')).toBe(switches)
    expect(store.get('language')).toBe('de')
    expect(readyEvents).toBe(1)

    // Sign out (Ready's button): asked first, Cancel focused; OK cancels; then Right + OK signs out
    await press('Right', 'Right', 'Enter')
    expect(focused()).toBe('Confirm')
    expect((m.component.tag('Confirm') as ConfirmDialog).focusedAnswer).toBe('cancel')
    await press('Enter')
    on('ready', ReadyScreen)
    expect(store.get('authToken')).not.toBeNull()
    await press('Enter', 'Right', 'Enter')
    await settle()
    on('link', LinkCodeScreen)
    expect(store.get('authToken')).toBeNull()
  }, 60_000) // a long walk on a shared machine: real time only, nothing here waits on it
})
