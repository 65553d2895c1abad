import { Lightning } from '@lightningjs/sdk'
import { colors, sizes } from '../theme.js'
import { ChipRow, type ChipSpec } from './Chip.js'
import { CheckIcon } from './Icons.js'
import { roundedPanel } from './panel.js'
import { oneLine, swapLabel } from './textStyle.js'

/**
 * Narrower than the content (1680) by 40: a focused row grows by 4 % about its centre and must stay
 * inside the 5 % title-safe margin (96 px), which 1680 × 1.04 did not (86 px from the edge).
 */
export const ROW_W = 1640
export const ROW_H = 120
const TEXT_X = 84
const RIGHT_X = ROW_W - 40
const LEFT_W = 800
const RIGHT_W = 660

/** How a server answered, already in words. */
export type ServerStatusSpec =
  /** still probing: "Testing connections…" */
  | { kind: 'testing'; text: string }
  | {
      kind: 'online'
      /** the chosen connection: "LAN", "Remote" or "Relay" */
      via: string
      /** measured round trip, "12 ms" */
      latency: string
      /** https: shown as a padlock */
      secure: boolean
      /** e.g. "Relay only — video quality is limited"; null for none */
      note: string | null
    }
  /** greyed out, with why: "Offline — last seen 3 days ago", "No connection answered" */
  | { kind: 'unreachable'; reason: string }

export interface ServerRowSpec {
  name: string
  /** "Shared by Alex" for a server shared with this user; null for their own */
  owner: string | null
  status: ServerStatusSpec
  /** A line shown only while the row has focus, e.g. "Press OK to test again"; null for none. */
  focusedHint: string | null
  /** The preselected / last chosen server: a check mark before the name. */
  chosen: boolean
}

export interface ServerRowTemplateSpec extends Lightning.Component.TemplateSpec {
  server: ServerRowSpec
  focused: boolean
  Marker: object
  Content: { Check: typeof CheckIcon; Name: object; Owner: object; Chips: typeof ChipRow; Sentence: object; Note: object }
}

/**
 * One server in the list: check mark (last chosen), name and owner on the left; on the right either the
 * connection (type chip, latency chip, padlock chip and a note) or a sentence ("Testing connections…",
 * "Offline — last seen 3 days ago"). An unreachable server is faded, and says so in words.
 */
export class ServerRow extends Lightning.Component<ServerRowTemplateSpec> implements Lightning.Component.ImplementTemplateSpec<ServerRowTemplateSpec> {
  readonly Content = this.getByRef('Content')!
  private _spec: ServerRowSpec | null = null
  private _focused = false

  static override _template(): Lightning.Component.Template<ServerRowTemplateSpec> {
    return {
      // no panel of its own: only the focused row has one (applyFocus), see roundedPanel
      w: ROW_W,
      h: ROW_H,
      color: colors.panelFocused,
      Marker: { x: 0, y: 16, w: 8, h: ROW_H - 32, rect: true, color: colors.accent, alpha: 0 },
      // sized like the row: in a right-to-left UI children are placed from their parent's right edge
      Content: {
        w: ROW_W,
        h: ROW_H,
        Check: { type: CheckIcon, x: 34, y: 30, alpha: 0 },
        // drawn white and tinted, so focus moves redraw no text texture (see UserTile)
        Name: { x: TEXT_X, y: 18, color: colors.textDim, text: oneLine(LEFT_W, sizes.body, colors.text) },
        Owner: { x: TEXT_X, y: 70, text: oneLine(LEFT_W, sizes.small, colors.textDim) },
        Chips: { type: ChipRow, x: RIGHT_X, y: 18, mountX: 1 },
        Sentence: { x: RIGHT_X, y: 20, mountX: 1, text: oneLine(RIGHT_W, sizes.body, colors.textDim) },
        Note: { x: RIGHT_X, y: 70, mountX: 1, color: colors.textDim, text: oneLine(RIGHT_W, sizes.small, colors.text) },
      },
    }
  }

  get server(): ServerRowSpec {
    return this._spec ?? { name: '', owner: null, status: { kind: 'testing', text: '' }, focusedHint: null, chosen: false }
  }

  set server(spec: ServerRowSpec) {
    this._spec = spec
    const c = this.Content
    // a row is taken over by the next server as the list scrolls: old words stay drawn for whoever needs them
    swapLabel(c.tag('Name'), spec.name)
    swapLabel(c.tag('Owner'), spec.owner ?? '')
    c.tag('Check')!.alpha = spec.chosen ? 1 : 0
    const s = spec.status
    c.tag('Chips')!.chips = s.kind === 'online' ? connectionChips(s.via, s.latency, s.secure) : []
    swapLabel(c.tag('Sentence'), s.kind === 'testing' ? s.text : s.kind === 'unreachable' ? s.reason : '')
    this.applyFocus()
  }

  /** Only the rows focus leaves and enters change (see UserTile). */
  get focused(): boolean {
    return this._focused
  }

  set focused(focused: boolean) {
    if (focused === this._focused) return
    this._focused = focused
    this.applyFocus()
  }

  private applyFocus(): void {
    const focused = this._focused
    const s = this._spec?.status
    const unreachable = s?.kind === 'unreachable'
    const note = s?.kind === 'online' ? s.note : null
    swapLabel(this.Content.tag('Note'), (focused ? this._spec?.focusedHint : null) ?? note ?? '')
    this.patch({
      texture: focused ? roundedPanel(ROW_W, ROW_H, 16) : null,
      scale: focused ? 1.04 : 1,
      Marker: { alpha: focused ? 1 : 0 },
      Content: {
        // faded, not hidden: a focused unreachable row stays readable enough to act on
        alpha: unreachable ? (focused ? 0.8 : 0.5) : 1,
        Name: { color: focused ? colors.text : colors.textDim },
        Note: { color: focused ? colors.text : colors.textDim },
      },
    })
  }
}

/** The chips that describe a working connection: "LAN" · "12 ms" · padlock when it is https. */
export function connectionChips(via: string, latency: string, secure: boolean): ChipSpec[] {
  const chips: ChipSpec[] = [{ label: via, color: colors.accentDark }]
  if (latency) chips.push({ label: latency, color: colors.chip })
  if (secure) chips.push({ label: '', icon: 'lock', color: colors.chip })
  return chips
}
