import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'
import { FocusButton } from './FocusButton.js'
import { modalOverlay } from './modal.js'

export interface ConfirmSpec {
  /** A question, e.g. "Sign out of Plex on this TV?" */
  title: string
  /** What happens, in one or two sentences. */
  body: string
  /** The action's own words ("Sign out", "Claim"), never a bare "Yes". */
  confirm: string
  cancel: string
}

const PANEL_W = 1120
const PAD = 64
const BUTTON_W = 440
const BUTTON_H = 104
const BUTTON_GAP = 48
const BODY_LINE_H = 50
const BODY_LINES = 4

export interface ConfirmDialogSpec extends Lightning.Component.TemplateSpec {
  Panel: { Title: object; Body: object; Buttons: { Cancel: typeof FocusButton; Confirm: typeof FocusButton } }
}

/**
 * A question over the current screen before something that cannot be undone from the sofa. It opens on
 * Cancel, so OK pressed out of habit does nothing harmful; Left/Right move between Cancel and the action,
 * OK answers, Back is Cancel. Big type on a dimmed stage; in a right-to-left UI the buttons mirror (Cancel
 * stays first in reading order) because the button row carries its width.
 */
export class ConfirmDialog extends Lightning.Component<ConfirmDialogSpec> implements Lightning.Component.ImplementTemplateSpec<ConfirmDialogSpec> {
  readonly Panel = this.getByRef('Panel')!
  readonly Buttons = this.Panel.getByRef('Buttons')!
  readonly Cancel = this.Buttons.getByRef('Cancel')!
  readonly Confirm = this.Buttons.getByRef('Confirm')!
  onAnswer: (confirmed: boolean) => void = () => {}
  /** 0: Cancel, 1: the action. */
  private index = 0

  static override _template(): Lightning.Component.Template<ConfirmDialogSpec> {
    return modalOverlay({
      w: PANEL_W,
      h: 520,
      // a shade lighter than the buttons, so the one without focus still reads as a button
      color: colors.cell,
      Title: {
        x: PAD,
        y: 56,
        w: PANEL_W - 2 * PAD,
        text: {
          text: '',
          fontFace: fonts.bold,
          fontSize: sizes.heading,
          textColor: colors.text,
          wordWrapWidth: PANEL_W - 2 * PAD,
          maxLines: 2,
          lineHeight: 56,
          textOverflow: 'ellipsis',
        },
      },
      Body: {
        x: PAD,
        y: 136,
        w: PANEL_W - 2 * PAD,
        text: {
          text: '',
          fontFace: fonts.regular,
          fontSize: sizes.body,
          textColor: colors.textDim,
          wordWrapWidth: PANEL_W - 2 * PAD,
          maxLines: BODY_LINES,
          lineHeight: BODY_LINE_H,
          textOverflow: 'ellipsis',
        },
      },
      Buttons: {
        x: PAD,
        w: PANEL_W - 2 * PAD,
        h: BUTTON_H,
        Cancel: { type: FocusButton, x: 0, w: BUTTON_W, h: BUTTON_H },
        Confirm: { type: FocusButton, x: BUTTON_W + BUTTON_GAP, w: BUTTON_W, h: BUTTON_H },
      },
    })
  }

  /** Shows the question with Cancel focused. */
  ask(spec: ConfirmSpec): void {
    this.patch({ Panel: { Title: { text: { text: spec.title } }, Body: { text: { text: spec.body } } } })
    this.Cancel.label = spec.cancel
    this.Confirm.label = spec.confirm
    this.index = 0
    this.visible = true
    this.layoutPanel()
    this.highlight()
  }

  /** 'cancel' or 'confirm': which answer OK would give now. */
  get focusedAnswer(): 'cancel' | 'confirm' {
    return this.index === 0 ? 'cancel' : 'confirm'
  }

  /** Places the buttons under the body once the title and body are measured (one to four lines). */
  private layoutPanel(): void {
    const title = this.Panel.tag('Title')!
    const body = this.Panel.tag('Body')!
    const place = () => {
      const titleH = Math.max(56, title.renderHeight || 56)
      body.y = 56 + titleH + 24
      const bodyH = Math.min(BODY_LINES * BODY_LINE_H, body.renderHeight || BODY_LINE_H)
      const buttonsY = body.y + bodyH + 48
      this.Buttons.y = buttonsY
      this.Panel.h = buttonsY + BUTTON_H + PAD
    }
    place()
    // text is measured when its texture loads: place again then
    for (const el of [title, body]) el.once('txLoaded', place)
  }

  private highlight(): void {
    this.Cancel.focused = this.index === 0
    this.Confirm.focused = this.index === 1
  }

  // in a right-to-left UI the action is drawn left of Cancel: Lightning hands a right-to-left target the
  // Left key as _handleRight (and Right as _handleLeft), so these stay in reading order
  override _handleLeft(): void {
    this.move(-1)
  }

  override _handleRight(): void {
    this.move(1)
  }

  override _handleUp(): boolean {
    return true // modal: arrows never reach the screen behind
  }

  override _handleDown(): boolean {
    return true
  }

  override _handleEnter(): void {
    this.onAnswer(this.index === 1)
  }

  override _handleBack(): void {
    this.onAnswer(false)
  }

  private move(step: number): void {
    const next = Math.max(0, Math.min(1, this.index + step))
    if (next !== this.index) {
      this.index = next
      this.highlight()
    }
  }
}
