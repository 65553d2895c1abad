/**
 * Navigation as data: which screen each event leads to, and what Back does on every screen (issue 14 item
 * 2): one step back after linking, the menu only on a flow's first screen; every menu opens on a harmless
 * item, offers Diagnostics and Device name, and never leads with Sign out (item 1).
 */
import { describe, expect, it } from 'vitest'
import type { LaunchStep } from '../../src/flows/launch/selection.js'
import { backAction, current, navigate, START, type Nav, type NavEvent, type Route, type RouteName } from '../../src/ui/navigation/flow.js'
import { menuFor, ROUTES, type MenuAction } from '../../src/ui/navigation/routeTable.js'

const USER = { uuid: 'u1', title: 'Mia', protected: false }
const SERVER = { clientIdentifier: 's1', name: 'Living Room' }
const steps: Record<LaunchStep['step'], LaunchStep> = {
  'pick-user': { step: 'pick-user' },
  'enter-pin-for': { step: 'enter-pin-for', uuid: 'u2', title: 'Jordan' },
  'pick-server': { step: 'pick-server', user: USER, userToken: 't' },
  'race-server': { step: 'race-server', user: USER, userToken: 't', server: SERVER },
}

/** Plays events from the start and returns the names on the stack, bottom first. */
function walk(...events: NavEvent[]): Nav {
  return events.reduce(navigate, START)
}
const names = (nav: Nav): RouteName[] => nav.stack.map((r) => r.name)

describe('navigation flow', () => {
  it('starts on the start-up check; no account → the link code, whose Back opens the menu', () => {
    expect(names(START)).toEqual(['startup'])
    expect(backAction(START)).toBe('menu')
    const nav = walk({ type: 'needsLink' })
    expect(names(nav)).toEqual(['link'])
    expect(backAction(nav)).toBe('menu')
  })

  it('signed in: the remembered choices pick the first screen, which opens the menu on Back', () => {
    expect(current(walk({ type: 'signedIn', step: steps['pick-user'] }))).toEqual({ name: 'users', pinFor: null })
    expect(current(walk({ type: 'signedIn', step: steps['enter-pin-for'] }))).toEqual({ name: 'users', pinFor: 'u2' })
    expect(current(walk({ type: 'signedIn', step: steps['pick-server'] }))).toEqual({ name: 'servers', resume: null })
    expect(current(walk({ type: 'signedIn', step: steps['race-server'] }))).toEqual({ name: 'servers', resume: SERVER })
    for (const step of Object.values(steps)) expect(backAction(walk({ type: 'signedIn', step }))).toBe('menu')
  })

  it("the server list after Who's watching: Back goes back to Who's watching, whose Back opens the menu", () => {
    const nav = walk({ type: 'signedIn', step: steps['pick-user'] }, { type: 'userChosen', asked: true, resume: null })
    expect(names(nav)).toEqual(['users', 'servers'])
    expect(backAction(nav)).toBe('pop')
    const back = navigate(nav, { type: 'back' })
    expect(current(back)).toEqual({ name: 'users', pinFor: null })
    expect(backAction(back)).toBe('menu')
  })

  it('nobody asked (no Home, one unprotected user): the server list is the first screen', () => {
    const nav = walk({ type: 'signedIn', step: steps['pick-user'] }, { type: 'userChosen', asked: false, resume: null })
    expect(names(nav)).toEqual(['servers'])
    expect(backAction(nav)).toBe('menu')
  })

  it('a chosen server: Ready is the first screen; Change server → Back → Ready; Change user → Back → Ready', () => {
    const ready = walk({ type: 'signedIn', step: steps['pick-user'] }, { type: 'userChosen', asked: true, resume: null }, { type: 'serverChosen' })
    expect(names(ready)).toEqual(['ready'])
    expect(backAction(ready)).toBe('menu')
    const servers = navigate(ready, { type: 'changeServer' })
    expect(current(servers)).toEqual({ name: 'servers', resume: null })
    expect(backAction(servers)).toBe('pop')
    expect(names(navigate(servers, { type: 'back' }))).toEqual(['ready'])
    const users = navigate(ready, { type: 'changeUser' })
    expect(names(users)).toEqual(['ready', 'users'])
    expect(names(navigate(users, { type: 'back' }))).toEqual(['ready'])
    // a new user chosen: the old Ready no longer applies; Back from their servers is Who's watching
    expect(names(navigate(users, { type: 'userChosen', asked: true, resume: null }))).toEqual(['users', 'servers'])
  })

  it("Change user from the server list goes back to Who's watching, not on top of it", () => {
    const nav = walk({ type: 'signedIn', step: steps['pick-user'] }, { type: 'userChosen', asked: true, resume: null }, { type: 'changeUser' })
    expect(names(nav)).toEqual(['users'])
    // at launch the list can be first (remembered user, server gone): Change user then goes on top
    expect(names(walk({ type: 'signedIn', step: steps['race-server'] }, { type: 'changeUser' }))).toEqual(['servers', 'users'])
  })

  it('Diagnostics and Device name open on top of any screen and Back returns to it', () => {
    const bases: Nav[] = [
      START,
      walk({ type: 'needsLink' }),
      walk({ type: 'signedIn', step: steps['pick-user'] }),
      walk({ type: 'signedIn', step: steps['pick-user'] }, { type: 'userChosen', asked: true, resume: null }),
      walk({ type: 'signedIn', step: steps['pick-server'] }, { type: 'serverChosen' }),
    ]
    for (const base of bases) {
      for (const screen of ['diagnostics', 'deviceName'] as const) {
        const opened = navigate(base, { type: 'open', screen })
        expect(current(opened).name).toBe(screen)
        expect(backAction(opened)).toBe('pop')
        expect(navigate(opened, { type: 'back' })).toEqual(base)
        // opening it again on itself does not stack it twice
        expect(navigate(opened, { type: 'open', screen })).toBe(opened)
      }
    }
  })

  it('sign-out (or a revoked token) from anywhere: only the link code is left', () => {
    const deep = walk({ type: 'signedIn', step: steps['pick-user'] }, { type: 'userChosen', asked: true, resume: null }, { type: 'open', screen: 'diagnostics' })
    expect(names(navigate(deep, { type: 'needsLink' }))).toEqual(['link'])
  })

  it('Back on a first screen leaves the stack as it is (App opens the menu instead)', () => {
    const link = walk({ type: 'needsLink' })
    expect(navigate(link, { type: 'back' })).toBe(link)
  })
})

describe('route table: the menus', () => {
  const contexts = [
    { canChangeUser: false, canExit: false },
    { canChangeUser: true, canExit: true },
  ]
  const harmless: MenuAction[] = ['diagnostics', 'close']

  it('every menu opens on a harmless item, offers Diagnostics and Device name, and ends with Close', () => {
    for (const name of ['startup', 'link', 'users', 'servers', 'ready'] as const) {
      for (const ctx of contexts) {
        const items = ROUTES[name].menu(ctx)
        expect(harmless).toContain(items[0])
        expect(items).toContain('diagnostics')
        expect(items).toContain('deviceName')
        expect(items.at(-1)).toBe('close')
        expect(items.includes('exit')).toBe(ctx.canExit)
      }
    }
  })

  it('after linking the menu offers Sign out (never first), the link screen a new code and speech', () => {
    const afterLinking: Route[] = [{ name: 'users', pinFor: null }, { name: 'servers', resume: null }, { name: 'ready' }]
    for (const route of afterLinking) expect(menuFor(route, contexts[0]!).indexOf('signOut')).toBeGreaterThan(0)
    expect(menuFor({ name: 'link' }, contexts[0]!)).toEqual(['diagnostics', 'deviceName', 'speech', 'language', 'newCode', 'close'])
    expect(menuFor({ name: 'servers', resume: null }, contexts[1]!)).toContain('changeUser')
    expect(menuFor({ name: 'servers', resume: null }, contexts[0]!)).not.toContain('changeUser')
  })

  it('screens that are never a first screen have no menu', () => {
    expect(menuFor({ name: 'diagnostics' }, contexts[1]!)).toEqual([])
    expect(menuFor({ name: 'deviceName' }, contexts[1]!)).toEqual([])
  })
})
