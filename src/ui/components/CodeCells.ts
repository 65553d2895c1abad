import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'

export const CELL_W = 190
export const CELL_H = 230
export const CELL_GAP = 28

export interface CodeCellsSpec extends Lightning.Component.TemplateSpec {
  code: string
}

/**
 * The link code, one character per cell, in a monospace face whose zero is slashed, so 0/O and 1/I
 * can be told apart from the sofa. Cells are laid out left to right by position, so the code stays
 * left-to-right even when the UI language is written right-to-left.
 */
export class CodeCells extends Lightning.Component<CodeCellsSpec> implements Lightning.Component.ImplementTemplateSpec<CodeCellsSpec> {
  private _code: string | null = null

  static override _template(): Lightning.Component.Template<CodeCellsSpec> {
    return {
      w: CELL_W * 4 + CELL_GAP * 3,
      h: CELL_H,
      // the code is typed left to right on the phone, whatever the language of the TV
      rtl: false,
    }
  }

  set code(code: string) {
    if (code === this._code) return
    this._code = code
    // no code yet: four empty cells hold the place, so the screen does not jump when it arrives
    const chars = code ? code.split('') : ['', '', '', '']
    this.childList.clear() // new cells: a patch by ref would keep the old characters' text elements
    this.children = chars.map((ch, i) => ({
      ref: `Cell${i}`,
      x: i * (CELL_W + CELL_GAP),
      w: CELL_W,
      h: CELL_H,
      rect: true,
      color: colors.cell,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 20 },
      // an empty cell has no text element at all (an empty text texture would still be a texture)
      ...(ch
        ? {
            Char: {
              x: CELL_W / 2,
              y: CELL_H / 2 + 6,
              mount: 0.5,
              text: { text: ch, fontFace: fonts.mono, fontSize: sizes.code, textColor: colors.text },
            },
          }
        : {}),
    }))
  }

  get code(): string {
    return this._code ?? ''
  }

  override _init(): void {
    if (this._code === null) this.code = ''
  }
}
