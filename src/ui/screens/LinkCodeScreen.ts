import { Lightning } from '@lightningjs/sdk'
import { colors, CONTENT_W, fonts, FOOTER_Y, layout, screenBackdrop, sizes } from '../theme.js'
import { CodeCells, CELL_GAP, CELL_H, CELL_W } from '../components/CodeCells.js'
import { Countdown } from '../components/Countdown.js'
import { QrCode } from '../components/QrCode.js'
import { hintBar, type KeyHints } from '../components/KeyHints.js'
import { StatusLine, type StatusSpec } from '../components/StatusLine.js'
import { oneLine, setLabel } from '../components/textStyle.js'
import { t } from '../../platform/i18n.js'
import { digitOf } from '../../platform/keys.js'

/** Everything the link-code screen shows at one moment, already in words. */
export interface LinkCodeModel {
  /** A code was linked: nothing is left to type, so the steps, the code and the QR give way to the status. */
  linked: boolean
  code: string | null
  /** The prefilled link page URL the QR encodes; null hides the QR. */
  qrPayload: string | null
  countdown: { label: string; fraction: number; urgent: boolean } | null
  status: StatusSpec
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

const LEFT = layout.margin
const QR_X = 1270
const QR_SIZE = 530
/** The steps' column, up to the QR panel. */
const STEPS_W = QR_X - LEFT - 40
const STEP_TEXT_X = 80
const CODE_Y = 515
const COUNTDOWN_Y = CODE_Y + CELL_H + 25
const STATUS_Y = COUNTDOWN_Y + 92
/** Room between the footer line and the key hints. */
const FOOTER_GAP = 48

interface StepSpec {
  Num: { Label: object }
  Text: object
}

export interface LinkCodeScreenSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Step1: StepSpec & { Url: object }
  Step2: StepSpec
  Step3: StepSpec
  Code: typeof CodeCells
  Countdown: typeof Countdown
  Status: typeof StatusLine
  QrPanel: { Qr: typeof QrCode; Caption: object }
  Device: object
  Hints: typeof KeyHints
}

/**
 * The link-code screen: the 4-character code, the QR, the steps, the countdown and one status line.
 * It renders a model and reports OK / Back as intents; it fetches nothing and decides nothing.
 * The line naming this TV shares the bottom row with the key hints: it gets the room the hints leave,
 * measured, and ends with an ellipsis where that room ends.
 */
export class LinkCodeScreen extends Lightning.Component<LinkCodeScreenSpec> implements Lightning.Component.ImplementTemplateSpec<LinkCodeScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'LinkCodeScreen'

  onIntent: (intent: LinkCodeIntent) => void = () => {}
  readonly Title = this.getByRef('Title')!
  readonly Step1 = this.getByRef('Step1')!
  readonly Step2 = this.getByRef('Step2')!
  readonly Step3 = this.getByRef('Step3')!
  readonly Code = this.getByRef('Code')!
  readonly Countdown = this.getByRef('Countdown')!
  readonly Status = this.getByRef('Status')!
  readonly QrPanel = this.getByRef('QrPanel')!
  readonly Qr = this.QrPanel.getByRef('Qr')!
  readonly Device = this.getByRef('Device')!
  readonly Hints = this.getByRef('Hints')!
  private backAction = ''
  /** Ends the wait for the first frame (see `_firstActive`). */
  private unwaitFirstFrame: (() => void) | null = null

  static override _template(): Lightning.Component.Template<LinkCodeScreenSpec> {
    return {
      ...screenBackdrop(),
      Title: { x: LEFT, y: 90, text: oneLine(CONTENT_W, sizes.title, colors.text, fonts.bold) },
      // containers carry their width: in a right-to-left UI children are placed from the right edge
      Step1: {
        x: LEFT,
        y: 200,
        w: STEPS_W,
        Num: stepNumber('1'),
        Text: stepText(),
        Url: { x: STEP_TEXT_X, y: 52, text: oneLine(STEPS_W - STEP_TEXT_X, 72, colors.accent, fonts.bold) },
      },
      Step2: { x: LEFT, y: 370, w: STEPS_W, Num: stepNumber('2'), Text: stepText() },
      Step3: { x: LEFT, y: 445, w: STEPS_W, Num: stepNumber('3'), Text: stepText() },
      Code: { type: CodeCells, x: LEFT + STEP_TEXT_X, y: CODE_Y },
      Countdown: { type: Countdown, x: LEFT + STEP_TEXT_X, y: COUNTDOWN_Y, w: 4 * CELL_W + 3 * CELL_GAP },
      Status: { type: StatusLine, x: LEFT + STEP_TEXT_X, y: STATUS_Y, width: CONTENT_W - STEP_TEXT_X },
      QrPanel: {
        x: QR_X,
        y: 200,
        w: QR_SIZE,
        Qr: { type: QrCode, x: 0, y: 0 },
        Caption: {
          y: QR_SIZE + 26,
          w: QR_SIZE,
          text: {
            text: '',
            fontFace: fonts.regular,
            fontSize: sizes.small,
            textColor: colors.textDim,
            wordWrapWidth: QR_SIZE,
            textAlign: 'center',
            maxLines: 2,
            lineHeight: 40,
            textOverflow: 'ellipsis',
            maxLinesSuffix: '…',
          },
        },
      },
      Device: { x: LEFT, y: FOOTER_Y + 2, text: oneLine(CONTENT_W, sizes.hint, colors.textFaint) },
      Hints: hintBar(),
    }
  }

  override _init(): void {
    this.Qr.size = QR_SIZE
    for (const el of this.drawnSecond()) el.alpha = 0
  }

  /**
   * The screen's first frame draws only the title, the code, the QR and the status line; the steps, the QR's
   * caption, the countdown, the device line and the key hints come in the frame after it. Each text is a
   * canvas drawn and uploaded in the frame that first shows it, and on a slow TV the fifteen of them doubled
   * the time until the code was on screen (issue 15, item 3; figures in README › Performance).
   */
  override _firstActive(): void {
    let timer: ReturnType<typeof setTimeout> | null = null
    // after the frame has gone to the screen, not inside it: drawing the rest in its frameEnd would hold it back
    const afterFrame = () => {
      this.stage.off('frameEnd', afterFrame)
      timer = setTimeout(() => {
        timer = null
        this.unwaitFirstFrame = null
        for (const el of this.drawnSecond()) el.alpha = 1
      }, 0)
    }
    this.stage.on('frameEnd', afterFrame)
    this.unwaitFirstFrame = () => {
      this.stage.off('frameEnd', afterFrame)
      if (timer !== null) clearTimeout(timer)
      this.unwaitFirstFrame = null
    }
  }

  override _detach(): void {
    this.unwaitFirstFrame?.()
  }

  private drawnSecond(): Lightning.Element[] {
    return [this.Step1, this.Step2, this.Step3, this.Countdown, this.QrPanel.tag('Caption') as Lightning.Element, this.Device, this.Hints]
  }

  setStatics(s: LinkCodeStatics): void {
    setLabel(this.Title, s.title)
    setLabel(this.Step1.tag('Text'), s.step1)
    setLabel(this.Step1.tag('Url'), s.shortUrl)
    setLabel(this.Step2.tag('Text'), s.step2)
    setLabel(this.Step3.tag('Text'), s.step3)
    setLabel(this.QrPanel.tag('Caption'), s.qrCaption)
    setLabel(this.Device, s.deviceLine)
    this.backAction = s.backAction
  }

  render(model: LinkCodeModel): void {
    for (const el of [this.Step1, this.Step2, this.Step3, this.Code, this.QrPanel]) el.visible = !model.linked
    // linked: the status takes the place of the steps, where the eye already is
    this.Status.patch({ x: model.linked ? LEFT : LEFT + STEP_TEXT_X, y: model.linked ? 200 : STATUS_Y })
    this.Status.status = model.status
    this.Code.code = model.code ?? ''
    this.Qr.payload = model.qrPayload ?? ''
    this.QrPanel.alpha = model.qrPayload ? 1 : 0.25
    this.Countdown.visible = !model.linked && model.countdown !== null
    if (model.countdown) this.Countdown.show(model.countdown.label, model.countdown.fraction, model.countdown.urgent ? 'urgent' : 'normal')
    this.Hints.hints = [
      ...(model.okAction ? [{ key: t('key.ok'), label: model.okAction }] : []),
      { key: t('key.back'), label: this.backAction },
      { key: '0', label: t('action.diagnostics') },
    ]
    // the line naming this TV gets what the hints leave of the bottom row
    const room = Math.max(0, CONTENT_W - this.Hints.measuredWidth - FOOTER_GAP)
    if (this.Device.text && this.Device.text.wordWrapWidth !== room) this.Device.text.wordWrapWidth = room
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
  return { x: STEP_TEXT_X, y: 2, text: oneLine(STEPS_W - STEP_TEXT_X, sizes.body, colors.text) }
}
