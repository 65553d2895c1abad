import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, layout, screenBackdrop, sizes } from '../theme.js'
import { hintBar, KeyHints, type KeyHint } from '../components/KeyHints.js'

export interface MessageModel {
  title: string
  body: string
  /** A status line under the body, e.g. "Retrying in 8 s". */
  status?: string
  tone?: 'info' | 'ok' | 'warn' | 'error'
  hints: KeyHint[]
}

export type MessageIntent = 'ok' | 'back'

/**
 * A full-screen message: splash, "linked as NAME", "can't reach plex.tv". Big title, a sentence
 * that says what is going on and what to do, and the keys that do something here.
 */
export class MessageScreen extends Lightning.Component {
  onIntent: (intent: MessageIntent) => void = () => {}

  static override _template() {
    return {
      ...screenBackdrop(),
      Brand: {
        x: layout.margin,
        y: 90,
        text: { text: 'PlexLink TV', fontFace: fonts.bold, fontSize: sizes.small, textColor: colors.accent },
      },
      Title: {
        x: layout.margin,
        y: 380,
        text: { text: '', fontFace: fonts.bold, fontSize: 84, textColor: colors.text, wordWrapWidth: 1680, maxLines: 2, lineHeight: 100 },
      },
      Body: {
        x: layout.margin,
        y: 500,
        text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.textDim, wordWrapWidth: 1500, maxLines: 4, lineHeight: 50 },
      },
      Status: {
        x: layout.margin,
        y: 700,
        text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.text, wordWrapWidth: 1500, maxLines: 2, lineHeight: 50 },
      },
      Hints: hintBar(),
    }
  }

  render(model: MessageModel): void {
    const toneColor = { info: colors.textDim, ok: colors.ok, warn: colors.warn, error: colors.error }[model.tone ?? 'info']
    this.patch({
      Title: { text: { text: model.title } },
      Body: { text: { text: model.body } },
      Status: { text: { text: model.status ?? '', textColor: toneColor } },
    })
    ;(this.tag('Hints') as KeyHints).hints = model.hints
  }

  override _handleEnter(): void {
    this.onIntent('ok')
  }

  override _handleBack(): void {
    this.onIntent('back')
  }
}
