import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'

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
 * Size it with `w`/`h` before setting the label.
 */
export class FocusButton extends Lightning.Component<FocusButtonSpec> implements Lightning.Component.ImplementTemplateSpec<FocusButtonSpec> {
  readonly Label = this.getByRef('Label')!
  private _focused = false

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

  /** Label font size (the PIN keys use a bigger one). */
  get labelSize(): number {
    return this.Label.text?.fontSize ?? 0
  }

  set labelSize(size: number) {
    this.Label.text!.fontSize = size
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
      Label: { x: this.w / 2, y: this.h / 2 + 2 },
      Marker: { x: 24, y: this.h - 16, w: Math.max(0, this.w - 48) },
    })
  }
}
