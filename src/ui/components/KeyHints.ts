import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'
import { t } from '../../platform/i18n.js'
import type { StringKey } from '../../i18n/en.js'

export interface KeyHint {
  key: string
  label: string
}

/** The hints most screens show: OK does `ok`, Back does `back` (both already translated). */
export function okBackHints(ok: StringKey, back: StringKey = 'action.back'): KeyHint[] {
  return [
    { key: t('key.ok'), label: t(ok) },
    { key: t('key.back'), label: t(back) },
  ]
}

/**
 * A row of remote-key hints ("OK  Retry now   Back  Menu") so a person always knows what the
 * keys do. Keys are drawn as caps, so the hint reads the same whatever the colour.
 */
export class KeyHints extends Lightning.Component {
  private _signature = ''

  set hints(hints: KeyHint[]) {
    const signature = hints.map((h) => `${h.key}:${h.label}`).join('|')
    if (signature === this._signature) return
    this._signature = signature
    this.children = hints.map((h, i) => ({
      ref: `Hint${i}`,
      flexItem: { marginLeft: i === 0 ? 0 : 48 },
      flex: { direction: 'row', alignItems: 'center' },
      Cap: {
        rect: true,
        color: colors.panelFocused,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 },
        flex: { paddingLeft: 14, paddingRight: 14, paddingTop: 2, paddingBottom: 2 },
        Key: { text: { text: h.key, fontFace: fonts.bold, fontSize: sizes.hint, textColor: colors.text } },
      },
      Label: {
        flexItem: { marginLeft: 14 },
        text: { text: h.label, fontFace: fonts.regular, fontSize: sizes.hint, textColor: colors.textDim },
      },
    }))
  }

  static override _template() {
    return { flex: { direction: 'row' as const, alignItems: 'center' as const } }
  }
}
