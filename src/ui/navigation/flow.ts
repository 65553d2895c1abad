/**
 * Which screen is up, and what Back does there, as data: a stack of routes and a pure reducer.
 *
 * The bottom of the stack is the first screen of the flow the person is in (the link code, "Who's
 * watching?", the server list when nobody was asked, Ready). Back on it opens the menu; Back anywhere above
 * it goes one step down the stack ("server list → Ready" after Change server, "Diagnostics → where it was
 * opened"). A screen may use Back for itself first (the PIN pad and the device-name keyboard delete a
 * character); when it has nothing left to delete it reports Back here.
 *
 * No Lightning and no timers: App turns a route into a screen and what runs behind it (src/ui/App.ts,
 * mounts in ./mounts.ts); the tests walk this reducer with plain events (tests/unit/navigation.test.ts).
 *
 * Not the Lightning SDK's Router: it is driven by the URL hash (`document.location.hash`, a `hashchange`
 * listener) with a history stack that Back walks (docs/plugins/router/history.md), and pages are created
 * from paths. Here screens follow async events (a code linked, a PIN accepted, a race settled) and carry
 * session data (tokens) that must never sit in a URL; Back is a rule of the flow ("server list → Ready
 * when a server is chosen"), not "the previous hash"; and a reload must start at the start-up check, not
 * at a deep link into #ready with no session. A 40-line reducer is also testable without a stage.
 */
import type { LaunchStep, StoredServer } from '../../flows/launch/selection.js'

export type Route =
  /** "Checking your Plex sign-in…" (and "can't reach plex.tv" while it cannot tell). */
  | { name: 'startup' }
  | { name: 'link' }
  /** plex.tv ended this TV's sign-in (revoked, its key refused or lost): said in plain words, OK links again. */
  | { name: 'signedOut'; reason: PlexSignOut }
  /** "Who's watching?"; `pinFor` opens the PIN pad for that user at once (a remembered protected user). */
  | { name: 'users'; pinFor: string | null }
  /** The server list; `resume` goes on by itself with that server when it answers. */
  | { name: 'servers'; resume: StoredServer | null }
  | { name: 'ready' }
  | { name: 'diagnostics' }
  | { name: 'deviceName' }

export type RouteName = Route['name']

/** Why plex.tv ended the sign-in, as the signed-out screen words it: at plex.tv, or this TV's key is gone. */
export type PlexSignOut = 'atPlex' | 'keyLost'

export interface Nav {
  /** Never empty: `stack[0]` is the flow's first screen, the last entry is on screen. */
  readonly stack: readonly Route[]
}

export type NavEvent =
  /** No account on this TV (or it was signed out, or plex.tv no longer accepts its token). */
  | { type: 'needsLink' }
  /** plex.tv ended the sign-in by itself (the account is already forgotten): say so before linking again. */
  | { type: 'signedOutAtPlex'; reason: PlexSignOut }
  /** Signed in, at launch or just linked: where the remembered choices say to go. */
  | { type: 'signedIn'; step: LaunchStep }
  /** A Home user is chosen; `asked`: the person chose (false: no Home, or a lone unprotected user). */
  | { type: 'userChosen'; asked: boolean; resume: StoredServer | null }
  | { type: 'serverChosen' }
  | { type: 'changeUser' }
  | { type: 'changeServer' }
  | { type: 'open'; screen: 'diagnostics' | 'deviceName' }
  /** Back that the screen did not use itself, on a screen above the flow's first one. */
  | { type: 'back' }

export const START: Nav = { stack: [{ name: 'startup' }] }

/** The route on screen. */
export function current(nav: Nav): Route {
  return nav.stack[nav.stack.length - 1] ?? { name: 'startup' }
}

/** What Back does on the screen that is up (after the screen's own use of it): open the menu, or go back one step. */
export function backAction(nav: Nav): 'menu' | 'pop' {
  return nav.stack.length > 1 ? 'pop' : 'menu'
}

/** The route a launch step starts at. */
export function routeOf(step: LaunchStep): Route {
  switch (step.step) {
    case 'pick-user':
      return { name: 'users', pinFor: null }
    case 'enter-pin-for':
      return { name: 'users', pinFor: step.uuid }
    case 'pick-server':
      return { name: 'servers', resume: null }
    case 'race-server':
      return { name: 'servers', resume: step.server }
  }
}

export function navigate(nav: Nav, event: NavEvent): Nav {
  const top = current(nav)
  switch (event.type) {
    case 'needsLink':
      return { stack: [{ name: 'link' }] }
    case 'signedOutAtPlex':
      return { stack: [{ name: 'signedOut', reason: event.reason }] }
    case 'signedIn':
      return { stack: [routeOf(event.step)] }
    case 'userChosen': {
      // a new user's servers and tokens differ: whatever Ready showed before no longer applies
      const servers: Route = { name: 'servers', resume: event.resume }
      return { stack: event.asked ? [{ name: 'users', pinFor: null }, servers] : [servers] }
    }
    case 'serverChosen':
      return { stack: [{ name: 'ready' }] }
    case 'changeServer':
      return top.name === 'ready' ? { stack: [...nav.stack, { name: 'servers', resume: null }] } : nav
    case 'changeUser': {
      const at = nav.stack.findIndex((r) => r.name === 'users')
      if (at >= 0) return { stack: [...nav.stack.slice(0, at), { name: 'users', pinFor: null }] }
      return { stack: [...nav.stack, { name: 'users', pinFor: null }] }
    }
    case 'open':
      return top.name === event.screen ? nav : { stack: [...nav.stack, { name: event.screen }] }
    case 'back':
      return nav.stack.length > 1 ? { stack: nav.stack.slice(0, -1) } : nav
  }
}
