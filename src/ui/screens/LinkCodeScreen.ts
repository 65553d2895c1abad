import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, layout, screenBackdrop, sizes } from '../theme.js'
import { CodeCells } from '../components/CodeCells.js'
import { Countdown } from '../components/Countdown.js'
import { QrCode } from '../components/QrCode.js'
import { KeyHints } from '../components/KeyHints.js'
import { t } from '../../platform/i18n.js'
import { digitOf } from '../../platform/keys.js'

export type Tone = 'info' | 'ok' | 'warn' | 'error'

/** Everything the link-code screen shows at one moment, already in words. */
export interface LinkCodeModel {
  /** A code was linked: nothing is left to type, so the steps, the code and the QR give way to the status. */
  linked: boolean
  code: string | null
  /** The prefilled link page URL the QR encodes; null hides the QR. */
  qrPayload: string | null
  countdown: { label: string; fraction: number; urgent: boolean } | null
  status: { text: string; tone: Tone }
  /** What OK does right now ("Retry now", "New code"), or null when OK does nothing. */
  okAction: string | null
}

export interface LinkCodeStatics {
  title: string
  step1: string
  shortUrl: string
  step2: string
  step3: string
  qrCaption: string
  deviceLine: string
  backAction: string
}

/** `diagnostics`: the 0 key (shown in the key hints). */
export type LinkCodeIntent = 'ok' | 'back' | 'diagnostics'

/** The steps' column, up to the QR panel. */
const STEPS_W = 1270 - layout.margin - 40

const TONE_COLOR: Record<Tone, number> = {
  info: colors.textDim,
  ok: colors.ok,
  warn: colors.warn,
  error: colors.error,
}

/**
 * The link-code screen: the 4-character code, the QR, the steps, the countdown and one status line.
 * It renders a model and reports OK / Back as intents; it fetches nothing and decides nothing.
 */
export class LinkCodeScreen extends Lightning.Component {
  onIntent: (intent: LinkCodeIntent) => void = () => {}

  static override _template() {
    const left = layout.margin
    return {
      ...screenBackdrop(),
      Title: {
        x: left,
        y: 90,
        text: { text: '', fontFace: fonts.bold, fontSize: sizes.title, textColor: colors.text },
      },
      // containers carry their width: in a right-to-left UI children are placed from the right edge
      Step1: {
        x: left,
        y: 215,
        w: STEPS_W,
        Num: stepNumber('1'),
        Text: stepText(),
        Url: {
          x: 80,
          y: 52,
          text: { text: '', fontFace: fonts.bold, fontSize: 72, textColor: colors.accent },
        },
      },
      Step2: { x: left, y: 390, w: STEPS_W, Num: stepNumber('2'), Text: stepText() },
      Step3: { x: left, y: 470, w: STEPS_W, Num: stepNumber('3'), Text: stepText() },
      Code: { type: CodeCells, x: left + 80, y: 545 },
      Countdown: { type: Countdown, x: left + 80, y: 805, w: 4 * 190 + 3 * 28 },
      Status: {
        x: left + 80,
        y: 900,
        w: 1594,
        Dot: { y: 14, w: 18, h: 18, rect: true, color: colors.textDim, shader: { type: Lightning.shaders.RoundedRectangle, radius: 9 } },
        Text: {
          x: 34,
          text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.text, wordWrapWidth: 1560, maxLines: 2, lineHeight: 46 },
        },
      },
      QrPanel: {
        x: 1270,
        y: 215,
        w: 530,
        Qr: { type: QrCode, x: 0, y: 0 },
        Caption: {
          y: 560,
          w: 530,
          text: { text: '', fontFace: fonts.regular, fontSize: sizes.small, textColor: colors.textDim, wordWrapWidth: 530, textAlign: 'center', maxLines: 2, lineHeight: 40 },
        },
      },
      Device: {
        x: left,
        y: 1000,
        text: { text: '', fontFace: fonts.regular, fontSize: sizes.hint, textColor: colors.textFaint },
      },
      Hints: { type: KeyHints, x: layout.width - layout.margin, y: 1000, mountX: 1 },
    }
  }

  override _init(): void {
    ;(this.tag('QrPanel.Qr') as QrCode).size = 530
  }

  setStatics(s: LinkCodeStatics): void {
    setText(this.tag('Title'), s.title)
    setText(this.tag('Step1.Text'), s.step1)
    setText(this.tag('Step1.Url'), s.shortUrl)
    setText(this.tag('Step2.Text'), s.step2)
    setText(this.tag('Step3.Text'), s.step3)
    setText(this.tag('QrPanel.Caption'), s.qrCaption)
    setText(this.tag('Device'), s.deviceLine)
    this.backAction = s.backAction
  }

  private backAction = ''

  render(model: LinkCodeModel): void {
    for (const ref of ['Step1', 'Step2', 'Step3', 'Code', 'Countdown', 'QrPanel']) (this.tag(ref) as Lightning.Element).visible = !model.linked
    // linked: the status takes the place of the steps, where the eye already is
    ;(this.tag('Status') as Lightning.Element).patch({ x: model.linked ? layout.margin : layout.margin + 80, y: model.linked ? 215 : 900 })
    const cells = this.tag('Code') as CodeCells
    cells.code = model.code ?? ''
    const qr = this.tag('QrPanel.Qr') as QrCode
    qr.payload = model.qrPayload ?? ''
    ;(this.tag('QrPanel') as Lightning.Element).alpha = model.qrPayload ? 1 : 0.25
    const countdown = this.tag('Countdown') as Countdown
    countdown.visible = !model.linked && model.countdown !== null
    if (model.countdown) countdown.show(model.countdown.label, model.countdown.fraction, model.countdown.urgent ? 'urgent' : 'normal')
    setText(this.tag('Status.Text'), model.status.text)
    ;(this.tag('Status.Dot') as Lightning.Element).color = TONE_COLOR[model.status.tone]
    ;(this.tag('Hints') as KeyHints).hints = [
      ...(model.okAction ? [{ key: t('key.ok'), label: model.okAction }] : []),
      { key: t('key.back'), label: this.backAction },
      { key: '0', label: t('action.diagnostics') },
    ]
  }

  override _handleEnter(): void {
    this.onIntent('ok')
  }

  override _handleBack(): void {
    this.onIntent('back')
  }

  override _handleKey(e: KeyboardEvent): boolean {
    if (digitOf(e) !== 0) return false
    this.onIntent('diagnostics')
    return true
  }
}

function stepNumber(n: string) {
  return {
    w: 52,
    h: 52,
    rect: true,
    color: colors.accentDark,
    shader: { type: Lightning.shaders.RoundedRectangle, radius: 26 },
    Label: { x: 26, y: 28, mount: 0.5, text: { text: n, fontFace: fonts.bold, fontSize: 32, textColor: colors.text } },
  }
}

function stepText() {
  return { x: 80, y: 2, text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.text } }
}

export function setText(el: Lightning.Element | undefined, text: string): void {
  if (el?.text && el.text.text !== text) el.text.text = text
}
