import { Lightning, Metadata, Settings, Utils } from '@lightningjs/sdk'
import { decideLaunch, loadSelection } from '../flows/launch/selection.js'
import { signOut } from '../flows/startup/startup.js'
import { configFrom } from '../platform/config.js'
import { publishSignedOut } from '../platform/hostEvents.js'
import { appFonts } from '../platform/fonts.js'
import { resetThisTv } from '../flows/diagnostics/resetTv.js'
import { browserDeviceKeyEnv, forgetDeviceKey } from '../platform/deviceKey.js'
import { isRtl, language, LANGUAGES, loadLanguage, setLanguage, t, type LanguageCode } from '../platform/i18n.js'
import { storageKeys } from '../platform/storageKeys.js'
import { platformExit } from '../platform/keys.js'
import { createSpeechAnnouncer, Voice, type Announcer } from '../platform/speech.js'
import type { PlexAccount } from '../plex/types.js'
import type { SignOutReason } from '../flows/jwt/tokenLifecycle.js'
import { createServices, renewDevice, type Services } from '../services.js'
import { takeHeadStart } from '../headStart.js'
import type { LinkCodeSession } from '../flows/link/session.js'
import { ConfirmDialog, type ConfirmSpec } from './components/ConfirmDialog.js'
import { Menu } from './components/Menu.js'
import { accountName } from './linkWords.js'
import { backAction, current, navigate, START, type Nav, type NavEvent, type Route } from './navigation/flow.js'
import { menuLabel } from './navigation/menuWords.js'
import { mountRoute, type Mounted, type Session, type Shell } from './navigation/mounts.js'
import { menuFor, type MenuAction } from './navigation/routeTable.js'
import { drawRightToLeftText } from './rtlText.js'
import { templatesFollowLanguage } from './templateLanguage.js'

/**
 * The root: composes the navigation flow (src/ui/navigation/flow.ts: which route is up, what Back does),
 * the mounts (one function per route: its screen and what runs behind it) and two overlays, the menu and
 * the confirm dialog. Every route change goes through `enter`, which ends what ran behind the old screen
 * before the new one starts: leaving a screen leaves no timer and no request behind.
 */
export interface AppSpec extends Lightning.Component.TemplateSpec {
  Screens: object
  Menu: typeof Menu
  Confirm: typeof ConfirmDialog
}

export class App extends Lightning.Component<AppSpec> implements Lightning.Component.ImplementTemplateSpec<AppSpec>, Shell {
  readonly Screens = this.getByRef('Screens')!
  readonly Menu = this.getByRef('Menu')!
  readonly Confirm = this.getByRef('Confirm')!
  services!: Services
  session: Session | null = null
  private nav: Nav = START
  private mounted: Mounted = { running: null }
  private screen: Lightning.Component | null = null
  private overlay: 'none' | 'menu' | 'confirm' = 'none'
  /** A language whose file is being fetched (chosen in the menu); presses meanwhile do nothing more. */
  private switchingTo: LanguageCode | null = null
  /** The language whose file could not be fetched: the menu's language item says so until one loads. */
  private languageFailed: LanguageCode | null = null
  takeEarlyLink(): LinkCodeSession | null {
    const early = this.earlyLink
    this.earlyLink = null
    return early
  }

  /** Counts route changes, so a mount that moved the flow on while starting is not kept as the current one. */
  private entered = 0
  private unwatchAccount: (() => void) | null = null
  /** The link flow started before Lightning (src/headStart.ts) until the link screen takes it. */
  private earlyLink: LinkCodeSession | null = null

  static override _template(): Lightning.Component.Template<AppSpec> {
    return {
      w: 1920,
      h: 1080,
      // full size: in a right-to-left UI children are placed from the right edge of their parent
      Screens: { w: 1920, h: 1080 },
      Menu: { type: Menu, visible: false },
      Confirm: { type: ConfirmDialog, visible: false },
    }
  }

  static getFonts() {
    return appFonts((path) => Utils.asset(path))
  }

  /** The services the app runs on; a test gives its own (fake clock, fake plex.tv). */
  protected makeServices(): Services {
    const version = (Metadata as SdkLookup).get('version', '0.0.0')
    return createServices(configFrom((Settings as SdkLookup).get('app', 'plex', {})), { version: typeof version === 'string' ? version : '0.0.0' })
  }

  /** A voice for the language in use (a language switch makes a new one). */
  protected announcerFor(code: LanguageCode): Announcer {
    return createSpeechAnnouncer(code)
  }

  override _init(): void {
    const head = takeHeadStart()
    this.services = head?.services ?? this.makeServices()
    // the language's file may have failed to load since the head start's voice was made for it
    if (head && head.spokenIn !== language()) this.services = { ...this.services, voice: new Voice(this.announcerFor(language())) }
    this.earlyLink = head?.link ?? null
    this.watchAccount()
    templatesFollowLanguage()
    const menu = this.Menu
    menu.onClose = () => this.closeOverlay()
    menu.onChoose = (id) => this.onMenu(id as MenuAction)
    this.applyDirection()
    // no token (the head start's link flow runs): straight to the code, as startup would decide at once
    this.enter(this.earlyLink ? navigate(START, { type: 'needsLink' }) : START)
  }

  override _detach(): void {
    this.stopRunning()
    this.takeEarlyLink()?.stop()
    this.unwatchAccount?.()
  }

  override _getFocused() {
    if (this.overlay === 'confirm') return this.Confirm
    if (this.overlay === 'menu') return this.Menu
    return this.screen ?? undefined
  }

  /** The route on screen. */
  get route(): Route {
    return current(this.nav)
  }

  /** Counts route changes (one per screen put up by the flow); work started on a visit ends with it. */
  get visit(): number {
    return this.entered
  }

  get renderer(): 'WebGL' | 'Canvas 2D' {
    return (this.stage as { gl?: unknown }).gl ? 'WebGL' : 'Canvas 2D'
  }

  // ─── Navigation ───────────────────────────────────────────────────────────────────────────────

  dispatch(event: NavEvent): void {
    if (event.type === 'needsLink') this.session = null
    this.enter(navigate(this.nav, event))
  }

  get backHint(): 'action.menu' | 'action.back' {
    return backAction(this.nav) === 'menu' ? 'action.menu' : 'action.back'
  }

  back(): void {
    if (backAction(this.nav) === 'menu') this.openMenu()
    else this.dispatch({ type: 'back' })
  }

  /** Ends what ran behind the screen that is up, then mounts the route on top of `nav`. */
  private enter(nav: Nav): void {
    this.stopRunning()
    this.closeOverlay()
    this.nav = nav
    const entered = ++this.entered
    const mounted = mountRoute(this, current(nav))
    // starting may have moved the flow on at once (no account stored: startup → link): the later route
    // is the one on screen, and what this one started ends here
    if (entered === this.entered) this.mounted = mounted
    else mounted.running?.dispose()
  }

  /** Replaces the view on screen; what runs behind it keeps running (a controller switching its own views). */
  showView<T extends Lightning.Component>(type: new (stage: Lightning.Stage) => T): T {
    const holder = this.Screens
    const screen = new type(this.stage)
    screen.ref = 'Current'
    holder.childList.clear()
    holder.childList.add(screen)
    this.screen = screen
    this._refocus()
    return screen
  }

  private stopRunning(): void {
    this.mounted.running?.dispose()
    this.mounted = { running: null }
  }

  // ─── The session ──────────────────────────────────────────────────────────────────────────────

  signedIn(token: string, account: PlexAccount, justLinked: boolean): void {
    const name = accountName(account)
    const step = decideLaunch(loadSelection(this.services.store), account.id)
    // a remembered user goes on with their remembered token; whether the Home step would have asked is not
    // known until it runs, so "Change user" is offered (as it always was after a restart)
    const remembered = 'userToken' in step ? { user: step.user, userToken: step.userToken } : { user: null, userToken: null }
    this.session = { account, token, ...remembered, asked: true, server: null, published: false, greeting: justLinked && name !== null ? t('link.linkedAs', { name }) : null }
    this.dispatch({ type: 'signedIn', step })
  }

  chose(patch: Partial<Session>): void {
    if (this.session !== null) this.session = { ...this.session, ...patch }
  }

  takeGreeting(): string | null {
    const greeting = this.session?.greeting ?? null
    this.chose({ greeting: null })
    return greeting
  }

  /** A Home with a choice in it: more than one member, or the Home step asked. */
  get canChangeUser(): boolean {
    const s = this.session
    return s !== null && (s.asked || s.account.homeSize > 1)
  }

  speechOn(): boolean {
    const stored = this.services.store.get(storageKeys.speech)
    return stored === null ? this.services.config.speech : stored === 'on'
  }

  confirmSignOut(): void {
    this.confirm({ title: t('confirm.signOutTitle'), body: t('confirm.signOutBody'), confirm: t('confirm.signOut'), cancel: t('action.cancel') }, () => this.signOutNow())
  }

  confirmClaim(go: () => void): void {
    const server = this.services.config.localServerUrl.replace(/^https?:\/\//, '')
    this.confirm({ title: t('confirm.claimTitle'), body: t('confirm.claimBody', { server }), confirm: t('confirm.claim'), cancel: t('action.cancel') }, go)
  }

  signOutNow(): void {
    // read before the account is forgotten: a TV that stood at plex.tv with its key links again as a new device
    const usedKey = this.services.account?.usesKey() ?? false
    this.stopRunning()
    signOut(this.services.store)
    this.services.account?.forget()
    publishSignedOut(window, this.services.config.hostOrigin)
    if (!usedKey) return this.dispatch({ type: 'needsLink' })
    this.session = null
    void this.startAsNewDevice('menu', usedKey).then(() => this.dispatch({ type: 'needsLink' }))
  }

  /** The token flow's verdict: plex.tv ended the sign-in (the account is forgotten in storage already). */
  private watchAccount(): void {
    this.unwatchAccount?.()
    this.unwatchAccount = this.services.account?.onSignedOut((reason, keyed) => this.signedOutAtPlex(reason, keyed)) ?? null
  }

  private signedOutAtPlex(reason: SignOutReason, keyed: boolean): void {
    // whatever screen was up made calls with the ended token: it and what runs behind it end here
    this.stopRunning()
    this.session = null
    signOut(this.services.store)
    publishSignedOut(window, this.services.config.hostOrigin)
    // a legacy token refused, never moved to the key: straight to a new code, as a TV without a key does
    if (!keyed) return this.dispatch({ type: 'needsLink' })
    const words = reason === 'keyLost' ? 'keyLost' : 'atPlex'
    void this.startAsNewDevice(reason, false).then(() => this.dispatch({ type: 'signedOutAtPlex', reason: words }))
  }

  /** A new key pair and client identifier where the sign-out calls for them, then services built on them. */
  private async startAsNewDevice(reason: SignOutReason | 'menu', usedKey: boolean): Promise<void> {
    // never inside the token flow's own dispatch (its verdict is what called us)
    await Promise.resolve()
    const old = this.services
    if (!(await renewDevice(old, reason, usedKey))) return
    // the voice and the error log outlive the device: Diagnostics still lists what led here
    this.services = { ...this.makeServices(), voice: old.voice, errors: old.errors }
    this.watchAccount()
  }

  confirmReset(): void {
    this.confirm({ title: t('diag.resetTitle'), body: t('diag.resetBody'), confirm: t('diag.resetConfirm'), cancel: t('action.cancel') }, () => this.resetTv())
  }

  /** Diagnostics' "Reset this TV", confirmed: forget everything but the language, then start as a new device. */
  private resetTv(): void {
    this.mounted.running?.dispose()
    this.mounted = { running: null }
    this.services.account?.stop()
    resetThisTv(this.services.store)
    if (this.session) publishSignedOut(window, this.services.config.hostOrigin)
    // the device key goes with the client identifier: the old key under a new identifier would be refused
    // ("thumbprint already taken", plex-api.md §9), and a new device has a new key
    void forgetDeviceKey(browserDeviceKeyEnv(this.services.store)).finally(() => window.location.reload())
  }

  // ─── Menu, confirmations, language ────────────────────────────────────────────────────────────

  /** `focus`: the item to put focus on (the language item after its file failed), else the first. */
  private openMenu(focus?: MenuAction): void {
    const canExit = platformExit(window) !== null
    const actions = menuFor(this.route, { canChangeUser: this.canChangeUser, canExit })
    if (actions.length === 0) return
    const failed = this.languageFailed
    const ctx = {
      deviceName: this.services.identity.deviceName,
      speechOn: this.speechOn(),
      languageName: LANGUAGES[language()].name,
      languageFailed: failed && LANGUAGES[failed].name,
    }
    this.Menu.open(
      t('menu.title'),
      actions.map((id) => ({ id, label: menuLabel(id, ctx) })),
      focus,
    )
    this.overlay = 'menu'
    this._refocus()
  }

  private onMenu(action: MenuAction): void {
    this.closeOverlay()
    if (this.mounted.onMenu?.(action)) return
    switch (action) {
      case 'diagnostics':
      case 'deviceName':
        return this.dispatch({ type: 'open', screen: action })
      case 'changeUser':
        return this.dispatch({ type: 'changeUser' })
      case 'signOut':
        return this.confirmSignOut()
      case 'language':
        return this.nextLanguage()
      case 'exit':
        return this._handleExit()
      default:
        return
    }
  }

  private confirm(spec: ConfirmSpec, then: () => void): void {
    const dialog = this.Confirm
    dialog.onAnswer = (yes) => {
      this.closeOverlay()
      if (yes) then()
    }
    dialog.ask(spec)
    this.overlay = 'confirm'
    this._refocus()
  }

  private closeOverlay(): void {
    this.Menu.visible = false
    this.Confirm.visible = false
    this.overlay = 'none'
    this._refocus()
  }

  /**
   * The next language, remembered on this TV (a preference, not account data). The screen is drawn again in
   * place: the session stays (no PIN asked again, the chosen server not tested again); a screen that can
   * redraw itself keeps what runs behind it (the server list keeps its race results), any other route is
   * mounted anew in the new language and direction.
   */
  private nextLanguage(): void {
    if (this.switchingTo !== null) return
    const codes = Object.keys(LANGUAGES) as LanguageCode[]
    const next = codes[(codes.indexOf(language()) + 1) % codes.length] ?? 'en'
    // German and Arabic come as files, fetched the first time they are chosen
    this.switchingTo = next
    loadLanguage(next, (path) => Utils.asset(path)).then(
      () => {
        this.switchingTo = null
        this.languageFailed = null
        this.useLanguage(next)
      },
      () => {
        // the language stays; the menu says so and OK tries again
        this.switchingTo = null
        this.languageFailed = next
        if (this.overlay === 'none') this.openMenu('language')
      },
    )
  }

  private useLanguage(next: LanguageCode): void {
    this.services.store.set(storageKeys.language, next)
    setLanguage(next)
    this.services = { ...this.services, voice: new Voice(this.announcerFor(next)) }
    this.applyDirection()
    if (this.mounted.redraw) this.mounted.redraw()
    else this.enter(this.nav)
  }

  /** Arabic: the whole layout mirrors (Lightning's rtl); codes and PIN digits opt out where they are drawn. */
  private applyDirection(): void {
    this.rtl = isRtl()
    if (this.rtl) drawRightToLeftText()
  }

  /** The Exit key of a Tizen remote, and "Exit" in the menu. */
  override _handleExit(): void {
    this.stopRunning()
    platformExit(window)?.()
  }
}

/** The SDK's Metadata and Settings are untyped JavaScript: what they hand back is input, checked where used. */
interface SdkLookup {
  get(...path: [string, ...unknown[]]): unknown
}
