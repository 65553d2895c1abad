import { Lightning } from '@lightningjs/sdk'
import { t } from '../../platform/i18n.js'
import { FocusButton } from '../components/FocusButton.js'
import { hintBar, okBackHints, type KeyHints } from '../components/KeyHints.js'
import { StatusLine, type StatusSpec } from '../components/StatusLine.js'
import { oneLine, setLabel, textWidth } from '../components/textStyle.js'
import { colors, fonts, layout, screenBackdrop, screenTitle, sizes } from '../theme.js'

export interface DiagnosticsModel {
  facts: { label: string; value: string }[]
  /** The last faults, each a sentence ("12:04:31  Getting a code: plex.tv is not answering."), or "None". */
  errors: string[]
  /** One line per common cause, with a tone (ok / error / warn / info). */
  causes: StatusSpec[]
}

/** `ok`: check again; `reset`: Reset this TV, confirmed. */
export type DiagnosticsIntent = 'ok' | 'reset' | 'back'

const TOP = 200
/** Up to 8 facts (the sign-in line is the 8th) above the last errors, all above the buttons. */
const FACT_H = 50
const LABEL_W = 300
const CAUSES_X = 960
/** The facts' column ends 40 px before the causes. */
const FACTS_W = CAUSES_X - layout.margin - 40
const CAUSES_W = layout.width - layout.margin - CAUSES_X
const CAUSE_H = 150
const ERROR_LINE_H = 38
const ERROR_LINES = 5
const BUTTONS_Y = 866
const BUTTON_H = 84
const BUTTON_GAP = 32
const CONFIRM_W = 1100
const CONFIRM_PAD = 48

/** A button as wide as its label needs (at least `min`). */
function buttonWidth(label: string, min = 300): number {
  return Math.max(min, Math.ceil(textWidth(label, sizes.body, fonts.bold)) + 80)
}

export interface DiagnosticsScreenSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Facts: object
  Errors: { Label: object; Lines: object }
  Causes: object
  Buttons: { Check: typeof FocusButton; Reset: typeof FocusButton }
  Hints: typeof KeyHints
  Confirm: {
    Panel: { Title: object; Body: object; Cancel: typeof FocusButton; Accept: typeof FocusButton }
  }
}

/**
 * Facts on the left (label · value, one line each, cut with an ellipsis), the last faults as sentences
 * under them, the plain-language causes on the right, and two buttons: Check again and Reset this TV.
 * Reset asks first, with Cancel focused (a small confirmation of its own); only a confirmed reset is reported.
 */
export class DiagnosticsScreen extends Lightning.Component<DiagnosticsScreenSpec> implements Lightning.Component.ImplementTemplateSpec<DiagnosticsScreenSpec> {
  onIntent: (intent: DiagnosticsIntent) => void = () => {}
  readonly Facts = this.getByRef('Facts')!
  readonly Errors = this.getByRef('Errors')!
  readonly Causes = this.getByRef('Causes')!
  readonly Buttons = this.getByRef('Buttons')!
  readonly Hints = this.getByRef('Hints')!
  readonly Confirm = this.getByRef('Confirm')!
  readonly Check = this.Buttons.getByRef('Check')!
  readonly Reset = this.Buttons.getByRef('Reset')!
  readonly Cancel = this.Confirm.getByRef('Panel')!.getByRef('Cancel')!
  readonly Accept = this.Confirm.getByRef('Panel')!.getByRef('Accept')!
  private button: 'check' | 'reset' = 'check'
  private confirming = false
  private confirmChoice: 'cancel' | 'accept' = 'cancel'

  static override _template(): Lightning.Component.Template<DiagnosticsScreenSpec> {
    const check = t('action.checkAgain')
    const reset = t('diag.reset')
    const cancel = t('action.cancel')
    const accept = t('diag.resetConfirm')
    const confirmButtonsY = CONFIRM_PAD + 70 + 5 * 46 + 40
    return {
      ...screenBackdrop(),
      Title: screenTitle(t('diag.title')),
      Facts: { x: layout.margin, y: TOP, w: FACTS_W },
      Errors: {
        x: layout.margin,
        y: TOP + 8 * FACT_H + 12,
        w: FACTS_W,
        Label: { text: oneLine(FACTS_W, sizes.small, colors.textDim) },
        Lines: {
          y: 44,
          text: { ...oneLine(FACTS_W, sizes.small, colors.text), wordWrap: true, maxLines: ERROR_LINES, lineHeight: ERROR_LINE_H },
        },
      },
      Causes: { x: CAUSES_X, y: TOP, w: CAUSES_W },
      Buttons: {
        x: layout.margin,
        y: BUTTONS_Y,
        w: FACTS_W,
        Check: { type: FocusButton, w: buttonWidth(check), h: BUTTON_H, label: check },
        Reset: { type: FocusButton, x: buttonWidth(check) + BUTTON_GAP, w: buttonWidth(reset), h: BUTTON_H, label: reset },
      },
      Confirm: {
        w: layout.width,
        h: layout.height,
        rect: true,
        color: 0xe6000000,
        visible: false,
        Panel: {
          x: (layout.width - CONFIRM_W) / 2,
          y: 200,
          w: CONFIRM_W,
          h: confirmButtonsY + BUTTON_H + CONFIRM_PAD,
          rect: true,
          color: colors.panel,
          shader: { type: Lightning.shaders.RoundedRectangle, radius: 24 },
          Title: { x: CONFIRM_PAD, y: CONFIRM_PAD, text: { ...oneLine(CONFIRM_W - 2 * CONFIRM_PAD, sizes.heading, colors.text, fonts.bold), text: t('diag.resetTitle') } },
          Body: {
            x: CONFIRM_PAD,
            y: CONFIRM_PAD + 70,
            text: { ...oneLine(CONFIRM_W - 2 * CONFIRM_PAD, sizes.body, colors.textDim), text: t('diag.resetBody'), wordWrap: true, maxLines: 5, lineHeight: 46 },
          },
          Cancel: { type: FocusButton, x: CONFIRM_PAD, y: confirmButtonsY, w: buttonWidth(cancel), h: BUTTON_H, label: cancel },
          Accept: { type: FocusButton, x: CONFIRM_PAD + buttonWidth(cancel) + BUTTON_GAP, y: confirmButtonsY, w: buttonWidth(accept), h: BUTTON_H, label: accept },
        },
      },
      // above the question's dimming: the keys stay readable while it is up
      Hints: hintBar(),
    }
  }

  override _init(): void {
    setLabel(this.Errors.tag('Label'), t('diag.lastErrors'))
    this.highlight()
  }

  render(model: DiagnosticsModel): void {
    if (this.Facts.children.length !== model.facts.length) {
      this.Facts.childList.clear()
      this.Facts.children = model.facts.map((_, i) => ({
        ref: `Fact${i}`,
        y: i * FACT_H,
        w: FACTS_W,
        Label: { text: oneLine(LABEL_W - 24, sizes.small, colors.textDim) },
        Value: { x: LABEL_W, text: oneLine(FACTS_W - LABEL_W, sizes.small, colors.text) },
      }))
    }
    model.facts.forEach((f, i) => {
      const row = this.Facts.children[i] as Lightning.Element<FactRowSpec> | undefined
      setLabel(row?.tag('Label'), f.label)
      setLabel(row?.tag('Value'), f.value)
    })
    setLabel(this.Errors.tag('Lines'), model.errors.join('\n'))
    if (this.Causes.children.length !== model.causes.length) {
      this.Causes.childList.clear()
      this.Causes.children = model.causes.map((_, i) => ({ ref: `Cause${i}`, type: StatusLine, y: i * CAUSE_H, width: CAUSES_W, lines: 3 }))
    }
    model.causes.forEach((c, i) => {
      const line = this.Causes.children[i]
      if (line instanceof StatusLine) line.status = c
    })
  }

  /** The button in focus: 'check' or 'reset'; while the confirmation is up, 'cancel' or 'accept'. */
  get focusedButton(): 'check' | 'reset' | 'cancel' | 'accept' {
    return this.confirming ? this.confirmChoice : this.button
  }

  private highlight(): void {
    this.Check.focused = !this.confirming && this.button === 'check'
    this.Reset.focused = !this.confirming && this.button === 'reset'
    this.Confirm.visible = this.confirming
    this.Cancel.focused = this.confirmChoice === 'cancel'
    this.Accept.focused = this.confirmChoice === 'accept'
    this.Hints.hints = okBackHints('action.select', this.confirming ? 'action.cancel' : 'action.back')
  }

  override _handleLeft(): void {
    if (this.confirming) this.confirmChoice = 'cancel'
    else this.button = 'check'
    this.highlight()
  }

  override _handleRight(): void {
    if (this.confirming) this.confirmChoice = 'accept'
    else this.button = 'reset'
    this.highlight()
  }

  override _handleEnter(): void {
    if (this.confirming) {
      this.confirming = false
      const accepted = this.confirmChoice === 'accept'
      this.confirmChoice = 'cancel'
      this.highlight()
      if (accepted) this.onIntent('reset')
      return
    }
    if (this.button === 'check') {
      this.onIntent('ok')
      return
    }
    // asks first, with the harmless choice in focus
    this.confirming = true
    this.confirmChoice = 'cancel'
    this.highlight()
  }

  override _handleBack(): void {
    if (this.confirming) {
      this.confirming = false
      this.confirmChoice = 'cancel'
      this.highlight()
      return
    }
    this.onIntent('back')
  }
}

/** One fact row, built above from `model.facts`: a label and its value. */
interface FactRowSpec extends Lightning.Element.TemplateSpec {
  Label: object
  Value: object
}
