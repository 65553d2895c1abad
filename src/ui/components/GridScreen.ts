import { Lightning } from '@lightningjs/sdk'
import type { Direction } from './gridFocus.js'

/**
 * A screen moved through with the four arrows: each arrow becomes `move(direction)`. A grid that keeps
 * its left-to-right layout in a right-to-left UI (a keypad, a keyboard) sets `fixedLayout`: Lightning
 * swaps Left and Right for right-to-left screens, and this swaps them back.
 */
export abstract class GridScreen<Spec extends Lightning.Component.TemplateSpec = Lightning.Component.TemplateSpecLoose> extends Lightning.Component<Spec> {
  protected fixedLayout = false

  protected abstract move(direction: Direction): void

  private arrow(direction: Direction): void {
    const swap = this.fixedLayout && this.rtl && (direction === 'left' || direction === 'right')
    this.move(swap ? (direction === 'left' ? 'right' : 'left') : direction)
  }

  override _handleUp(): void {
    this.arrow('up')
  }

  override _handleDown(): void {
    this.arrow('down')
  }

  override _handleLeft(): void {
    this.arrow('left')
  }

  override _handleRight(): void {
    this.arrow('right')
  }
}
