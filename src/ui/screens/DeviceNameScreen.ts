import { type Lightning } from '@lightningjs/sdk'
import { t } from '../../platform/i18n.js'
import { digitOf } from '../../platform/keys.js'
import { DEVICE_NAME_MAX } from '../../flows/deviceName/deviceName.js'
import { FocusButton } from '../components/FocusButton.js'
import { moveInGrid, type Direction } from '../components/gridFocus.js'
import { hintBar, type KeyHints } from '../components/KeyHints.js'
import { StatusLine, type StatusSpec } from '../components/StatusLine.js'
import { oneLine, setLabel, textWidth } from '../components/textStyle.js'
import { colors, CONTENT_W, fonts, layout, screenBackdrop, screenTitle, sizes } from '../theme.js'
import { GridScreen } from '../components/GridScreen.js'

export interface DeviceNameModel {
  text: string
  shift: boolean
  status: StatusSpec | null
}

export type DeviceNameIntent =
  | { type: 'char'; char: string }
  | { type: 'space' }
  | { type: 'delete' }
  | { type: 'shift' }
  | { type: 'done' }
  /** The Cancel key, or Back with nothing typed: leave without saving. */
  | { type: 'cancel' }

type Key = { kind: 'char'; char: string } | { kind: 'space' | 'delete' | 'shift' | 'done' | 'cancel' }

const COLUMNS = 10
const CHARS: Key[] = "1234567890qwertyuiopasdfghjkl'zxcvbnm-.".split('').map((char): Key => ({ kind: 'char', char }))
/** The last row: five keys, each two columns wide, so "Leerzeichen" and "Abbrechen" fit. */
const SPECIAL: Key[] = [{ kind: 'shift' }, { kind: 'space' }, { kind: 'delete' }, { kind: 'done' }, { kind: 'cancel' }]
const KEYS: Key[] = [...CHARS, ...SPECIAL]
/** Where the last row starts: the character keys fill four rows (the fourth one short). */
const SPECIAL_ROW = Math.ceil(CHARS.length / COLUMNS)
const KEY_W = 150
const KEY_H = 84
const GAP = 12
const FIELD_W = COLUMNS * KEY_W + (COLUMNS - 1) * GAP
const FIELD_H = 110
const FIELD_PAD = 32
const TEXT_SIZES = [56, 46, 38] as const
const KEYS_Y = 396

function keyBox(i: number): { x: number; y: number; w: number } {
  if (i < CHARS.length) return { x: (i % COLUMNS) * (KEY_W + GAP), y: Math.floor(i / COLUMNS) * (KEY_H + GAP), w: KEY_W }
  const k = i - CHARS.length
  return { x: k * 2 * (KEY_W + GAP), y: SPECIAL_ROW * (KEY_H + GAP), w: 2 * KEY_W + GAP }
}

/** Arrow moves over the character rows (a grid) and the wide last row (a column per two). */
function moveOnKeyboard(index: number, direction: Direction): number {
  const special = index >= CHARS.length
  if (!special) {
    const next = moveInGrid(index, CHARS.length, COLUMNS, direction)
    // down from the bottom character row (or from a column the short fourth row lacks) to the wide keys
    if (direction === 'down' && (next === index || Math.floor(next / COLUMNS) === Math.floor(index / COLUMNS))) {
      return CHARS.length + Math.min(SPECIAL.length - 1, Math.floor((index % COLUMNS) / 2))
    }
    return next
  }
  const k = index - CHARS.length
  if (direction === 'left') return k > 0 ? index - 1 : index
  if (direction === 'right') return k < SPECIAL.length - 1 ? index + 1 : index
  if (direction === 'up') return Math.min(CHARS.length - 1, (SPECIAL_ROW - 1) * COLUMNS + 2 * k)
  return index
}

export interface DeviceNameScreenSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Help: object
  Field: { Text: object; Caret: object; Count: object }
  Keys: object
  Status: typeof StatusLine
  Hints: typeof KeyHints
}

/**
 * "Name this TV": a text field and an on-screen keyboard driven by arrows and OK, with number keys and a
 * keyboard's letters typing directly. Back deletes; Back with nothing typed, or the Cancel key, leaves
 * without saving. The field counts the characters ("12 / 40") and says so when the 40 are reached. A long
 * name is drawn smaller rather than cut, so what is typed stays visible. It reports intents; the
 * controller owns the text.
 */
export class DeviceNameScreen extends GridScreen<DeviceNameScreenSpec> implements Lightning.Component.ImplementTemplateSpec<DeviceNameScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'DeviceNameScreen'

  protected override fixedLayout = true
  onIntent: (intent: DeviceNameIntent) => void = () => {}
  readonly Field = this.getByRef('Field')!
  readonly FieldText = this.Field.getByRef('Text')!
  readonly Caret = this.Field.getByRef('Caret')!
  readonly Count = this.Field.getByRef('Count')!
  readonly Keys = this.getByRef('Keys')!
  readonly Status = this.getByRef('Status')!
  readonly Hints = this.getByRef('Hints')!
  private index = 0
  private empty = true
  private full = false

  static override _template(): Lightning.Component.Template<DeviceNameScreenSpec> {
    return {
      ...screenBackdrop(),
      Title: screenTitle(t('name.title')),
      Help: { x: layout.margin, y: 180, text: { ...oneLine(CONTENT_W, sizes.small, colors.textDim), text: t('name.help') } },
      Field: {
        x: layout.margin,
        y: 250,
        w: FIELD_W,
        h: FIELD_H,
        rect: true,
        color: colors.cell,
        Text: { x: FIELD_PAD, y: 22, text: { ...oneLine(FIELD_W - 2 * FIELD_PAD, TEXT_SIZES[0], colors.text, fonts.bold) } },
        Caret: { y: 24, w: 6, h: 62, rect: true, color: colors.accent },
        Count: { x: FIELD_W - FIELD_PAD, y: 38, mountX: 1, text: oneLine(200, sizes.small, colors.textDim) },
      },
      Keys: {
        x: layout.margin,
        y: KEYS_Y,
        w: FIELD_W,
        rtl: false, // a keyboard keeps its layout in every language
        children: KEYS.map((key, i) => ({ ref: `Key${i}`, type: FocusButton, ...keyBox(i), h: KEY_H, label: labelOf(key, false) })),
      },
      Status: { type: StatusLine, x: layout.margin, y: KEYS_Y + (SPECIAL_ROW + 1) * (KEY_H + GAP) + 10, width: FIELD_W, lines: 1 },
      Hints: hintBar(),
    }
  }

  override _init(): void {
    this.highlight()
    // the caret follows the text once its texture knows its width
    this.FieldText.on('txLoaded', () => this.placeCaret())
  }

  private placeCaret(): void {
    this.Caret.x = FIELD_PAD + (this.empty ? 0 : this.FieldText.renderWidth) + 4
  }

  render(model: DeviceNameModel): void {
    const text = this.FieldText
    setLabel(this.Count, `${model.text.length} / ${DEVICE_NAME_MAX}`)
    // the biggest size at which the whole name fits beside the count: a name being typed is never cut
    const room = FIELD_W - 2 * FIELD_PAD - textWidth(`${DEVICE_NAME_MAX} / ${DEVICE_NAME_MAX}`, sizes.small) - 40
    const size = TEXT_SIZES.find((s) => textWidth(model.text, s, fonts.bold) <= room) ?? TEXT_SIZES[2]
    if (text.text) {
      if (text.text.fontSize !== size) text.patch({ y: 22 + (TEXT_SIZES[0] - size) / 2, text: { fontSize: size } })
      if (text.text.wordWrapWidth !== room) text.text.wordWrapWidth = room
      if (text.text.text !== model.text) text.text.text = model.text
    }
    this.empty = model.text === ''
    this.full = model.text.length >= DEVICE_NAME_MAX
    if (this.empty) this.placeCaret()
    KEYS.forEach((key, i) => {
      if (key.kind === 'char' || key.kind === 'shift') (this.Keys.childList.getAt(i) as FocusButton).label = labelOf(key, model.shift)
    })
    // the limit is said when it is reached; anything the controller has to say comes first
    const status = model.status ?? (this.full ? { text: t('name.limit', { max: DEVICE_NAME_MAX }), tone: 'info' as const } : null)
    this.Status.status = status
    this.Hints.hints = [
      { key: t('key.ok'), label: t('action.pressKey') },
      { key: t('key.back'), label: t(this.empty ? 'name.cancel' : 'action.delete') },
    ]
  }

  /** The key in focus, as labelled ("a", "Space", "Cancel"…). */
  get focusedKey(): string {
    const key = KEYS[this.index]
    return key ? labelOf(key, false) : ''
  }

  private highlight(): void {
    KEYS.forEach((_, i) => {
      ;(this.Keys.childList.getAt(i) as FocusButton).focused = i === this.index
    })
  }

  protected move(direction: Direction): void {
    this.index = moveOnKeyboard(this.index, direction)
    this.highlight()
  }

  override _handleEnter(): void {
    const key = KEYS[this.index]
    if (!key) return
    this.onIntent(key.kind === 'char' ? { type: 'char', char: key.char } : { type: key.kind })
  }

  override _handleBack(): void {
    this.onIntent(this.empty ? { type: 'cancel' } : { type: 'delete' })
  }

  /** Number keys on a remote, and letters on a keyboard, type directly. */
  override _handleKey(e: KeyboardEvent): boolean {
    const d = digitOf(e)
    if (d !== null) {
      this.onIntent({ type: 'char', char: String(d) })
      return true
    }
    if (e.key === ' ') {
      this.onIntent({ type: 'space' })
      return true
    }
    if (typeof e.key === 'string' && /^[a-z'.-]$/i.test(e.key)) {
      this.onIntent({ type: 'char', char: e.key })
      return true
    }
    return false
  }
}

function labelOf(key: Key, shift: boolean): string {
  switch (key.kind) {
    case 'char':
      return shift ? key.char.toUpperCase() : key.char
    case 'space':
      return t('name.space')
    case 'delete':
      return '⌫'
    case 'shift':
      return shift ? '⇧ ABC' : '⇧ abc'
    case 'done':
      return t('name.done')
    case 'cancel':
      return t('name.cancel')
  }
}
