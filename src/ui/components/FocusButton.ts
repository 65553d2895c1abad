import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'
import { textWidth } from './textStyle.js'

/** Room kept between the label and the button's edges. */
const LABEL_PAD = 20
/** The smallest a label gets to fit its button ("Abbrechen" on a PIN key), still readable from 3 m. */
const MIN_LABEL_SIZE = 26

export interface FocusButtonSpec extends Lightning.Component.TemplateSpec {
  label: string
  labelSize: number
  focused: boolean
  Label: object
  Marker: object
}

/**
 * A button with the app's focus look (as Menu items): a brighter panel, scale 1.04 and an accent bar
 * under the label, and the label turns bold — never colour alone. Its parent owns which one is focused.
 * Size it with `w`/`h` before setting the label. A label too wide for the button (bold, as when focused)
 * is drawn smaller, so it keeps clear of the edges in every language.
 */
export class FocusButton extends Lightning.Component<FocusButtonSpec> implements Lightning.Component.ImplementTemplateSpec<FocusButtonSpec> {
  readonly Label = this.getByRef('Label')!
  private _focused = false
  private _labelSize: number = sizes.body

  static override _template(): Lightning.Component.Template<FocusButtonSpec> {
    return {
      w: 360,
      h: 96,
      rect: true,
      color: colors.panel,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      Label: {
        mount: 0.5,
        text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.textDim },
      },
      Marker: { h: 8, rect: true, color: colors.accent, alpha: 0, shader: { type: Lightning.shaders.RoundedRectangle, radius: 4 } },
    }
  }

  override _firstActive(): void {
    this.layout()
  }

  set label(label: string) {
    const el = this.Label
    if (el.text && el.text.text !== label) el.text.text = label
    this.layout()
  }

  get label(): string {
    return this.Label.text?.text ?? ''
  }

  private fittedSize(): number {
    return fittedLabelSize(this.label, this._labelSize, this.w)
  }

  /** Label font size (the PIN keys use a bigger one). */
  get labelSize(): number {
    return this._labelSize
  }

  set labelSize(size: number) {
    this._labelSize = size
    this.layout()
  }

  set focused(focused: boolean) {
    this._focused = focused
    this.patch({
      color: focused ? colors.panelFocused : colors.panel,
      scale: focused ? 1.04 : 1,
      Label: { text: { textColor: focused ? colors.text : colors.textDim, fontFace: focused ? fonts.bold : fonts.regular } },
      Marker: { alpha: focused ? 1 : 0 },
    })
  }

  get focused(): boolean {
    return this._focused
  }

  private layout(): void {
    this.patch({
      Label: { x: this.w / 2, y: this.h / 2 + 2, text: { fontSize: this.fittedSize() } },
      Marker: { x: 24, y: this.h - 16, w: Math.max(0, this.w - 48) },
    })
  }
}

/** A label's size in a button `w` wide: `size`, or smaller where the bold label would not fit with its padding. */
export function fittedLabelSize(label: string, size: number, w: number): number {
  const wide = textWidth(label, size, fonts.bold)
  const room = w - 2 * LABEL_PAD
  return wide <= room || wide <= 0 ? size : Math.max(MIN_LABEL_SIZE, Math.floor((size * room) / wide))
}
