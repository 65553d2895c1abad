/**
 * One function per route: puts the route's screen up, starts what runs behind it, and wires its intents to
 * the shell (navigation events, Back, the menu, confirmations). Each returns what App must end when the
 * route is left (`running.dispose()`) and the menu actions only this screen knows (a new code, speech).
 * App calls exactly one of these per route change, after ending the previous one.
 */
import { reduceEntry, savedName, startEntry, storedDeviceName } from '../../flows/deviceName/deviceName.js'
import { DiagnosticsSession } from '../../flows/diagnostics/diagnostics.js'
import { decideLaunch, loadSelection, rememberServer, type StoredServer, type StoredUser } from '../../flows/launch/selection.js'
import { StartupSession, type StartupState } from '../../flows/startup/startup.js'
import { storageKeys } from '../../platform/storageKeys.js'
import { t } from '../../platform/i18n.js'
import type { PlexAccount } from '../../plex/types.js'
import { safePicture } from '../../plex/inputs.js'
import { pictureBases, renameDevice, type Services } from '../../services.js'
import type { StringKey } from '../../i18n/en.js'
import type { StatusSpec } from '../components/StatusLine.js'
import { LinkController } from '../controllers/LinkController.js'
import type { LinkCodeSession } from '../../flows/link/session.js'
import { ReadyController } from '../controllers/ReadyController.js'
import type { Running, ScreenHost } from '../controllers/ScreenHost.js'
import { ServersController, type KeptServers, type ReachableResult } from '../controllers/ServersController.js'
import { Ticker } from '../controllers/Ticker.js'
import { UsersController } from '../controllers/UsersController.js'
import { diagnosticsModel } from '../diagnosticsWords.js'
import { accountName, startupMessage } from '../linkWords.js'
import { DeviceNameScreen } from '../screens/DeviceNameScreen.js'
import { DiagnosticsScreen } from '../screens/DiagnosticsScreen.js'
import { LinkCodeScreen } from '../screens/LinkCodeScreen.js'
import { MessageScreen } from '../screens/MessageScreen.js'
import { ReadyScreen } from '../screens/ReadyScreen.js'
import type { NavEvent, PlexSignOut, Route } from './flow.js'
import type { MenuAction } from './routeTable.js'

/** Who is signed in on this TV and what they chose in this run; kept across screens and language switches. */
export interface Session {
  account: PlexAccount
  token: string
  /** The Home user watching and their token (in memory only for a protected user). */
  user: StoredUser | null
  userToken: string | null
  /** The Home step asked who is watching (false: no Home, or one unprotected user). */
  asked: boolean
  /** The server in use, once chosen: Ready is drawn from it again without testing it again. */
  server: ReachableResult | null
  /** The host app was told about `server` (plexlink:ready): once per choice, not per visit to Ready. */
  published: boolean
  /** "Linked as NAME" for the first screen after linking; said once. */
  greeting: string | null
  /** The server list as its screen left it (Diagnostics and Device name return to it without a new test). */
  keptServers?: KeptServers | null
}

/** What a mounted route may ask of the App. */
export interface Shell extends ScreenHost {
  readonly services: Services
  readonly session: Session | null
  dispatch(event: NavEvent): void
  /** Back that the screen did not use itself: the menu on a flow's first screen, else one step back. */
  back(): void
  /** Signed in at launch or just linked: remember who, then go where the remembered choices say. */
  signedIn(token: string, account: PlexAccount, justLinked: boolean): void
  /** Ask before signing out (Cancel focused). */
  confirmSignOut(): void
  /** Ask before claiming the local server for the account. */
  confirmClaim(go: () => void): void
  /** plex.tv no longer accepts the account: sign out without asking. */
  signOutNow(): void
  /** Diagnostics' "Reset this TV": ask first (Cancel focused); confirmed, forget everything but the language and start again. */
  confirmReset(): void
  speechOn(): boolean
  /** A user or server was chosen: keep it in the session. */
  chose(patch: Partial<Session>): void
  /** "Linked as NAME", once. */
  takeGreeting(): string | null
  /** The link flow the bundle started before Lightning (src/headStart.ts), once; the taker owns it. */
  takeEarlyLink(): LinkCodeSession | null
  readonly canChangeUser: boolean
  /** What the Back hint of the screen being mounted says: 'action.menu' on a flow's first screen, else 'action.back'. */
  readonly backHint: StringKey
  /** The renderer in use, for diagnostics. */
  readonly renderer: 'WebGL' | 'Canvas 2D'
}

export interface Mounted {
  running: Running | null
  /** Menu actions this screen handles itself; true when handled. */
  onMenu?(action: MenuAction): boolean
  /** Draws the screen again in a new language, keeping what runs behind it (else the route is mounted anew). */
  redraw?(): void
}

export function mountRoute(shell: Shell, route: Route): Mounted {
  switch (route.name) {
    case 'startup':
      return mountStartup(shell)
    case 'link':
      return mountLink(shell)
    case 'signedOut':
      return mountSignedOut(shell, route.reason)
    case 'users':
      return mountUsers(shell, route.pinFor)
    case 'servers':
      return mountServers(shell, route.resume)
    case 'ready':
      return mountReady(shell)
    case 'diagnostics':
      return mountDiagnostics(shell)
    case 'deviceName':
      return mountDeviceName(shell)
  }
}

function mountStartup(shell: Shell): Mounted {
  const { plexTv, clock, store, pacer, visibility } = shell.services
  const session = new StartupSession({ client: plexTv, clock, store, pacer, visibility })
  const screen = shell.showView(MessageScreen)
  const render = () => screen.render(startupMessage(session.state, clock.now()))
  render()
  const ticker = new Ticker(clock, render)
  const unsubscribe = session.subscribe((state: StartupState) => {
    if (state.kind === 'signedIn') shell.signedIn(state.token, state.account, false)
    else if (state.kind === 'needsLink') shell.dispatch({ type: 'needsLink' })
    else {
      render()
      if (state.kind === 'offline') ticker.start()
    }
  })
  screen.onIntent = (intent) => (intent === 'ok' ? session.retryNow() : shell.back())
  session.start()
  return {
    running: {
      dispose: () => {
        unsubscribe()
        ticker.stop()
        session.stop()
      },
    },
  }
}

/**
 * plex.tv ended this TV's sign-in by itself (revoked in Authorized Devices, its key refused, or the key is
 * gone): the account is forgotten already, and this says so in plain words. Nothing runs behind it — no
 * request, no retry — until OK gets a new code (as a new device: App has renewed the key and identifier).
 */
function mountSignedOut(shell: Shell, reason: PlexSignOut): Mounted {
  const screen = shell.showView(MessageScreen)
  screen.render({
    title: t(reason === 'keyLost' ? 'fault.unauthorized' : 'revoked.title'),
    body: t(reason === 'keyLost' ? 'revoked.keyLost' : 'revoked.body'),
    tone: 'warn',
    hints: [
      { key: t('key.ok'), label: t('action.linkAgain') },
      { key: t('key.back'), label: t('action.menu') },
    ],
  })
  screen.onIntent = (intent) => (intent === 'ok' ? shell.dispatch({ type: 'needsLink' }) : shell.back())
  return { running: null }
}

function mountLink(shell: Shell): Mounted {
  const { config, identity, store } = shell.services
  const screen = shell.showView(LinkCodeScreen)
  screen.setStatics({
    title: t('link.title'),
    step1: t('link.step1'),
    shortUrl: config.shortLinkText,
    step2: t('link.step2'),
    step3: t('link.step3'),
    qrCaption: t('link.qrCaption'),
    deviceLine: t('link.deviceLine', { name: identity.deviceName }),
    backAction: t('action.menu'),
  })
  const controller = new LinkController(
    shell.services,
    screen,
    () => shell.speechOn(),
    (token, account) => shell.signedIn(token, account, true),
    shell.takeEarlyLink(),
  )
  screen.onIntent = (intent) => {
    if (intent === 'ok') controller.ok()
    else if (intent === 'diagnostics') shell.dispatch({ type: 'open', screen: 'diagnostics' })
    else shell.back()
  }
  controller.start()
  return {
    running: controller,
    onMenu: (action) => {
      if (action === 'newCode') controller.newCode()
      else if (action === 'speech') store.set(storageKeys.speech, shell.speechOn() ? 'off' : 'on')
      else return false
      return true
    },
  }
}

/**
 * "Name this TV" with the on-screen keyboard. Saving keeps the name on the TV and puts it in use at once
 * (every request from then on carries the new X-Plex-Device-Name, which plex.tv shows in Authorized
 * Devices), then goes back to where the keyboard was opened: no restart, the session stays.
 */
function mountDeviceName(shell: Shell): Mounted {
  const screen = shell.showView(DeviceNameScreen)
  const { store, identity } = shell.services
  let entry = startEntry(storedDeviceName(store) ?? identity.deviceName)
  let status: StatusSpec | null = null
  const render = () => screen.render({ text: entry.text, shift: entry.shift, status })
  screen.onIntent = (intent) => {
    status = null
    if (intent.type === 'cancel') return shell.back()
    if (intent.type === 'done') {
      const name = savedName(entry)
      if (name === null) status = { text: t('name.empty'), tone: 'error' }
      else {
        renameDevice(shell.services, name)
        return shell.back()
      }
    } else entry = reduceEntry(entry, intent)
    render()
  }
  render()
  return { running: null }
}

/** Why linking may not work: plex.tv, the clock, the device; Back returns to where it was opened. */
function mountDiagnostics(shell: Shell): Mounted {
  const screen = shell.showView(DiagnosticsScreen)
  const { plexTv, clock, config, identity, errors, store, pacer, visibility } = shell.services
  const session = new DiagnosticsSession({ client: plexTv, clock, store, pacer, visibility, timeoutMs: config.requestTimeoutMs })
  const render = () =>
    screen.render(
      diagnosticsModel(session.state, {
        deviceName: identity.deviceName,
        clientIdentifier: identity.clientIdentifier,
        version: identity.version,
        platform: `${identity.platform} ${identity.platformVersion}`.trim(),
        renderer: shell.renderer,
        errors: errors.recent(),
        linkUrl: config.shortLinkText,
        ...(shell.services.account ? { signIn: shell.services.account.facts() } : {}),
      }),
    )
  const unsubscribe = session.subscribe(render)
  screen.onIntent = (intent) => (intent === 'ok' ? session.run() : intent === 'reset' ? shell.confirmReset() : shell.back())
  session.run()
  return {
    running: {
      dispose: () => {
        unsubscribe()
        session.stop()
      },
    },
  }
}

function mountUsers(shell: Shell, pinFor: string | null): Mounted {
  const session = shell.session
  if (session === null) return { running: null }
  const { store } = shell.services
  const preselect = pinFor ?? session.user?.uuid ?? loadSelection(store)?.user?.uuid ?? null
  const greeting = shell.takeGreeting()
  const controller = new UsersController(
    shell.services,
    shell,
    session.account,
    session.token,
    preselect,
    {
      chosen: ({ user, userToken, automatic }) => {
        // nobody was asked who is watching: "Linked as NAME" is still news on the server list
        shell.chose({ user, userToken, asked: !automatic, server: null, published: false, greeting: automatic ? greeting : null })
        // the same user as remembered (PIN asked again at launch, say): go on to their remembered server
        const next = decideLaunch(loadSelection(store), session.account.id, userToken)
        const resume = next.step === 'race-server' && next.user.uuid === user.uuid ? next.server : null
        shell.dispatch({ type: 'userChosen', asked: !automatic, resume })
      },
      menu: () => shell.back(),
      signInAgain: () => shell.signOutNow(),
    },
    greeting,
    () => shell.speechOn(),
    shell.backHint,
  )
  controller.start(pinFor)
  return { running: controller }
}

function mountServers(shell: Shell, resume: StoredServer | null): Mounted {
  const session = shell.session
  const { user, userToken } = session ?? {}
  if (session === null || !user || !userToken) return { running: null }
  const { store } = shell.services
  // claiming makes a server the account's: only its owner (the Home's admin) is offered it
  const owner = user.uuid === session.account.uuid
  const controller = new ServersController(
    shell.services,
    shell,
    {
      userToken,
      claimFor: owner ? user.title : null,
      chosenId: loadSelection(store)?.server?.clientIdentifier ?? null,
      resume,
      greeting: shell.takeGreeting(),
      back: shell.backHint,
      kept: session.keptServers ?? null,
    },
    {
      keep: (kept) => shell.chose({ keptServers: kept }),
      chosen: (result) => {
        const { resource, best } = result
        rememberServer(store, { clientIdentifier: resource.clientIdentifier, name: resource.name }, { uri: best.connection.uri, kind: best.kind })
        shell.chose({ server: result, published: false })
        shell.dispatch({ type: 'serverChosen' })
      },
      menu: () => shell.back(),
      signInAgain: () => shell.signOutNow(),
      confirmClaim: (go) => shell.confirmClaim(go),
    },
  )
  controller.start()
  // a new language re-words the rows: the servers are not tested again
  return { running: controller, redraw: () => controller.redraw() }
}

function readyPicture(shell: Shell, user: StoredUser, fallback: string): string | null {
  return safePicture(user.thumb || fallback, pictureBases(shell.services.config)) || null
}

function mountReady(shell: Shell): Mounted {
  const session = shell.session
  if (session === null || session.user === null || session.userToken === null || session.server === null) return { running: null }
  const { account, user, userToken, server } = session
  const screen = shell.showView(ReadyScreen)
  const itself = user.uuid === account.uuid
  const controller = new ReadyController(
    shell.services,
    screen,
    {
      account: { id: account.id, title: accountName(account) ?? account.username, username: account.username || null },
      // an account without a Plex Home is its own (only) user: no user line
      // the picture the picker drew (checked again: it may come from storage), else initials as there
      user: itself && !shell.canChangeUser ? null : { uuid: user.uuid, title: user.title, thumb: readyPicture(shell, user, itself ? account.thumb : '') },
      userToken,
      result: server,
      canChangeUser: shell.canChangeUser,
      publish: !session.published,
    },
    {
      action: (id) => {
        if (id === 'change-user') shell.dispatch({ type: 'changeUser' })
        else if (id === 'change-server') shell.dispatch({ type: 'changeServer' })
        else shell.confirmSignOut()
      },
      menu: () => shell.back(),
    },
  )
  controller.start()
  shell.chose({ published: true })
  return { running: controller }
}
