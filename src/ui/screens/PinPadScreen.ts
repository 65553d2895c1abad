import { type Lightning } from '@lightningjs/sdk'
import { digitOf } from '../../platform/keys.js'
import { colors, fonts, layout, screenBackdrop, sizes } from '../theme.js'
import { Avatar } from '../components/Avatar.js'
import { FocusButton, fittedLabelSize } from '../components/FocusButton.js'
import { backHints, hintBar, type KeyHints, okBackHints, type KeyHint } from '../components/KeyHints.js'
import { PinSlots } from '../components/PinSlots.js'
import { StatusLine, type Tone } from '../components/StatusLine.js'
import { moveInGrid, type Direction } from '../components/gridFocus.js'
import { oneLine, setLabel } from '../components/textStyle.js'
import { t } from '../../platform/i18n.js'
import { GridScreen } from '../components/GridScreen.js'

/**
 * Everything the PIN pad shows at one moment. It is told how many digits are typed, never which: the
 * digits live in the behaviour's state only.
 */
export interface PinPadModel {
  /** The Home user's name, for the title "Enter the PIN for NAME". */
  name: string
  thumb: string | null
  /** Digits typed so far, 0..4 (one dot each). */
  filled: number
  /** "Wrong PIN — try again", "Too many tries. Try again in 0:27", "Checking…"; null for none. */
  message: string | null
  tone: Tone
  /** Cooling down after too many wrong PINs: the pad is dimmed and ignores digits, arrows and OK. */
  locked: boolean
  /** The PIN is being checked. Keys still report intents; the behaviour decides what they do. */
  busy: boolean
  /** Replaces the default key hints. */
  hints?: KeyHint[]
}

export type PinPadIntent = { type: 'digit'; d: number } | { type: 'backspace' } | { type: 'cancel' }

type PadKey = { kind: 'digit'; d: number } | { kind: 'delete' } | { kind: 'cancel' }

/** 1-2-3 / 4-5-6 / 7-8-9 / Delete-0-Cancel, as on a phone. There is no OK key: the 4th digit submits. */
const PAD_KEYS: PadKey[] = [...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d): PadKey => ({ kind: 'digit', d })), { kind: 'delete' }, { kind: 'digit', d: 0 }, { kind: 'cancel' }]
export const PAD_COLUMNS = 3
const KEY_W = 180
const KEY_H = 116
const KEY_GAP = 24
const COLUMN_X = layout.margin
const COLUMN_W = 780

/**
 * The PIN pad for a protected Home user: four masked places, an on-screen keypad driven by arrows and OK,
 * and the remote's number keys typing directly. Back reports `backspace` (the behaviour deletes a digit or
 * leaves when none is typed). It owns one animation, the wrong-PIN shake, which stops when it is detached.
 */
export interface PinPadScreenSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Avatar: typeof Avatar
  Slots: typeof PinSlots
  Message: typeof StatusLine
  Pad: object
  Hints: typeof KeyHints
}

export class PinPadScreen extends GridScreen<PinPadScreenSpec> implements Lightning.Component.ImplementTemplateSpec<PinPadScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'PinPadScreen'

  protected override fixedLayout = true
  readonly Title = this.getByRef('Title')!
  readonly Avatar = this.getByRef('Avatar')!
  readonly Slots = this.getByRef('Slots')!
  readonly Message = this.getByRef('Message')!
  readonly Pad = this.getByRef('Pad')!
  readonly Hints = this.getByRef('Hints')!
  onIntent: (intent: PinPadIntent) => void = () => {}
  private index = 0
  private locked = false

  static override _template(): Lightning.Component.Template<PinPadScreenSpec> {
    const slotsW = 4 * 100 + 3 * 32
    return {
      ...screenBackdrop(),
      Title: { x: layout.margin, y: 90, text: oneLine(layout.width - 2 * layout.margin, sizes.title, colors.text, fonts.bold) },
      Avatar: { type: Avatar, x: COLUMN_X + (COLUMN_W - 200) / 2, y: 230, size: 200 },
      Slots: { type: PinSlots, x: COLUMN_X + (COLUMN_W - slotsW) / 2, y: 480 },
      Message: { type: StatusLine, x: COLUMN_X, y: 650, width: COLUMN_W },
      Pad: {
        x: 1100,
        y: 210,
        w: PAD_COLUMNS * KEY_W + (PAD_COLUMNS - 1) * KEY_GAP,
        // a keypad reads 1 2 3 left to right in every language (as on a phone)
        rtl: false,
        children: PAD_KEYS.map((key, i) => ({
          ref: `Key${i}`,
          type: FocusButton,
          x: (i % PAD_COLUMNS) * (KEY_W + KEY_GAP),
          y: Math.floor(i / PAD_COLUMNS) * (KEY_H + KEY_GAP),
          w: KEY_W,
          h: KEY_H,
          // Delete and Cancel in one size: the one that fits both ("Löschen", "Abbrechen")
          labelSize: key.kind === 'digit' ? 56 : wordKeySize(),
          label: labelOf(key),
        })),
      },
      Hints: hintBar(),
    }
  }

  override _init(): void {
    this.highlight()
  }

  render(model: PinPadModel): void {
    setLabel(this.Title, t('pin.title', { name: model.name }))
    this.Avatar.person = { name: model.name, thumb: model.thumb }
    const slots = this.Slots
    slots.filled = model.filled
    slots.cursorVisible = !model.locked && !model.busy
    this.Message.status = model.message ? { text: model.message, tone: model.tone } : null
    this.locked = model.locked
    this.Pad.alpha = model.locked ? 0.35 : model.busy ? 0.7 : 1
    this.Hints.hints = model.hints ?? defaultHints(model)
    this.highlight()
  }

  /** The wrong-PIN nudge of the four places. */
  shake(): void {
    this.Slots.shake()
  }

  get shaking(): boolean {
    return this.Slots.shaking
  }

  /** The keypad key in focus: "1".."9", "0", "Delete" or "Cancel". */
  get focusedKey(): string {
    const key = PAD_KEYS[this.index]
    return key ? labelOf(key) : ''
  }

  private highlight(): void {
    this.Pad.children.forEach((child, i) => {
      ;(child as FocusButton).focused = i === this.index
    })
  }

  protected move(direction: Direction): void {
    if (this.locked) return
    const next = moveInGrid(this.index, PAD_KEYS.length, PAD_COLUMNS, direction)
    if (next !== this.index) {
      this.index = next
      this.highlight()
    }
  }

  override _handleEnter(): void {
    if (this.locked) return
    const key = PAD_KEYS[this.index]
    if (!key) return
    if (key.kind === 'digit') this.onIntent({ type: 'digit', d: key.d })
    else if (key.kind === 'delete') this.onIntent({ type: 'backspace' })
    else this.onIntent({ type: 'cancel' })
  }

  /** Back works while locked too: every screen can be left with Back. */
  override _handleBack(): void {
    this.onIntent({ type: 'backspace' })
  }

  /** The remote's number keys; anything else goes on to Lightning's mapped handlers. */
  override _handleKey(e: KeyboardEvent): boolean {
    const d = digitOf(e)
    if (d === null) return false
    if (!this.locked) this.onIntent({ type: 'digit', d })
    return true
  }
}

function wordKeySize(): number {
  return Math.min(...[t('action.delete'), t('action.cancel')].map((label) => fittedLabelSize(label, sizes.body, KEY_W)))
}

function labelOf(key: PadKey): string {
  return key.kind === 'digit' ? String(key.d) : t(key.kind === 'delete' ? 'action.delete' : 'action.cancel')
}

function defaultHints(model: PinPadModel): KeyHint[] {
  if (model.locked) return backHints('action.back')
  return [{ key: t('key.digits'), label: t('action.typePin') }, ...okBackHints('action.pressKey', model.filled > 0 ? 'action.delete' : 'action.back')]
}
