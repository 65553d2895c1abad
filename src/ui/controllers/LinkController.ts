import { LinkCodeSession, type LinkCodeState } from '../../linking/linkCode.js'
import { prefilledLinkUrl } from '../../platform/config.js'
import { spellOut } from '../../platform/speech.js'
import type { PlexAccount } from '../../plex/types.js'
import type { Services } from '../../services.js'
import { accountName, linkCodeModel } from '../linkWords.js'
import type { LinkCodeScreen } from '../screens/LinkCodeScreen.js'
import { Ticker } from './Ticker.js'
import { t } from '../../platform/i18n.js'

/**
 * Runs the link-code behaviour for the link screen: owns the session and the countdown ticker,
 * renders each state, speaks new codes, and ends everything on `dispose()`.
 */
export class LinkController {
  private readonly session: LinkCodeSession
  private readonly ticker: Ticker
  private readonly unsubscribe: () => void
  private spokenCode: string | null = null

  constructor(
    private readonly services: Services,
    private readonly screen: LinkCodeScreen,
    private readonly speak: () => boolean,
    onLinked: (token: string, account: PlexAccount) => void,
  ) {
    this.session = new LinkCodeSession({
      client: services.plexTv,
      clock: services.clock,
      store: services.store,
      onLinked: (token, account) => {
        const name = accountName(account)
        if (name && this.speak()) services.announcer.say(t('link.linkedAs', { name }))
        onLinked(token, account)
      },
    })
    this.ticker = new Ticker(services.clock, () => this.render())
    this.unsubscribe = this.session.subscribe((state) => this.onState(state))
  }

  start(): void {
    this.session.start()
    this.onState(this.session.state)
  }

  /** OK: retry at once on a fault, a new code when idle. */
  ok(): void {
    const kind = this.session.state.kind
    if (kind === 'error' || kind === 'idle' || kind === 'linked') this.session.retryNow()
  }

  setVisible(visible: boolean): void {
    this.session.setVisible(visible)
  }

  /** Forgets the code on screen and asks for a new one. */
  newCode(): void {
    this.session.stop({ forgetPin: true })
    this.spokenCode = null
    this.session.start()
  }

  get state(): LinkCodeState {
    return this.session.state
  }

  dispose(): void {
    this.unsubscribe()
    this.session.stop()
    this.ticker.stop()
    this.services.announcer.cancel()
  }

  private onState(state: LinkCodeState): void {
    if (state.kind === 'error') this.services.errors.record({ at: this.services.clock.now(), request: state.request, fault: state.fault, status: state.status })
    this.render()
    const shown = state.kind === 'waiting' || state.kind === 'error' ? state.code : null
    // countdowns and "retrying in N s" change every second; other states are static
    const ticking = state.kind === 'waiting' || state.kind === 'error' || (state.kind === 'linked' && state.accountFault !== null)
    if (ticking) this.ticker.start()
    else this.ticker.stop()
    if (shown && shown.code !== this.spokenCode) {
      this.spokenCode = shown.code
      if (this.speak()) this.services.announcer.say(t('speech.code', { code: spellOut(shown.code) }))
    }
  }

  private render(): void {
    const { config } = this.services
    this.screen.render(
      linkCodeModel(this.session.state, {
        now: this.session.now(),
        qrPayloadFor: (code) => prefilledLinkUrl(config, code),
      }),
    )
  }
}
