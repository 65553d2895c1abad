import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'

export type StatusTone = 'info' | 'ok' | 'warn' | 'error' | 'busy'

export interface StatusSpec {
  text: string
  tone: StatusTone
}

const TONE_COLOR: Record<StatusTone, number> = {
  info: colors.textDim,
  busy: colors.accent,
  ok: colors.ok,
  warn: colors.warn,
  error: colors.error,
}

/**
 * One status sentence with a tone dot before it (as on the link-code screen). The sentence carries the
 * meaning ("Couldn't switch to Emma — …", "Switching to Emma…"); the dot's colour only echoes it.
 * Set `width` for the wrap width; up to two lines.
 */
export class StatusLine extends Lightning.Component {
  static override _template() {
    return {
      alpha: 0,
      Dot: { y: 14, w: 18, h: 18, rect: true, color: colors.textDim, shader: { type: Lightning.shaders.RoundedRectangle, radius: 9 } },
      Text: {
        x: 34,
        text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.text, wordWrapWidth: 1600, maxLines: 2, lineHeight: 44 },
      },
    }
  }

  set width(width: number) {
    this.w = width // in a right-to-left UI the dot and text are placed from this right edge
    ;(this.tag('Text') as Lightning.Element).text!.wordWrapWidth = width - 34
  }

  set status(status: StatusSpec | null) {
    const text = this.tag('Text') as Lightning.Element
    if (text.text && text.text.text !== (status?.text ?? '')) text.text.text = status?.text ?? ''
    ;(this.tag('Dot') as Lightning.Element).color = TONE_COLOR[status?.tone ?? 'info']
    this.alpha = status && status.text ? 1 : 0
  }

  /** Lines before the text is cut (2 by default). */
  set lines(lines: number) {
    ;(this.tag('Text') as Lightning.Element).text!.maxLines = lines
  }

  get shownText(): string {
    return this.alpha > 0 ? (((this.tag('Text') as Lightning.Element).text?.text as string | undefined) ?? '') : ''
  }
}
