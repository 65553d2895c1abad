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

/** `ok`: check again; `reset`: Reset this TV was pressed (the shell asks before anything is forgotten). */
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
}

/**
 * Facts on the left (label · value, one line each, cut with an ellipsis), the last faults as sentences
 * under them, the plain-language causes on the right, and two buttons: Check again and Reset this TV.
 * Reset is reported as pressed; the shell asks first with its ConfirmDialog (Cancel focused), as for sign-out.
 */
export class DiagnosticsScreen extends Lightning.Component<DiagnosticsScreenSpec> implements Lightning.Component.ImplementTemplateSpec<DiagnosticsScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'DiagnosticsScreen'

  onIntent: (intent: DiagnosticsIntent) => void = () => {}
  readonly Facts = this.getByRef('Facts')!
  readonly Errors = this.getByRef('Errors')!
  readonly Causes = this.getByRef('Causes')!
  readonly Buttons = this.getByRef('Buttons')!
  readonly Hints = this.getByRef('Hints')!
  readonly Check = this.Buttons.getByRef('Check')!
  readonly Reset = this.Buttons.getByRef('Reset')!
  private button: 'check' | 'reset' = 'check'

  static override _template(): Lightning.Component.Template<DiagnosticsScreenSpec> {
    const check = t('action.checkAgain')
    const reset = t('diag.reset')
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

  /** The button in focus: 'check' or 'reset'. */
  get focusedButton(): 'check' | 'reset' {
    return this.button
  }

  private highlight(): void {
    this.Check.focused = this.button === 'check'
    this.Reset.focused = this.button === 'reset'
    this.Hints.hints = okBackHints('action.select', 'action.back')
  }

  override _handleLeft(): void {
    this.button = 'check'
    this.highlight()
  }

  override _handleRight(): void {
    this.button = 'reset'
    this.highlight()
  }

  override _handleEnter(): void {
    this.onIntent(this.button === 'check' ? 'ok' : 'reset')
  }

  override _handleBack(): void {
    this.onIntent('back')
  }
}

/** One fact row, built above from `model.facts`: a label and its value. */
interface FactRowSpec extends Lightning.Element.TemplateSpec {
  Label: object
  Value: object
}
