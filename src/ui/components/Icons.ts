import { Lightning } from '@lightningjs/sdk'
import { colors } from '../theme.js'

export interface LockIconSpec extends Lightning.Component.TemplateSpec {
  tint: number
  ShackleLeft: object
  ShackleRight: object
  ShackleTop: object
  Body: { Keyhole: object }
}

/**
 * A padlock drawn with rectangles (shackle: two posts and a bar; body: a rounded block with a keyhole),
 * so it reads as a shape on any TV font and without colour. `size` is the icon's height in px.
 */
export class LockIcon extends Lightning.Component<LockIconSpec> implements Lightning.Component.ImplementTemplateSpec<LockIconSpec> {
  private _tint: number = colors.text

  static override _template(): Lightning.Component.Template<LockIconSpec> {
    return {
      w: 24,
      h: 28,
      ShackleLeft: { x: 5, y: 0, w: 4, h: 14, rect: true, color: colors.text },
      ShackleRight: { x: 15, y: 0, w: 4, h: 14, rect: true, color: colors.text },
      ShackleTop: { x: 5, y: 0, w: 14, h: 4, rect: true, color: colors.text },
      Body: {
        x: 0,
        y: 12,
        w: 24,
        h: 16,
        rect: true,
        color: colors.text,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 3 },
        Keyhole: { x: 10, y: 4, w: 4, h: 7, rect: true, color: colors.black },
      },
    }
  }

  get tint(): number {
    return this._tint
  }

  set tint(color: number) {
    this._tint = color
    this.patch({ ShackleLeft: { color }, ShackleRight: { color }, ShackleTop: { color }, Body: { color } })
  }
}

export interface CheckIconSpec extends Lightning.Component.TemplateSpec {
  tint: number
  Short: object
  Long: object
}

/** A check mark from two rotated bars (a "✓" glyph is missing from some TV fonts). */
export class CheckIcon extends Lightning.Component<CheckIconSpec> implements Lightning.Component.ImplementTemplateSpec<CheckIconSpec> {
  private _tint: number = colors.ok

  static override _template(): Lightning.Component.Template<CheckIconSpec> {
    return {
      w: 30,
      h: 26,
      rtl: false, // a tick is not mirrored in a right-to-left UI
      Short: { x: 2, y: 13, w: 13, h: 5, rect: true, color: colors.ok, pivotX: 0, pivotY: 0.5, rotation: Math.PI / 4 },
      Long: { x: 9, y: 22, w: 25, h: 5, rect: true, color: colors.ok, pivotX: 0, pivotY: 0.5, rotation: -Math.PI / 3.2 },
    }
  }

  get tint(): number {
    return this._tint
  }

  set tint(color: number) {
    this._tint = color
    this.patch({ Short: { color }, Long: { color } })
  }
}
