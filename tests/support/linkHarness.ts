/** Builds a LinkCodeSession on a FakeClock, a FakePlexTv and a MemoryStore, recording every state. */
import { LinkCodeSession, type LinkCodeState } from '../../src/linking/linkCode.js'
import type { PlexAccount } from '../../src/plex/types.js'
import { MemoryStore } from '../../src/platform/storage.js'
import { FakeClock } from './fakeClock.js'
import { FakePlexTv, type FakePlexTvOptions } from './fakePlexTv.js'

export interface Harness {
  clock: FakeClock
  plex: FakePlexTv
  store: MemoryStore
  session: LinkCodeSession
  states: LinkCodeState[]
  linked: Array<{ token: string; account: PlexAccount }>
  /** Time since the harness was made, in ms. */
  elapsed(): number
  /** A new session (same clock, plex.tv and store): what a reload of the app does. */
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
  const start = clock.now()
  const states: LinkCodeState[] = []
  const linked: Array<{ token: string; account: PlexAccount }> = []
  const make = () => {
    const session = new LinkCodeSession({ client: plex, clock, store, random: options.random ?? (() => 1) })
    session.subscribe((s) => states.push(s))
    session.onLinked((token, account) => linked.push({ token, account }))
    return session
  }
  const h: Harness = {
    clock,
    plex,
    store,
    session: make(),
    states,
    linked,
    elapsed: () => clock.now() - start,
    reload: () => {
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
