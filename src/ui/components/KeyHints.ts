import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, FOOTER_Y, layout, sizes } from '../theme.js'
import { t } from '../../platform/i18n.js'
import type { StringKey } from '../../i18n/en.js'
import { textWidth } from './textStyle.js'

export interface KeyHint {
  key: string
  label: string
}

/** The hints most screens show: OK does `ok`, Back does `back` (both string keys, translated here). */
export function okBackHints(ok: StringKey, back: StringKey = 'action.back'): KeyHint[] {
  return [{ key: t('key.ok'), label: t(ok) }, ...backHints(back)]
}

/** Back alone, where OK has nothing to act on (a list still loading, a locked PIN pad). */
export function backHints(back: StringKey): KeyHint[] {
  return [{ key: t('key.back'), label: t(back) }]
}

const CAP_PAD = 14
const LABEL_GAP = 14
const HINT_GAP = 48

/** How wide a row of hints is drawn, from the measured widths of its texts (flex lays it out the same way). */
export function hintsWidth(hints: readonly KeyHint[]): number {
  return hints.reduce(
    (w, h, i) => w + (i === 0 ? 0 : HINT_GAP) + 2 * CAP_PAD + textWidth(h.key, sizes.hint, fonts.bold) + LABEL_GAP + textWidth(h.label, sizes.hint, fonts.regular),
    0,
  )
}

export interface KeyHintsSpec extends Lightning.Component.TemplateSpec {
  hints: KeyHint[]
}

/**
 * A row of remote-key hints ("OK  Retry now   Back  Menu") so a person always knows what the
 * keys do. Keys are drawn as caps, so the hint reads the same whatever the colour.
 */
export class KeyHints extends Lightning.Component<KeyHintsSpec> implements Lightning.Component.ImplementTemplateSpec<KeyHintsSpec> {
  private _hints: KeyHint[] = []
  private _signature = ''

  static override _template(): Lightning.Component.Template<KeyHintsSpec> {
    return { flex: { direction: 'row', alignItems: 'center' } }
  }

  get hints(): KeyHint[] {
    return this._hints
  }

  set hints(hints: KeyHint[]) {
    const signature = hints.map((h) => `${h.key}:${h.label}`).join('|')
    if (signature === this._signature) return
    this._signature = signature
    this._hints = hints
    this.children = hints.map((h, i) => ({
      ref: `Hint${i}`,
      flexItem: { marginLeft: i === 0 ? 0 : HINT_GAP },
      flex: { direction: 'row', alignItems: 'center' },
      Cap: {
        rect: true,
        color: colors.panelFocused,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 },
        flex: { paddingLeft: CAP_PAD, paddingRight: CAP_PAD, paddingTop: 2, paddingBottom: 2 },
        Key: { text: { text: h.key, fontFace: fonts.bold, fontSize: sizes.hint, textColor: colors.text } },
      },
      Label: {
        flexItem: { marginLeft: LABEL_GAP },
        text: { text: h.label, fontFace: fonts.regular, fontSize: sizes.hint, textColor: colors.textDim },
      },
    }))
  }

  /** The drawn width, known before the texts are drawn. */
  get measuredWidth(): number {
    return hintsWidth(this._hints)
  }
}

/** The key-hint bar of a full screen: bottom right (bottom left in a right-to-left UI), on the title-safe line. */
export function hintBar() {
  return { type: KeyHints, x: layout.width - layout.margin, y: FOOTER_Y, mountX: 1 }
}
