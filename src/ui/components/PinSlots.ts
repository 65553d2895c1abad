import { Lightning } from '@lightningjs/sdk'
import { colors } from '../theme.js'

export const PIN_SLOTS = 4
const SLOT_W = 100
const SLOT_H = 116
const SLOT_GAP = 32
const DOT = 40
const RING = 6

export interface PinSlotsSpec extends Lightning.Component.TemplateSpec {
  filled: number
  cursorVisible: boolean
  Row: object
}

/**
 * The four PIN places. A typed digit is a filled dot, an empty place a ring, and the next place to type
 * has an accent bar under it; the digits themselves are never drawn (this component is only ever told
 * how many there are). `shake()` is the "wrong PIN" nudge, an animation this component owns and stops
 * when it leaves the screen.
 */
export class PinSlots extends Lightning.Component<PinSlotsSpec> implements Lightning.Component.ImplementTemplateSpec<PinSlotsSpec> {
  readonly Row = this.getByRef('Row')!
  private _cursorVisible = true
  private _filled = -1
  private shakeAnimation: Lightning.types.Animation | null = null

  static override _template(): Lightning.Component.Template<PinSlotsSpec> {
    return {
      w: PIN_SLOTS * SLOT_W + (PIN_SLOTS - 1) * SLOT_GAP,
      h: SLOT_H,
      Row: {
        w: PIN_SLOTS * SLOT_W + (PIN_SLOTS - 1) * SLOT_GAP,
        rtl: false, // the dots fill left to right, like the digits typed
        children: Array.from({ length: PIN_SLOTS }, (_, i) => ({
          ref: `Slot${i}`,
          x: i * (SLOT_W + SLOT_GAP),
          w: SLOT_W,
          h: SLOT_H,
          rect: true,
          color: colors.cell,
          shader: { type: Lightning.shaders.RoundedRectangle, radius: 18 },
          // a ring: a light disc with a disc of the cell's colour on top
          Ring: {
            x: (SLOT_W - DOT) / 2,
            y: (SLOT_H - DOT) / 2,
            w: DOT,
            h: DOT,
            rect: true,
            color: colors.textFaint,
            shader: { type: Lightning.shaders.RoundedRectangle, radius: DOT / 2 },
            Hole: {
              x: RING,
              y: RING,
              w: DOT - 2 * RING,
              h: DOT - 2 * RING,
              rect: true,
              color: colors.cell,
              shader: { type: Lightning.shaders.RoundedRectangle, radius: DOT / 2 - RING },
            },
          },
          Dot: {
            x: (SLOT_W - DOT) / 2,
            y: (SLOT_H - DOT) / 2,
            w: DOT,
            h: DOT,
            rect: true,
            color: colors.text,
            alpha: 0,
            shader: { type: Lightning.shaders.RoundedRectangle, radius: DOT / 2 },
          },
          Next: { x: 20, y: SLOT_H - 14, w: SLOT_W - 40, h: 6, rect: true, color: colors.accent, alpha: 0 },
        })),
      },
    }
  }

  override _init(): void {
    if (this._filled < 0) this.filled = 0
  }

  /** How many digits have been typed (0..4). */
  set filled(filled: number) {
    const n = Math.max(0, Math.min(PIN_SLOTS, Math.floor(filled)))
    if (n === this._filled) return
    this._filled = n
    for (let i = 0; i < PIN_SLOTS; i++) {
      this.slot(i)?.patch({
        Ring: { alpha: i < n ? 0 : 1 },
        Dot: { alpha: i < n ? 1 : 0 },
        Next: { alpha: i === n ? 1 : 0 },
      })
    }
  }

  get filled(): number {
    return Math.max(0, this._filled)
  }

  /** While cooling down the cursor bar is hidden: nothing can be typed. */
  get cursorVisible(): boolean {
    return this._cursorVisible
  }

  set cursorVisible(visible: boolean) {
    this._cursorVisible = visible
    for (let i = 0; i < PIN_SLOTS; i++) this.slot(i)?.patch({ Next: { visible } })
  }

  private slot(i: number): Lightning.Element | undefined {
    return this.Row.childList.getAt(i)
  }

  /** A short side-to-side nudge of the four places (about 0.45 s), restarted if already running. */
  shake(): void {
    if (!this.shakeAnimation) {
      this.shakeAnimation = this.Row.animation({
        duration: 0.45,
        actions: [{ p: 'x', v: { 0: 0, 0.12: -28, 0.3: 24, 0.48: -18, 0.66: 12, 0.84: -6, 1: 0 } }],
      })
    }
    this.shakeAnimation.start()
  }

  get shaking(): boolean {
    return this.shakeAnimation?.isPlaying() ?? false
  }

  override _detach(): void {
    this.shakeAnimation?.stopNow()
  }
}
