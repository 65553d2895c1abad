import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'

/** The one tone every status in the app has: what the sentence says, echoed by a colour. */
export type Tone = 'info' | 'ok' | 'warn' | 'error' | 'busy'

export interface StatusSpec {
  text: string
  tone: Tone
}

export const TONE_COLOR: Record<Tone, number> = {
  info: colors.textDim,
  busy: colors.accent,
  ok: colors.ok,
  warn: colors.warn,
  error: colors.error,
}

const DOT = 18
const TEXT_X = 34
const LINE_H = 44

export interface StatusLineSpec extends Lightning.Component.TemplateSpec {
  /** Wrap width of dot and sentence. */
  width: number
  /** Lines before the sentence is cut with an ellipsis (2 by default). */
  lines: number
  status: StatusSpec | null
  Dot: object
  Text: object
}

/**
 * One status sentence with a tone dot before it. The sentence carries the meaning ("Couldn't switch to
 * Emma — …", "Switching to Emma…"); the dot's colour only echoes it. Set `width` for the wrap width.
 */
export class StatusLine extends Lightning.Component<StatusLineSpec> implements Lightning.Component.ImplementTemplateSpec<StatusLineSpec> {
  readonly Dot = this.getByRef('Dot')!
  readonly Text = this.getByRef('Text')!
  private _status: StatusSpec | null = null

  static override _template(): Lightning.Component.Template<StatusLineSpec> {
    return {
      alpha: 0,
      Dot: { y: 14, w: DOT, h: DOT, rect: true, color: colors.textDim, shader: { type: Lightning.shaders.RoundedRectangle, radius: DOT / 2 } },
      Text: {
        x: TEXT_X,
        text: {
          text: '',
          fontFace: fonts.regular,
          fontSize: sizes.body,
          textColor: colors.text,
          wordWrapWidth: 1600,
          maxLines: 2,
          lineHeight: LINE_H,
          textOverflow: 'ellipsis',
          maxLinesSuffix: '…',
        },
      },
    }
  }

  get width(): number {
    return this.w
  }

  set width(width: number) {
    this.w = width // in a right-to-left UI the dot and text are placed from this right edge
    this.Text.text!.wordWrapWidth = width - TEXT_X
  }

  get lines(): number {
    return this.Text.text?.maxLines ?? 2
  }

  set lines(lines: number) {
    this.Text.text!.maxLines = lines
  }

  /** Height the sentence takes at most (its line count times the line height), for laying out what follows. */
  get maxHeight(): number {
    return this.lines * LINE_H
  }

  get status(): StatusSpec | null {
    return this._status
  }

  set status(status: StatusSpec | null) {
    this._status = status
    const text = this.Text.text
    if (text && text.text !== (status?.text ?? '')) text.text = status?.text ?? ''
    this.Dot.color = TONE_COLOR[status?.tone ?? 'info']
    this.alpha = status && status.text ? 1 : 0
  }

  get shownText(): string {
    return this.alpha > 0 ? (this._status?.text ?? '') : ''
  }
}
