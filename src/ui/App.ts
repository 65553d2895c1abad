import { Lightning, Metadata, Settings, Utils } from '@lightningjs/sdk'
import { StartupSession, signOut, type StartupState } from '../linking/startup.js'
import { configFrom } from '../platform/config.js'
import type { PlexAccount } from '../plex/types.js'
import { createServices, type Services } from '../services.js'
import { Menu, type MenuItem } from './components/Menu.js'
import { LinkController } from './controllers/LinkController.js'
import { Ticker } from './controllers/Ticker.js'
import { linkedMessage, startupMessage } from './linkWords.js'
import { LinkCodeScreen } from './screens/LinkCodeScreen.js'
import { MessageScreen } from './screens/MessageScreen.js'

/** Preference, not account data: survives sign-out. */
const SPEECH_KEY = 'speech'

type Screen = { kind: 'message'; screen: MessageScreen } | { kind: 'link'; screen: LinkCodeScreen }

/**
 * The root: decides which screen is up (splash → link code or signed in, offline while plex.tv
 * cannot be asked), owns the controller of that screen and ends it when the screen changes.
 */
export class App extends Lightning.Component {
  private services!: Services
  private current: Screen | null = null
  /** Whatever runs behind the current screen; `dispose()` ends its timers and requests. */
  private running: { dispose(): void; setVisible?(visible: boolean): void } | null = null
  private menuOpen = false
  private readonly onVisibility = () => this.running?.setVisible?.(!document.hidden)

  static override _template() {
    return {
      w: 1920,
      h: 1080,
      Screens: {},
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
    document.addEventListener('visibilitychange', this.onVisibility)
    this.startup()
  }

  override _detach(): void {
    document.removeEventListener('visibilitychange', this.onVisibility)
    this.stopRunning()
  }

  override _getFocused() {
    if (this.menuOpen) return this.tag('Menu') as Menu
    return this.current?.screen
  }

  // ─── Flow ─────────────────────────────────────────────────────────────────────────────────────

  private startup(): void {
    const { plexTv, clock, store } = this.services
    const session = new StartupSession({ client: plexTv, clock, store })
    const screen = this.showMessage(startupMessage({ kind: 'checking', attempt: 0 }, clock.now()))
    const ticker = new Ticker(clock, () => screen.render(startupMessage(session.state, clock.now())))
    const unsubscribe = session.subscribe((state: StartupState) => {
      if (state.kind === 'signedIn') this.showSignedIn(state.account)
      else if (state.kind === 'needsLink') this.showLink()
      else {
        screen.render(startupMessage(state, clock.now()))
        if (state.kind === 'offline') ticker.start()
      }
    })
    screen.onIntent = (intent) => {
      if (intent === 'ok') session.retryNow()
      else this.openMenu('Menu', [{ id: 'sign-out', label: 'Sign out' }, { id: 'close', label: 'Close' }])
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
      title: 'Link this TV to your Plex account',
      step1: 'On your phone or computer, go to',
      shortUrl: config.shortLinkText,
      step2: 'Sign in to your Plex account',
      step3: 'Enter this code:',
      qrCaption: 'Or scan this with your phone camera — the code is filled in for you',
      deviceLine: `This TV will appear as “${identity.deviceName}” in your Plex devices`,
      backAction: 'Menu',
    })
    const controller = new LinkController(this.services, screen, () => this.speechOn(), (_token, account) => this.showSignedIn(account))
    screen.onIntent = (intent) => {
      if (intent === 'ok') controller.ok()
      else this.openMenu('Menu', [
        { id: 'new-code', label: 'Get a new code' },
        { id: 'speech', label: `Read the code aloud: ${this.speechOn() ? 'On' : 'Off'}` },
        { id: 'close', label: 'Close' },
      ])
    }
    this.running = controller
    this.menuHandler = (id) => {
      if (id === 'new-code') controller.newCode()
      if (id === 'speech') this.services.store.set(SPEECH_KEY, this.speechOn() ? 'off' : 'on')
    }
    controller.start()
    if (document.hidden) controller.setVisible(false)
  }

  private showSignedIn(account: PlexAccount | null): void {
    const screen = this.showMessage(linkedMessage(account))
    screen.onIntent = (intent) => {
      if (intent === 'back') this.openMenu('Menu', [{ id: 'sign-out', label: 'Sign out' }, { id: 'close', label: 'Close' }])
    }
  }

  private signOut(): void {
    this.stopRunning()
    signOut(this.services.store)
    this.showLink()
  }

  // ─── Screens and menu ─────────────────────────────────────────────────────────────────────────

  private menuHandler: (id: string) => void = () => {}

  private openMenu(title: string, items: MenuItem[]): void {
    const menu = this.tag('Menu') as Menu
    menu.onChoose = (id) => {
      this.closeMenu()
      if (id === 'sign-out') this.signOut()
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
    const stored = this.services.store.get(SPEECH_KEY)
    return stored === null ? this.services.config.speech : stored === 'on'
  }

  private showMessage(model: Parameters<MessageScreen['render']>[0]): MessageScreen {
    const screen = this.showScreen(MessageScreen)
    screen.render(model)
    return screen
  }

  /** Replaces the current screen; whatever ran behind the old one is ended first. */
  private showScreen<T extends MessageScreen | LinkCodeScreen>(type: new (...args: never[]) => T): T {
    this.stopRunning()
    this.menuHandler = () => {}
    const holder = this.tag('Screens') as Lightning.Element
    const screen = this.stage.c({ ref: 'Current', type }) as unknown as T
    holder.childList.clear()
    holder.childList.add(screen)
    this.current = screen instanceof LinkCodeScreen ? { kind: 'link', screen } : { kind: 'message', screen: screen as MessageScreen }
    this._refocus()
    return screen
  }

  private stopRunning(): void {
    this.running?.dispose()
    this.running = null
  }
}
