import { Lightning } from '@lightningjs/sdk'
import { colors, CONTENT_W, fonts, layout, screenBackdrop, sizes } from '../theme.js'
import { hintBar, type KeyHint, type KeyHints } from '../components/KeyHints.js'
import { TONE_COLOR, type Tone } from '../components/StatusLine.js'
import { oneLine } from '../components/textStyle.js'

export interface MessageModel {
  title: string
  body: string
  /** A status line under the body, e.g. "Retrying in 8 s". */
  status?: string
  tone?: Tone
  hints: KeyHint[]
}

export type MessageIntent = 'ok' | 'back'

/** Wrapped text cut with an ellipsis after `lines` lines. */
function paragraph(fontSize: number, textColor: number, lines: number, lineHeight: number, fontFace: string = fonts.regular) {
  return { ...oneLine(CONTENT_W, fontSize, textColor, fontFace), wordWrap: true, maxLines: lines, lineHeight }
}

export interface MessageScreenSpec extends Lightning.Component.TemplateSpec {
  Brand: object
  Title: object
  Body: object
  Status: object
  Hints: typeof KeyHints
}

/**
 * A full-screen message: splash, "linked as NAME", "can't reach plex.tv". Big title, a sentence
 * that says what is going on and what to do, and the keys that do something here.
 */
export class MessageScreen extends Lightning.Component<MessageScreenSpec> implements Lightning.Component.ImplementTemplateSpec<MessageScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'MessageScreen'

  onIntent: (intent: MessageIntent) => void = () => {}
  readonly Title = this.getByRef('Title')!
  readonly Body = this.getByRef('Body')!
  readonly Status = this.getByRef('Status')!
  readonly Hints = this.getByRef('Hints')!

  static override _template(): Lightning.Component.Template<MessageScreenSpec> {
    return {
      ...screenBackdrop(),
      Brand: { x: layout.margin, y: 90, text: { text: 'PlexLink TV', fontFace: fonts.bold, fontSize: sizes.small, textColor: colors.accent } },
      Title: { x: layout.margin, y: 380, text: paragraph(84, colors.text, 1, 100, fonts.bold) },
      Body: { x: layout.margin, y: 500, text: paragraph(sizes.body, colors.textDim, 4, 50) },
      Status: { x: layout.margin, y: 720, text: paragraph(sizes.body, colors.text, 2, 50) },
      Hints: hintBar(),
    }
  }

  render(model: MessageModel): void {
    this.Title.patch({ text: { text: model.title } })
    this.Body.patch({ text: { text: model.body } })
    this.Status.patch({ text: { text: model.status ?? '', textColor: TONE_COLOR[model.tone ?? 'info'] } })
    this.Hints.hints = model.hints
  }

  override _handleEnter(): void {
    this.onIntent('ok')
  }

  override _handleBack(): void {
    this.onIntent('back')
  }
}
