/** Builds a LinkCodeSession on a FakeClock, a FakePlexTv and a MemoryStore, recording every state. */
import { Pacer } from '../../src/flows/kernel/pacer.js'
import { ManualVisibility } from '../../src/flows/kernel/visibility.js'
import { LinkCodeSession } from '../../src/flows/link/session.js'
import type { LinkCodeState } from '../../src/flows/link/state.js'
import type { PlexAccount } from '../../src/plex/types.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { FakeClock } from './fakeClock.js'
import { FakePlexTv, type FakePlexTvOptions } from './fakePlexTv.js'

export interface Harness {
  clock: FakeClock
  plex: FakePlexTv
  store: MemoryStore
  /** The page's visibility: `visibility.set(true)` hides it. */
  visibility: ManualVisibility
  /** Shared by the sessions of this harness, as services.ts shares one across the app. */
  pacer: Pacer
  session: LinkCodeSession
  states: LinkCodeState[]
  linked: Array<{ token: string; account: PlexAccount }>
  /** Time since the harness was made, in ms. */
  elapsed(): number
  /** A new session (same clock, plex.tv and store; a new page's pacer and visibility): what a reload does. */
  reload(): LinkCodeSession
}

export interface HarnessOptions extends FakePlexTvOptions {
  random?: () => number
  store?: MemoryStore
  clock?: FakeClock
  plex?: FakePlexTv
}

export function linkHarness(options: HarnessOptions = {}): Harness {
  const clock = options.clock ?? new FakeClock()
  const plex = options.plex ?? new FakePlexTv(clock, options)
  const store = options.store ?? new MemoryStore()
  let visibility = new ManualVisibility()
  let pacer = new Pacer()
  const start = clock.now()
  const states: LinkCodeState[] = []
  const linked: Array<{ token: string; account: PlexAccount }> = []
  const make = () => {
    const session = new LinkCodeSession({ client: plex, clock, store, pacer, visibility, random: options.random ?? (() => 1) })
    session.subscribe((s) => states.push(s))
    session.onLinked((token, account) => linked.push({ token, account }))
    return session
  }
  const h: Harness = {
    clock,
    plex,
    store,
    visibility,
    pacer,
    session: make(),
    states,
    linked,
    elapsed: () => clock.now() - start,
    reload: () => {
      // a reload is a new page: a new pacer, as services.ts makes one per page
      pacer = new Pacer()
      h.pacer = pacer
      visibility = new ManualVisibility()
      h.visibility = visibility
      h.session = make()
      return h.session
    },
  }
  return h
}

/** Narrows a state to one kind or fails the test with what it was. */
export function expectKind<K extends LinkCodeState['kind']>(state: LinkCodeState, kind: K): Extract<LinkCodeState, { kind: K }> {
  if (state.kind !== kind) throw new Error(`expected state ${kind}, got ${JSON.stringify(state)}`)
  return state as Extract<LinkCodeState, { kind: K }>
}
