import { Lightning } from '@lightningjs/sdk'
import { t } from '../../platform/i18n.js'
import { KeyHints, type KeyHint } from '../components/KeyHints.js'
import { StatusLine, type StatusSpec } from '../components/StatusLine.js'
import { oneLine, setLabel } from '../components/textStyle.js'
import { colors, fonts, layout, screenBackdrop, screenTitle, sizes } from '../theme.js'

export interface DiagnosticsModel {
  facts: { label: string; value: string }[]
  /** One line per common cause, with a tone (ok / error / warn / info). */
  causes: StatusSpec[]
  hints: KeyHint[]
}

export type DiagnosticsIntent = 'ok' | 'back'

const FACT_H = 62
const LABEL_W = 300
const FACTS_W = 900
const CAUSES_X = 960
const CAUSES_W = layout.width - layout.margin - CAUSES_X
const CAUSE_H = 170

/** Facts on the left (label · value), the plain-language causes on the right, OK checks again. */
export class DiagnosticsScreen extends Lightning.Component {
  onIntent: (intent: DiagnosticsIntent) => void = () => {}

  static override _template() {
    return {
      ...screenBackdrop(),
      Title: screenTitle(t('diag.title')),
      Facts: { x: layout.margin, y: 220, w: FACTS_W },
      Causes: { x: CAUSES_X, y: 220, w: CAUSES_W },
      Hints: { type: KeyHints, x: layout.width - layout.margin, y: 1000, mountX: 1 },
    }
  }

  render(model: DiagnosticsModel): void {
    const facts = this.tag('Facts') as Lightning.Element
    if (facts.children.length !== model.facts.length) {
      facts.childList.clear()
      facts.children = model.facts.map((_, i) => ({
        ref: `Fact${i}`,
        y: i * FACT_H,
        w: FACTS_W,
        Label: { text: oneLine(LABEL_W - 24, sizes.small, colors.textDim) },
        Value: { x: LABEL_W, text: { ...oneLine(FACTS_W - LABEL_W, sizes.small, colors.text), maxLines: 3, wordWrap: true } },
      }))
    }
    model.facts.forEach((f, i) => {
      setLabel(facts.tag(`Fact${i}.Label`), f.label)
      setLabel(facts.tag(`Fact${i}.Value`), f.value)
    })
    const causes = this.tag('Causes') as Lightning.Element
    if (causes.children.length !== model.causes.length) {
      causes.childList.clear()
      causes.children = model.causes.map((_, i) => ({ ref: `Cause${i}`, type: StatusLine, y: i * CAUSE_H, width: CAUSES_W, lines: 3 }))
    }
    model.causes.forEach((c, i) => {
      ;(causes.tag(`Cause${i}`) as StatusLine).status = c
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
