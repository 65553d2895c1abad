import { Lightning, Metadata, Settings, Utils } from '@lightningjs/sdk'
import { decideLaunch, loadSelection, rememberServer, type StoredServer, type StoredUser } from '../flows/launch/selection.js'
import { StartupSession, signOut, type StartupState } from '../flows/startup/startup.js'
import { storageKeys } from '../platform/storageKeys.js'
import { configFrom } from '../platform/config.js'
import { publishSignedOut } from '../platform/hostEvents.js'
import { platformExit } from '../platform/keys.js'
import { isRtl, language, LANGUAGES, t, type LanguageCode } from '../platform/i18n.js'
import type { PlexAccount } from '../plex/types.js'
import { createServices, type Services } from '../services.js'
import { Menu, type MenuItem } from './components/Menu.js'
import { LinkController } from './controllers/LinkController.js'
import { ReadyController } from './controllers/ReadyController.js'
import type { Running, ScreenHost } from './controllers/ScreenHost.js'
import { ServersController, type ReachableResult } from './controllers/ServersController.js'
import { Ticker } from './controllers/Ticker.js'
import { UsersController } from './controllers/UsersController.js'
import { accountName, startupMessage } from './linkWords.js'
import { LinkCodeScreen } from './screens/LinkCodeScreen.js'
import { MessageScreen } from './screens/MessageScreen.js'
import { ReadyScreen } from './screens/ReadyScreen.js'
import { DiagnosticsScreen } from './screens/DiagnosticsScreen.js'
import { DeviceNameScreen } from './screens/DeviceNameScreen.js'
import { reduceEntry, savedName, startEntry, storedDeviceName } from '../flows/deviceName/deviceName.js'
import type { StatusSpec } from './components/StatusLine.js'
import { DiagnosticsSession } from '../flows/diagnostics/diagnostics.js'
import { diagnosticsModel } from './diagnosticsWords.js'
import { drawRightToLeftText } from './rtlText.js'

/** Who is signed in on this TV, for the steps after linking. */
interface SignedIn {
  account: PlexAccount
  token: string
}

/**
 * The root: decides which screen is up (splash → link code → who's watching → server → ready, offline
 * while plex.tv cannot be asked), owns the controller of that screen and ends it when the flow moves on.
 */
export class App extends Lightning.Component implements ScreenHost {
  private services!: Services
  private current: Lightning.Component | null = null
  /** Whatever runs behind the current screen; `dispose()` ends its timers and requests. */
  private running: Running | null = null
  private menuOpen = false
  private signedIn: SignedIn | null = null
  /** The Home step chose by itself (no Home, or one unprotected user): "Change user" is not offered. */
  private homeAutomatic = false
  /** "Linked as NAME" for the first screen after linking; used once. */
  private greeting: string | null = null

  static override _template() {
    return {
      w: 1920,
      h: 1080,
      // full size: in a right-to-left UI children are placed from the right edge of their parent
      Screens: { w: 1920, h: 1080 },
      Menu: { type: Menu, visible: false },
    }
  }

  static getFonts() {
    return [
      { family: 'Regular', url: Utils.asset('fonts/roboto-latin-400-normal.woff') as string },
      { family: 'Bold', url: Utils.asset('fonts/roboto-latin-700-normal.woff') as string },
      { family: 'Mono', url: Utils.asset('fonts/roboto-mono-latin-700-normal.woff') as string },
    ]
  }

  override _init(): void {
    const version = (Metadata.get('version', '0.0.0') as string) ?? '0.0.0'
    this.services = createServices(configFrom(Settings.get('app', 'plex', {})), { version })
    const menu = this.tag('Menu') as Menu
    menu.onClose = () => this.closeMenu()
    // Arabic: the whole layout mirrors (Lightning's rtl); codes and PIN digits opt out where they are drawn
    this.rtl = isRtl()
    if (this.rtl) drawRightToLeftText()
    this.startup()
  }

  override _detach(): void {
    this.stopRunning()
  }

  override _getFocused() {
    if (this.menuOpen) return this.tag('Menu') as Menu
    return this.current ?? undefined
  }

  // ─── Flow ─────────────────────────────────────────────────────────────────────────────────────

  private startup(): void {
    const { plexTv, clock, store, pacer, visibility } = this.services
    const session = new StartupSession({ client: plexTv, clock, store, pacer, visibility })
    const screen = this.showMessage(startupMessage({ kind: 'checking', attempt: 0 }, clock.now()))
    const ticker = new Ticker(clock, () => screen.render(startupMessage(session.state, clock.now())))
    const unsubscribe = session.subscribe((state: StartupState) => {
      if (state.kind === 'signedIn') this.afterSignIn(state.token, state.account)
      else if (state.kind === 'needsLink') this.showLink()
      else {
        screen.render(startupMessage(state, clock.now()))
        if (state.kind === 'offline') ticker.start()
      }
    })
    screen.onIntent = (intent) => {
      if (intent === 'ok') session.retryNow()
      else this.openMenu(this.signOutItems())
    }
    this.running = {
      dispose: () => {
        unsubscribe()
        ticker.stop()
        session.stop()
      },
    }
    session.start()
  }

  private showLink(): void {
    const screen = this.showScreen(LinkCodeScreen)
    const { config, identity } = this.services
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
    const controller = new LinkController(this.services, screen, () => this.speechOn(), (token, account) => this.afterSignIn(token, account, true))
    screen.onIntent = (intent) => {
      if (intent === 'ok') controller.ok()
      else if (intent === 'diagnostics') this.showDiagnostics()
      else this.openMenu([
        { id: 'new-code', label: t('menu.newCode') },
        { id: 'diagnostics', label: t('menu.diagnostics') },
        { id: 'device-name', label: t('menu.deviceName', { name: this.services.identity.deviceName }) },
        { id: 'speech', label: t(this.speechOn() ? 'menu.speechOn' : 'menu.speechOff') },
        this.languageItem(),
        ...this.exitItem(),
        { id: 'close', label: t('menu.close') },
      ])
    }
    this.running = controller
    this.menuHandler = (id) => {
      if (id === 'new-code') controller.newCode()
      if (id === 'speech') this.services.store.set(storageKeys.speech, this.speechOn() ? 'off' : 'on')
      if (id === 'diagnostics') this.showDiagnostics()
      if (id === 'device-name') this.showDeviceName()
    }
    controller.start()
  }

  /**
   * "Name this TV" with the on-screen keyboard. Saving keeps the name on the TV and restarts the app, so
   * every request carries the new X-Plex-Device-Name (plex.tv shows it in Authorized Devices).
   */
  private showDeviceName(): void {
    const screen = this.showScreen(DeviceNameScreen)
    const { store, identity } = this.services
    let entry = startEntry(storedDeviceName(store) ?? identity.deviceName)
    let status: StatusSpec | null = null
    const render = () => screen.render({ text: entry.text, shift: entry.shift, status })
    screen.onIntent = (intent) => {
      status = null
      if (intent.type === 'cancel') return this.showLink()
      if (intent.type === 'done') {
        const name = savedName(entry)
        if (name === null) status = { text: t('name.empty'), tone: 'error' }
        else {
          store.set(storageKeys.deviceName, name)
          window.location.reload()
          return
        }
      } else entry = reduceEntry(entry, intent)
      render()
    }
    render()
  }

  /** Why linking may not work: plex.tv, the clock, the device; Back returns to the code. */
  private showDiagnostics(): void {
    const screen = this.showScreen(DiagnosticsScreen)
    const { plexTv, clock, config, identity, errors, store, pacer, visibility } = this.services
    const session = new DiagnosticsSession({ client: plexTv, clock, store, pacer, visibility, timeoutMs: config.requestTimeoutMs })
    const renderer = (this.stage as unknown as { gl?: unknown }).gl ? 'WebGL' : 'Canvas 2D'
    const render = () =>
      screen.render(
        diagnosticsModel(session.state, {
          deviceName: identity.deviceName,
          clientIdentifier: identity.clientIdentifier,
          version: identity.version,
          platform: `${identity.platform} ${identity.platformVersion}`.trim(),
          renderer,
          errors: errors.recent(),
          linkUrl: config.shortLinkText,
          ...(this.services.account ? { signIn: this.services.account.facts() } : {}),
        }),
      )
    const unsubscribe = session.subscribe(render)
    screen.onIntent = (intent) => (intent === 'ok' ? session.run() : this.showLink())
    this.running = {
      dispose: () => {
        unsubscribe()
        session.stop()
      },
    }
    session.run()
  }

  // ─── After linking ─────────────────────────────────────────────────────────────────────────────

  /**
   * Signed in (at launch or just linked): the launch policy picks the step from what was remembered.
   * Right after linking, the next screen says "Linked as NAME" until there is something else to say.
   */
  private afterSignIn(token: string, account: PlexAccount, justLinked = false): void {
    this.signedIn = { account, token }
    const name = accountName(account)
    this.greeting = justLinked && name !== null ? t('link.linkedAs', { name }) : null
    const stored = loadSelection(this.services.store)
    const step = decideLaunch(stored, account.id)
    switch (step.step) {
      case 'pick-user':
        return this.showUsers(null)
      case 'enter-pin-for':
        return this.showUsers(step.uuid)
      case 'pick-server':
        return this.showServers(step.user, step.userToken, null)
      case 'race-server':
        return this.showServers(step.user, step.userToken, step.server)
    }
  }

  private showUsers(pinFor: string | null): void {
    const signedIn = this.signedIn
    if (signedIn === null) return
    this.stopRunning()
    const preselect = pinFor ?? loadSelection(this.services.store)?.user?.uuid ?? null
    const greeting = this.takeGreeting()
    const controller = new UsersController(this.services, this, signedIn.account, signedIn.token, preselect, {
      chosen: ({ user, userToken, automatic }) => {
        this.homeAutomatic = automatic
        // nobody was asked who is watching: "Linked as NAME" is still news on the server list
        if (automatic) this.greeting = greeting
        // the same user as remembered (PIN asked again at launch, say): go on to their remembered server
        const next = decideLaunch(loadSelection(this.services.store), signedIn.account.id, userToken)
        const resume = next.step === 'race-server' && next.user.uuid === user.uuid ? next.server : null
        this.showServers(user, userToken, resume)
      },
      menu: () => this.openMenu(this.signOutItems()),
      signInAgain: () => this.signOut(),
    }, greeting, () => this.speechOn())
    this.running = controller
    controller.start(pinFor)
  }

  private showServers(user: StoredUser, userToken: string, resume: StoredServer | null): void {
    const signedIn = this.signedIn
    if (signedIn === null) return
    this.stopRunning()
    const chosenId = loadSelection(this.services.store)?.server?.clientIdentifier ?? null
    const controller = new ServersController(
      this.services,
      this,
      { userToken, claimFor: user.title, chosenId, resume, greeting: this.takeGreeting() },
      {
        chosen: (result) => {
          const { resource, best } = result
          rememberServer(this.services.store, { clientIdentifier: resource.clientIdentifier, name: resource.name }, { uri: best.connection.uri, kind: best.kind })
          this.showReady(user, userToken, result)
        },
        menu: () => {
          const items: MenuItem[] = this.canChangeUser() ? [{ id: 'change-user', label: t('menu.changeUser') }] : []
          this.openMenu([...items, ...this.signOutItems()])
          this.menuHandler = (id) => {
            if (id === 'change-user') this.showUsers(null)
          }
        },
        signInAgain: () => this.signOut(),
      },
    )
    this.running = controller
    controller.start()
  }

  private showReady(user: StoredUser, userToken: string, result: ReachableResult): void {
    const signedIn = this.signedIn
    if (signedIn === null) return
    const { account } = signedIn
    const screen = this.showScreen(ReadyScreen)
    const itself = user.uuid === account.uuid
    const controller = new ReadyController(
      this.services,
      screen,
      {
        account: { id: account.id, title: account.friendlyName || account.title || account.username },
        // an account without a Plex Home is its own (only) user: no user line
        user: itself && !this.canChangeUser() ? null : { uuid: user.uuid, title: user.title, thumb: itself ? account.thumb || null : null },
        userToken,
        result,
        canChangeUser: this.canChangeUser(),
      },
      {
        action: (id) => {
          if (id === 'change-user') this.showUsers(null)
          else if (id === 'change-server') this.showServers(user, userToken, null)
          else this.signOut()
        },
        menu: () => this.openMenu(this.signOutItems()),
      },
    )
    this.running = controller
    controller.start()
  }

  private takeGreeting(): string | null {
    const greeting = this.greeting
    this.greeting = null
    return greeting
  }

  /** A Home with a choice in it: more than one member, or the Home step asked. */
  private canChangeUser(): boolean {
    const account = this.signedIn?.account
    return account !== undefined && (!this.homeAutomatic || account.homeSize > 1)
  }

  private signOut(): void {
    this.stopRunning()
    signOut(this.services.store)
    this.services.account?.forget()
    this.signedIn = null
    this.homeAutomatic = false
    publishSignedOut(window, this.services.config.hostOrigin)
    this.showLink()
  }

  // ─── Screens and menu ─────────────────────────────────────────────────────────────────────────

  private menuHandler: (id: string) => void = () => {}

  /** The next language, remembered on this TV (not account data), then a restart to draw every screen in it. */
  private nextLanguage(): void {
    const codes = Object.keys(LANGUAGES) as LanguageCode[]
    const next = codes[(codes.indexOf(language()) + 1) % codes.length] ?? 'en'
    this.services.store.set(storageKeys.language, next)
    this.stopRunning()
    window.location.reload()
  }

  /** "Exit PlexLink TV" where the platform lets a web app exit (Tizen, webOS); nothing in a browser. */
  private exitItem(): MenuItem[] {
    return platformExit(window as Parameters<typeof platformExit>[0]) ? [{ id: 'exit', label: t('menu.exit') }] : []
  }

  /** The Exit key of a Tizen remote, and "Exit" in the menu. */
  override _handleExit(): void {
    this.stopRunning()
    platformExit(window as Parameters<typeof platformExit>[0])?.()
  }

  /**
   * The menu Back opens on the screens after linking. Any of them can be the first screen at launch
   * (ready, who's watching, the PIN pad, the server list), and Back on the first screen must offer to
   * exit where the platform allows it (Samsung's Return key policy), so Exit is here too.
   */
  private signOutItems(): MenuItem[] {
    return [{ id: 'sign-out', label: t('menu.signOut') }, this.languageItem(), ...this.exitItem(), { id: 'close', label: t('menu.close') }]
  }

  /** "Language: Deutsch": OK cycles through the languages and restarts the app in the next one. */
  private languageItem(): MenuItem {
    return { id: 'language', label: t('menu.language', { name: LANGUAGES[language()].name }) }
  }

  private openMenu(items: MenuItem[], title = t('menu.title')): void {
    const menu = this.tag('Menu') as Menu
    menu.onChoose = (id) => {
      this.closeMenu()
      if (id === 'sign-out') this.signOut()
      else if (id === 'language') this.nextLanguage()
      else if (id === 'exit') this._handleExit()
      else if (id !== 'close') this.menuHandler(id)
    }
    menu.open(title, items)
    this.menuOpen = true
    this._refocus()
  }

  private closeMenu(): void {
    ;(this.tag('Menu') as Menu).visible = false
    this.menuOpen = false
    this._refocus()
  }

  private speechOn(): boolean {
    const stored = this.services.store.get(storageKeys.speech)
    return stored === null ? this.services.config.speech : stored === 'on'
  }

  private showMessage(model: Parameters<MessageScreen['render']>[0]): MessageScreen {
    const screen = this.showScreen(MessageScreen)
    screen.render(model)
    return screen
  }

  /** Ends whatever ran behind the current screen, then puts up a new one. */
  private showScreen<T extends Lightning.Component>(type: new (...args: never[]) => T): T {
    this.stopRunning()
    return this.showView(type)
  }

  /** Replaces the view on screen; the controller behind it keeps running (ScreenHost). */
  showView<T extends Lightning.Component>(type: new (...args: never[]) => T): T {
    this.menuHandler = () => {}
    const holder = this.tag('Screens') as Lightning.Element
    const screen = this.stage.c({ ref: 'Current', type }) as unknown as T
    holder.childList.clear()
    holder.childList.add(screen)
    this.current = screen
    this._refocus()
    return screen
  }

  private stopRunning(): void {
    this.running?.dispose()
    this.running = null
  }
}
