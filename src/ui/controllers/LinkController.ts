import { LinkCodeSession } from '../../flows/link/session.js'
import type { LinkCodeState } from '../../flows/link/state.js'
import { prefilledLinkUrl } from '../../platform/config.js'
import { spellOut } from '../../platform/speech.js'
import type { PlexAccount } from '../../plex/types.js'
import type { Services } from '../../services.js'
import { accountName, linkCodeModel } from '../linkWords.js'
import type { LinkCodeScreen } from '../screens/LinkCodeScreen.js'
import { Ticker } from './Ticker.js'
import { t } from '../../platform/i18n.js'

/**
 * Runs the link-code flow for the link screen: owns the session and the countdown ticker, renders each
 * state, speaks each new code once, and ends everything on `dispose()`. "Linked as NAME" is said in the
 * app's voice, not the screen's, so the screen change that follows does not cut it off.
 */
export class LinkController {
  private readonly session: LinkCodeSession
  private readonly ticker: Ticker
  private readonly unsubscribe: () => void
  private unlinked: (() => void) | null = null

  /** `session`: the flow started before the screen (src/headStart.ts), owned from here on; else a new one. */
  constructor(
    private readonly services: Services,
    private readonly screen: LinkCodeScreen,
    private readonly speak: () => boolean,
    private readonly linked: (token: string, account: PlexAccount) => void,
    session: LinkCodeSession | null = null,
  ) {
    const { plexTv, clock, store, pacer, visibility } = services
    this.session = session ?? new LinkCodeSession({ client: plexTv, clock, store, pacer, visibility })
    this.ticker = new Ticker(clock, () => this.render())
    this.unsubscribe = this.session.subscribe((state) => this.onState(state))
  }

  /** Draws the flow's state (a code the head start already has is in this first frame), then follows it. */
  start(): void {
    this.session.start()
    this.onState(this.session.state)
    this.unlinked = this.session.onLinked((token, account) => {
      const name = accountName(account)
      if (name && this.speak()) this.services.voice.say(t('link.linkedAs', { name }))
      this.linked(token, account)
    })
  }

  /** OK: retry on a fault (in the next allowed slot), a new code when idle. */
  ok(): void {
    const kind = this.session.state.kind
    if (kind === 'error' || kind === 'idle' || kind === 'linked') this.session.retryNow()
  }

  /** "Get a new code": the code on screen stays until the new one replaces it. */
  newCode(): void {
    this.session.newCode()
  }

  get state(): LinkCodeState {
    return this.session.state
  }

  dispose(): void {
    this.unsubscribe()
    this.unlinked?.()
    this.session.stop()
    this.ticker.stop()
    this.services.voice.cancel(this)
  }

  private onState(state: LinkCodeState): void {
    if (state.kind === 'error') this.services.errors.record({ at: this.services.clock.now(), request: state.request, fault: state.fault, status: state.status })
    this.render()
    const shown = state.kind === 'waiting' || state.kind === 'error' ? state.code : null
    // countdowns and "retrying in N s" change every second; other states are static
    const ticking = state.kind === 'waiting' || state.kind === 'error' || (state.kind === 'linked' && state.accountFault !== null)
    if (ticking) this.ticker.start()
    else this.ticker.stop()
    if (shown && this.speak()) this.services.voice.sayOnce('code', shown.code, t('speech.code', { code: spellOut(shown.code) }), this)
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
