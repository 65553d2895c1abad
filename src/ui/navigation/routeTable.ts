/**
 * The route table: for each screen, the menu that Back opens there (on a flow's first screen) and the item
 * it opens on. Every menu opens on a harmless item and offers Diagnostics and Device name; Sign out is
 * never the first item and is confirmed (App asks, Cancel focused).
 */
import type { Route, RouteName } from './flow.js'

export type MenuAction = 'diagnostics' | 'deviceName' | 'speech' | 'language' | 'newCode' | 'changeUser' | 'signOut' | 'exit' | 'close'

/** What the menu needs to know beyond the route. */
export interface MenuContext {
  /** A Home with somebody else in it to switch to. */
  canChangeUser: boolean
  /** The platform lets a web app exit (Tizen, webOS). */
  canExit: boolean
}

interface RouteEntry {
  /** The items Back's menu offers here, top to bottom; the first one has focus when it opens. */
  menu(ctx: MenuContext): MenuAction[]
}

/** The menu of every screen after linking. */
function signedInMenu(ctx: MenuContext, own: MenuAction[] = []): MenuAction[] {
  return ['diagnostics', 'deviceName', 'language', ...own, 'signOut', ...exit(ctx), 'close']
}

function exit(ctx: MenuContext): MenuAction[] {
  return ctx.canExit ? ['exit'] : []
}

export const ROUTES: Record<RouteName, RouteEntry> = {
  // before the account is checked the TV may still be signed in (plex.tv down): signing out is offered
  startup: { menu: (ctx) => signedInMenu(ctx) },
  link: { menu: (ctx) => ['diagnostics', 'deviceName', 'speech', 'language', 'newCode', ...exit(ctx), 'close'] },
  // signed out already: nothing to sign out of, and OK on the screen itself gets the new code
  signedOut: { menu: (ctx) => ['diagnostics', 'deviceName', 'language', ...exit(ctx), 'close'] },
  users: { menu: (ctx) => signedInMenu(ctx) },
  servers: { menu: (ctx) => signedInMenu(ctx, ctx.canChangeUser ? ['changeUser'] : []) },
  ready: { menu: (ctx) => signedInMenu(ctx) },
  // never a flow's first screen: Back goes back to where they were opened, so no menu of their own
  diagnostics: { menu: () => [] },
  deviceName: { menu: () => [] },
}

export function menuFor(route: Route, ctx: MenuContext): MenuAction[] {
  return ROUTES[route.name].menu(ctx)
}
