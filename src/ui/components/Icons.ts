import { Lightning } from '@lightningjs/sdk'
import { colors } from '../theme.js'

/**
 * A padlock drawn with rectangles (shackle: two posts and a bar; body: a rounded block with a keyhole),
 * so it reads as a shape on any TV font and without colour. `size` is the icon's height in px.
 */
export class LockIcon extends Lightning.Component {
  static override _template() {
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

  set tint(color: number) {
    for (const ref of ['ShackleLeft', 'ShackleRight', 'ShackleTop', 'Body']) (this.tag(ref) as Lightning.Element).color = color
  }
}

/** A check mark from two rotated bars (a "✓" glyph is missing from some TV fonts). */
export class CheckIcon extends Lightning.Component {
  static override _template() {
    return {
      w: 30,
      h: 26,
      rtl: false, // a tick is not mirrored in a right-to-left UI
      Short: { x: 2, y: 13, w: 13, h: 5, rect: true, color: colors.ok, pivotX: 0, pivotY: 0.5, rotation: Math.PI / 4 },
      Long: { x: 9, y: 22, w: 25, h: 5, rect: true, color: colors.ok, pivotX: 0, pivotY: 0.5, rotation: -Math.PI / 3.2 },
    }
  }

  set tint(color: number) {
    ;(this.tag('Short') as Lightning.Element).color = color
    ;(this.tag('Long') as Lightning.Element).color = color
  }
}
