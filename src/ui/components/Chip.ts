import { Lightning } from '@lightningjs/sdk'
import { colors, fonts, sizes } from '../theme.js'
import { CheckIcon, LockIcon } from './Icons.js'

export type ChipIcon = 'lock' | 'check' | null

export interface ChipSpec {
  label: string
  icon?: ChipIcon
  /** Background; the label is always there, so the chip never means something by colour alone. */
  color?: number
}

export interface ChipTemplateSpec extends Lightning.Component.TemplateSpec {
  chip: ChipSpec
  Icon: typeof LockIcon
  Label: object
}

/**
 * A small labelled chip ("Admin", "Managed", lock + "PIN", "LAN", "12 ms"): a rounded block sized to its
 * text by flex, with an optional drawn icon before the label. Text at the hint size (28 px), the smallest
 * allowed on the 10-foot screen.
 */
export class Chip extends Lightning.Component<ChipTemplateSpec> implements Lightning.Component.ImplementTemplateSpec<ChipTemplateSpec> {
  private _signature = ''
  private _chip: ChipSpec = { label: '' }

  static override _template(): Lightning.Component.Template<ChipTemplateSpec> {
    return {
      rect: true,
      color: colors.panelFocused,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 10 },
      flex: { direction: 'row' as const, alignItems: 'center' as const, paddingLeft: 14, paddingRight: 14, paddingTop: 3, paddingBottom: 3 },
    }
  }

  get chip(): ChipSpec {
    return this._chip
  }

  set chip(spec: ChipSpec) {
    this._chip = spec
    const signature = `${spec.icon ?? ''}|${spec.label}|${spec.color ?? ''}`
    if (signature === this._signature) return
    this._signature = signature
    this.color = spec.color ?? colors.panelFocused
    this.childList.clear()
    this.children = [
      ...(spec.icon ? [{ ref: 'Icon', type: spec.icon === 'lock' ? LockIcon : CheckIcon, flexItem: { marginRight: spec.label ? 10 : 0 } }] : []),
      ...(spec.label ? [{ ref: 'Label', text: { text: spec.label, fontFace: fonts.bold, fontSize: sizes.hint, textColor: colors.text } }] : []),
    ]
  }

  get label(): string {
    return this.tag('Label')?.text?.text ?? ''
  }
}

export interface ChipRowTemplateSpec extends Lightning.Component.TemplateSpec {
  chips: ChipSpec[]
}

/** A row of chips laid out by flex; `chips` replaces them all (rows are short: a handful at most). */
export class ChipRow extends Lightning.Component<ChipRowTemplateSpec> implements Lightning.Component.ImplementTemplateSpec<ChipRowTemplateSpec> {
  private _signature = ''
  private _chips: ChipSpec[] = []

  static override _template(): Lightning.Component.Template<ChipRowTemplateSpec> {
    return { flex: { direction: 'row' as const, alignItems: 'center' as const } }
  }

  get chips(): ChipSpec[] {
    return this._chips
  }

  set chips(chips: ChipSpec[]) {
    this._chips = chips
    const signature = chips.map((c) => `${c.icon ?? ''}|${c.label}|${c.color ?? ''}`).join('‖')
    if (signature === this._signature) return
    this._signature = signature
    this.childList.clear()
    this.children = chips.map((c, i) => ({ ref: `Chip${i}`, type: Chip, flexItem: { marginLeft: i === 0 ? 0 : 12 }, chip: c }))
  }

  get labels(): string[] {
    return this.children.map((c) => (c as Chip).label)
  }
}
