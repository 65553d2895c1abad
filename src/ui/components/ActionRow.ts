import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'
import { oneLine, setLabel } from './textStyle.js'
import { ROW_H, ROW_W } from './ServerRow.js'
import { roundedPanel } from './panel.js'

/** What an action row says: "Claim this server for Alice" and a detail line. */
export interface ActionSpec {
  label: string
  detail: string | null
}

export interface ActionRowSpec extends Lightning.Component.TemplateSpec {
  action: ActionSpec
  focused: boolean
  Marker: object
  Plus: { Across: object; Down: object }
  Label: object
  Detail: object
}

/**
 * A list row that does something rather than pick something ("Claim this server for Alice"): a drawn plus
 * sign, a label and a detail line, with the same focus look as the rows around it.
 */
export class ActionRow extends Lightning.Component<ActionRowSpec> implements Lightning.Component.ImplementTemplateSpec<ActionRowSpec> {
  readonly Label = this.getByRef('Label')!
  readonly Detail = this.getByRef('Detail')!
  private _action: ActionSpec = { label: '', detail: null }
  private _focused = false

  static override _template(): Lightning.Component.Template<ActionRowSpec> {
    return {
      // a panel only while focused, like the server rows (see roundedPanel)
      w: ROW_W,
      h: ROW_H,
      color: colors.panelFocused,
      Marker: { x: 0, y: 16, w: 8, h: 88, rect: true, color: colors.accent, alpha: 0 },
      Plus: {
        x: 30,
        y: 40,
        w: 40,
        h: 40,
        Across: { x: 0, y: 17, w: 40, h: 6, rect: true, color: colors.accent },
        Down: { x: 17, y: 0, w: 6, h: 40, rect: true, color: colors.accent },
      },
      Label: { x: 84, y: 18, text: oneLine(ROW_W - 124, sizes.body, colors.textDim) },
      Detail: { x: 84, y: 70, text: oneLine(ROW_W - 124, sizes.small, colors.textDim) },
    }
  }

  get action(): ActionSpec {
    return this._action
  }

  set action(a: ActionSpec) {
    this._action = a
    setLabel(this.Label, a.label)
    setLabel(this.Detail, a.detail ?? '')
  }

  get focused(): boolean {
    return this._focused
  }

  set focused(focused: boolean) {
    this._focused = focused
    this.patch({
      texture: focused ? roundedPanel(ROW_W, ROW_H, 16) : null,
      scale: focused ? 1.04 : 1,
      Marker: { alpha: focused ? 1 : 0 },
      Label: { text: { textColor: focused ? colors.text : colors.textDim, fontFace: focused ? fonts.bold : fonts.regular } },
    })
  }
}
