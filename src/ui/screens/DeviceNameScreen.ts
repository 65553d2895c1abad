import { Lightning } from '@lightningjs/sdk'
import { t } from '../../platform/i18n.js'
import { digitOf } from '../../platform/keys.js'
import { FocusButton } from '../components/FocusButton.js'
import { moveInGrid, type Direction } from '../components/gridFocus.js'
import { hintBar, KeyHints } from '../components/KeyHints.js'
import { StatusLine, type StatusSpec } from '../components/StatusLine.js'
import { colors, fonts, layout, screenBackdrop, screenTitle, sizes } from '../theme.js'
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
  /** Back with nothing typed. */
  | { type: 'cancel' }

type Key = { kind: 'char'; char: string } | { kind: 'space' | 'delete' | 'shift' | 'done' }

const COLUMNS = 10
const KEYS: Key[] = [
  ...'1234567890qwertyuiopasdfghjkl\'zxcvbnm-.'.split('').map((char): Key => ({ kind: 'char', char })),
  { kind: 'shift' },
  { kind: 'space' },
  { kind: 'delete' },
  { kind: 'done' },
]
const KEY_W = 150
const KEY_H = 96
const GAP = 14
const FIELD_W = COLUMNS * KEY_W + (COLUMNS - 1) * GAP

/**
 * "Name this TV": a text field and an on-screen keyboard driven by arrows and OK, with number keys and a
 * keyboard's letters typing directly. Back deletes; Back with nothing typed leaves. It reports intents;
 * the controller owns the text.
 */
export class DeviceNameScreen extends GridScreen {
  protected override fixedLayout = true
  onIntent: (intent: DeviceNameIntent) => void = () => {}
  private index = 0
  private empty = true

  static override _template() {
    return {
      ...screenBackdrop(),
      Title: screenTitle(t('name.title')),
      Help: { x: layout.margin, y: 190, text: { text: t('name.help'), fontFace: fonts.regular, fontSize: sizes.small, textColor: colors.textDim } },
      Field: {
        x: layout.margin,
        y: 260,
        w: FIELD_W,
        h: 110,
        rect: true,
        color: colors.cell,
        Text: { x: 32, y: 22, text: { text: '', fontFace: fonts.bold, fontSize: 56, textColor: colors.text, wordWrap: false, wordWrapWidth: FIELD_W - 80, maxLines: 1, textOverflow: 'ellipsis' } },
        Caret: { y: 24, w: 6, h: 62, rect: true, color: colors.accent },
      },
      Keys: {
        x: layout.margin,
        y: 410,
        w: FIELD_W,
        rtl: false, // a keyboard keeps its layout in every language
        children: KEYS.map((key, i) => ({
          ref: `Key${i}`,
          type: FocusButton,
          x: (i % COLUMNS) * (KEY_W + GAP),
          y: Math.floor(i / COLUMNS) * (KEY_H + GAP),
          w: KEY_W,
          h: KEY_H,
          label: labelOf(key, false),
        })),
      },
      Status: { type: StatusLine, x: layout.margin, y: 920, width: FIELD_W },
      Hints: hintBar(),
    }
  }

  override _init(): void {
    this.highlight()
    // the caret follows the text once its texture knows its width
    const text = this.tag('Field.Text') as Lightning.Element
    text.on('txLoaded', () => this.placeCaret())
  }

  private placeCaret(): void {
    const text = this.tag('Field.Text') as Lightning.Element
    const width = this.empty ? 0 : Math.min(FIELD_W - 80, text.renderWidth)
    ;(this.tag('Field.Caret') as Lightning.Element).x = 32 + width + 4
  }

  render(model: DeviceNameModel): void {
    const text = this.tag('Field.Text') as Lightning.Element
    if (text.text && text.text.text !== model.text) text.text.text = model.text
    this.empty = model.text === ''
    if (this.empty) this.placeCaret()
    KEYS.forEach((key, i) => {
      if (key.kind === 'char' || key.kind === 'shift') (this.tag(`Keys.Key${i}`) as FocusButton).label = labelOf(key, model.shift)
    })
    ;(this.tag('Status') as StatusLine).status = model.status
    ;(this.tag('Hints') as KeyHints).hints = [
      { key: t('key.ok'), label: t('action.pressKey') },
      { key: t('key.back'), label: t(this.empty ? 'name.cancel' : 'action.delete') },
    ]
  }

  private highlight(): void {
    KEYS.forEach((_, i) => {
      ;(this.tag(`Keys.Key${i}`) as FocusButton).focused = i === this.index
    })
  }

  protected move(direction: Direction): void {
    this.index = moveInGrid(this.index, KEYS.length, COLUMNS, direction)
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
  }
}
