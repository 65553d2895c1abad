import { Lightning } from '@lightningjs/sdk'
import { colors, CONTENT_W, fonts, layout, screenBackdrop, sizes } from '../theme.js'
import { Avatar } from '../components/Avatar.js'
import { ChipRow } from '../components/Chip.js'
import { CheckIcon } from '../components/Icons.js'
import { FocusButton } from '../components/FocusButton.js'
import { hintBar, type KeyHints, okBackHints, type KeyHint } from '../components/KeyHints.js'
import { connectionChips } from '../components/ServerRow.js'
import { oneLine, setLabel } from '../components/textStyle.js'
import { isolate, t } from '../../platform/i18n.js'
import type { StringKey } from '../../i18n/en.js'

export type ReadyActionId = 'change-user' | 'change-server' | 'sign-out'

/** Who and where, once a user and a server are chosen; already in words. */
export interface ReadyModel {
  /** The signed-in Plex account's name. */
  account: string
  /** The Home user watching; null when the account has no Plex Home. */
  user: { name: string; thumb: string | null } | null
  server: string
  connection: {
    /** "LAN", "Remote" or "Relay" */
    via: string
    /** "12 ms" */
    latency: string
    /** https: a padlock */
    secure: boolean
    /** e.g. "Relay only — video quality is limited"; null for none */
    note: string | null
  }
  /** The server's libraries: title and a type word ("Movies", "TV Shows"…), null when the title already says it. */
  libraries: { title: string; kind: string | null }[]
  /** Shown when `libraries` is empty: "No libraries on this server yet", "Couldn't load the libraries". */
  librariesNote: string | null
  /** "Server ID: … · Username: … · Account ID: …": what a support call asks for; empty for none. */
  details?: { label: string; value: string }[]
  /** Which buttons to offer, in order; all three by default (e.g. leave out 'change-user' without a Home). */
  actions?: ReadyActionId[]
  /** Replaces the default key hints. */
  hints?: KeyHint[]
}

export type ReadyIntent = { type: 'action'; id: ReadyActionId } | { type: 'back' }

const ACTION_LABELS: Record<ReadyActionId, StringKey> = {
  'change-user': 'ready.changeUser',
  'change-server': 'ready.changeServer',
  'sign-out': 'ready.signOut',
}
const ALL_ACTIONS: ReadyActionId[] = ['change-user', 'change-server', 'sign-out']

const LEFT_X = layout.margin
const LEFT_W = 780
const RIGHT_X = 1000
const RIGHT_W = layout.width - layout.margin - RIGHT_X
const LIB_Y = 262
const LIB_ROW_H = 66
/** Library rows that fit above the buttons; beyond that the last row says "and N more". */
export const READY_LIBRARY_ROWS = 7
const BUTTON_W = 400
const BUTTON_GAP = 32
const DETAILS_Y = 772
const BUTTONS_Y = 860

export interface ReadyScreenSpec extends Lightning.Component.TemplateSpec {
  Check: typeof CheckIcon
  Title: object
  Account: { Label: object; Value: object }
  User: { Label: object; Avatar: typeof Avatar; Value: object }
  Server: { Label: object; Value: object }
  Connection: { Label: object; Chips: typeof ChipRow; Note: object }
  Libraries: { Label: object; Rows: object; Note: object }
  Details: object
  Buttons: object
  Hints: typeof KeyHints
}

/**
 * "Ready": says who is watching, on which server, over which connection, and what is on it, with three
 * buttons in a row (Change user, Change server, Sign out). Left/Right move between them, OK reports the
 * button's action id, Back reports `back`.
 */
export class ReadyScreen extends Lightning.Component<ReadyScreenSpec> implements Lightning.Component.ImplementTemplateSpec<ReadyScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'ReadyScreen'

  onIntent: (intent: ReadyIntent) => void = () => {}
  readonly Account = this.getByRef('Account')!
  readonly User = this.getByRef('User')!
  readonly Server = this.getByRef('Server')!
  readonly Connection = this.getByRef('Connection')!
  readonly Libraries = this.getByRef('Libraries')!
  readonly Details = this.getByRef('Details')!
  readonly UserAvatar = this.User.getByRef('Avatar')!
  readonly ConnectionChips = this.Connection.getByRef('Chips')!
  readonly Buttons = this.getByRef('Buttons')!
  readonly Hints = this.getByRef('Hints')!
  private index = 0
  private actions: ReadyActionId[] = []
  private librariesSignature: string | null = null

  static override _template(): Lightning.Component.Template<ReadyScreenSpec> {
    return {
      ...screenBackdrop(),
      Check: { type: CheckIcon, x: LEFT_X, y: 110, scale: 1.4, pivot: 0 },
      Title: { x: LEFT_X + 64, y: 90, text: { text: t('ready.title'), fontFace: fonts.bold, fontSize: sizes.title, textColor: colors.text } },
      // sections carry their width: in a right-to-left UI children are placed from the right edge
      Account: {
        x: LEFT_X,
        y: 200,
        w: LEFT_W,
        Label: fieldLabel(t('ready.account')),
        Value: { y: 40, text: oneLine(LEFT_W, sizes.body, colors.text) },
      },
      User: {
        x: LEFT_X,
        y: 320,
        w: LEFT_W,
        Label: fieldLabel(t('ready.user')),
        Avatar: { type: Avatar, y: 42, size: 72 },
        Value: { x: 96, y: 58, text: oneLine(LEFT_W - 96, sizes.body, colors.text) },
      },
      Server: {
        x: LEFT_X,
        y: 470,
        w: LEFT_W,
        Label: fieldLabel(t('ready.server')),
        Value: { y: 40, text: oneLine(LEFT_W, sizes.body, colors.text) },
      },
      Connection: {
        x: LEFT_X,
        y: 590,
        w: LEFT_W,
        Label: fieldLabel(t('ready.connection')),
        Chips: { type: ChipRow, y: 44 },
        Note: { y: 104, text: oneLine(LEFT_W, sizes.small, colors.textDim) },
      },
      Libraries: {
        x: RIGHT_X,
        y: 200,
        w: RIGHT_W,
        Label: fieldLabel(t('ready.libraries')),
        Rows: { y: LIB_Y - 200, w: RIGHT_W },
        Note: { y: LIB_Y - 200, text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.textDim, wordWrapWidth: RIGHT_W, maxLines: 3, lineHeight: 46 } },
      },
      Details: { x: LEFT_X, y: DETAILS_Y, text: oneLine(CONTENT_W, sizes.small, colors.textDim) },
      Buttons: { x: LEFT_X, y: BUTTONS_Y, w: CONTENT_W },
      Hints: hintBar(),
    }
  }

  render(model: ReadyModel): void {
    setLabel(this.Account.tag('Value'), model.account)
    this.User.visible = model.user !== null
    if (model.user) {
      this.UserAvatar.person = model.user
      setLabel(this.User.tag('Value'), model.user.name)
    }
    // without a Home user line, the server and connection move up into its place
    this.Server.y = model.user ? 470 : 320
    this.Connection.y = model.user ? 590 : 440
    setLabel(this.Server.tag('Value'), model.server)
    const c = model.connection
    this.ConnectionChips.chips = connectionChips(c.via, c.latency, c.secure)
    setLabel(this.Connection.tag('Note'), c.note ?? '')
    setLabel(this.Details, (model.details ?? []).map((d) => `${d.label}: ${isolate(d.value)}`).join('   ·   '))
    this.renderLibraries(model)
    this.renderActions(model.actions ?? ALL_ACTIONS)
    this.Hints.hints = model.hints ?? okBackHints('action.select')
  }

  /** The focused button's action id. */
  get focusedAction(): ReadyActionId | undefined {
    return this.actions[this.index]
  }

  private renderLibraries(model: ReadyModel): void {
    const libs = model.libraries
    setLabel(this.Libraries.tag('Note'), libs.length === 0 ? (model.librariesNote ?? '') : '')
    const signature = libs.map((l) => `${l.title}|${l.kind}`).join('\n')
    if (signature === this.librariesSignature) return
    this.librariesSignature = signature
    const overflow = libs.length > READY_LIBRARY_ROWS
    const shown = overflow ? libs.slice(0, READY_LIBRARY_ROWS - 1) : libs
    const rows = this.Libraries.getByRef('Rows')!
    rows.childList.clear()
    rows.children = [
      ...shown.map((lib, i) => ({
        ref: `Library${i}`,
        y: i * LIB_ROW_H,
        w: RIGHT_W,
        Title: { y: 8, text: { ...oneLine(RIGHT_W - 220, sizes.body, colors.text), text: lib.title } },
        Kind: { type: ChipRow, x: RIGHT_W, y: 6, mountX: 1, chips: lib.kind === null ? [] : [{ label: lib.kind, color: colors.barTrack }] },
      })),
      ...(overflow
        ? [
            {
              ref: 'More',
              y: shown.length * LIB_ROW_H + 8,
              text: { text: t('ready.more', { count: libs.length - shown.length }), fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.textDim },
            },
          ]
        : []),
    ]
  }

  private renderActions(actions: ReadyActionId[]): void {
    if (actions.join() !== this.actions.join()) {
      const focused = this.focusedAction
      this.actions = actions
      const buttons = this.Buttons
      buttons.childList.clear()
      buttons.children = actions.map((id, i) => ({
        ref: `Button_${id}`,
        type: FocusButton,
        x: i * (BUTTON_W + BUTTON_GAP),
        w: BUTTON_W,
        h: 96,
        label: t(ACTION_LABELS[id]),
      }))
      this.index = Math.max(0, focused ? actions.indexOf(focused) : 0)
    }
    this.highlight()
  }

  private highlight(): void {
    this.Buttons.children.forEach((b, i) => {
      ;(b as FocusButton).focused = i === this.index
    })
  }

  override _handleLeft(): void {
    if (this.index > 0) {
      this.index--
      this.highlight()
    }
  }

  override _handleRight(): void {
    if (this.index < this.actions.length - 1) {
      this.index++
      this.highlight()
    }
  }

  override _handleEnter(): void {
    const id = this.focusedAction
    if (id) this.onIntent({ type: 'action', id })
  }

  override _handleBack(): void {
    this.onIntent({ type: 'back' })
  }
}

function fieldLabel(label: string) {
  return { text: { text: label, fontFace: fonts.regular, fontSize: sizes.small, textColor: colors.textDim } }
}
