import type { ChosenUser, HomeUsersState } from '../../flows/home/reducer.js'
import { HomeUsersSession } from '../../flows/home/session.js'
import { t } from '../../platform/i18n.js'
import type { PlexAccount } from '../../plex/types.js'
import type { Services } from '../../services.js'
import { pinPadModel, userPickerModel } from '../pickerWords.js'
import { PinPadScreen } from '../screens/PinPadScreen.js'
import { UserPickerScreen } from '../screens/UserPickerScreen.js'
import type { ScreenHost } from './ScreenHost.js'
import { Ticker } from './Ticker.js'

export interface UsersOutcome {
  user: ChosenUser
  userToken: string
  /** There was nobody to choose between (no Home, or a lone unprotected user). */
  automatic: boolean
}

export interface UsersActions {
  chosen(outcome: UsersOutcome): void
  /** Back on the picker. */
  menu(): void
  /** plex.tv no longer accepts the account token. */
  signInAgain(): void
}

/**
 * "Who's watching?" and the PIN pad: runs the Home users flow (which retries a failed load by itself),
 * shows the picker or the pad for each state with its countdowns, shakes the pad on a wrong PIN, and says
 * "digit entered" for each digit (never the digit) and the verdict. `dispose()` ends the flow and the ticker.
 */
export class UsersController {
  private readonly session: HomeUsersSession
  private readonly ticker: Ticker
  private readonly unsubscribe: () => void
  private picker: UserPickerScreen | null = null
  private pad: PinPadScreen | null = null
  private lastAttempts = 0
  private lastStatus: string | null = null

  constructor(
    private readonly services: Services,
    private readonly host: ScreenHost,
    account: PlexAccount,
    accountToken: string,
    private preselect: string | null,
    private readonly actions: UsersActions,
    /** "Linked as NAME", said under the picker right after linking. */
    private readonly greeting: string | null = null,
    /** Whether to speak (the menu's "Read aloud"). */
    private readonly speak: () => boolean = () => false,
  ) {
    const { plexTv, clock, store, pacer, visibility } = services
    this.session = new HomeUsersSession({ client: plexTv, clock, account, accountToken, store, pacer, visibility })
    this.ticker = new Ticker(services.clock, () => this.render(this.session.state))
    this.unsubscribe = this.session.subscribe((state) => this.onState(state))
  }

  /** `pinFor`: open the pad for this remembered protected user straight away. */
  start(pinFor: string | null): void {
    this.session.start(pinFor === null ? {} : { pinFor })
    this.onState(this.session.state)
  }

  dispose(): void {
    this.unsubscribe()
    this.session.stop()
    this.ticker.stop()
    this.services.voice.cancel(this)
  }

  private onState(state: HomeUsersState): void {
    if (state.kind === 'ready') {
      // in the app's voice: this screen is about to go, and its words with it
      if (state.via === 'pin' && this.speak()) this.services.voice.say(t('pin.accepted'))
      this.actions.chosen({ user: state.user, userToken: state.userToken, automatic: state.via === 'noHome' || state.via === 'auto' })
      return
    }
    if (state.kind === 'loadFailed') this.services.errors.record({ at: this.services.clock.now(), request: 'getHomeUsers', fault: state.error.kind, status: state.error.status })
    const ticking = state.kind === 'loadFailed' || (state.kind === 'pin' && state.pad.status === 'coolingDown')
    if (ticking) this.ticker.start()
    else this.ticker.stop()
    this.render(state)
  }

  private render(state: HomeUsersState): void {
    const now = this.services.clock.now()
    if (state.kind === 'pin') {
      const pad = this.showPad()
      const model = pinPadModel(state, now)
      pad.render(model)
      const wrong = state.pad.attempts > this.lastAttempts && (state.pad.status === 'wrong' || state.pad.status === 'coolingDown')
      this.lastAttempts = state.pad.attempts
      if (wrong) pad.shake()
      // the verdict, once per change of the pad's status (the cool-down's countdown is not re-read)
      if (state.pad.status !== this.lastStatus && state.pad.status !== 'entering' && state.pad.status !== 'submitting' && model.message !== null) this.say(model.message)
      this.lastStatus = state.pad.status
      return
    }
    if (state.kind === 'ready') return
    const fresh = this.picker === null
    const picker = this.showPicker()
    picker.render(userPickerModel(state, now, state.kind === 'loadFailed' ? state.retryAt : null, this.greeting))
    if (state.kind === 'picking' || state.kind === 'switching') {
      const focusOn = fresh ? this.preselect : state.kind === 'switching' ? state.user.uuid : null
      const index = focusOn === null ? -1 : state.users.findIndex((u) => u.uuid === focusOn)
      if (index >= 0) picker.focus(index)
    }
  }

  private showPicker(): UserPickerScreen {
    if (this.picker !== null) return this.picker
    this.pad = null
    const picker = this.host.showView(UserPickerScreen)
    picker.onIntent = (intent) => {
      const s = this.session.state
      if (intent.type === 'back') this.actions.menu()
      else if (intent.type === 'retry') this.okOnFailure()
      else if (s.kind === 'picking') {
        const user = s.users[intent.index]
        if (user !== undefined) this.session.pick(user.uuid)
      }
    }
    this.picker = picker
    return picker
  }

  private showPad(): PinPadScreen {
    if (this.pad !== null) return this.pad
    const s = this.session.state
    // the picker comes back focused on the user whose pad this was
    if (s.kind === 'pin') this.preselect = s.user.uuid
    this.picker = null
    const pad = this.host.showView(PinPadScreen)
    pad.onIntent = (intent) => {
      if (intent.type === 'digit') this.digit(intent.d)
      else if (intent.type === 'backspace') this.session.pinBack()
      else this.session.leavePad()
    }
    this.lastAttempts = s.kind === 'pin' ? s.pad.attempts : 0
    this.pad = pad
    return pad
  }

  private okOnFailure(): void {
    const s = this.session.state
    if (s.kind !== 'loadFailed') return
    if (s.error.kind === 'unauthorized') this.actions.signInAgain()
    else this.session.retry()
  }

  private digit(d: number): void {
    const before = this.session.state
    this.session.pinDigit(d)
    const after = this.session.state
    // a digit the pad took (not one ignored during a cool-down): said as "digit entered", never the digit
    if (before.kind === 'pin' && after.kind === 'pin' && after.pad.digits.length > before.pad.digits.length) this.say(t('speech.digitEntered'))
  }

  private say(text: string): void {
    if (this.speak()) this.services.voice.say(text, this)
  }
}
