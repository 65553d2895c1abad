import { Lightning } from '@lightningjs/sdk'
import { colors, CONTENT_W, fonts, layout, screenBackdrop, screenPosition, screenTitle, scrollViewport, sizes } from '../theme.js'
import { ActionRow } from '../components/ActionRow.js'
import { hintBar, type KeyHints, okBackHints, type KeyHint } from '../components/KeyHints.js'
import { ROW_H, ROW_W, ServerRow, type ServerRowSpec } from '../components/ServerRow.js'
import { StatusLine, type StatusSpec } from '../components/StatusLine.js'
import { firstRowShowing } from '../components/gridFocus.js'
import { PacedLabel, setLabel } from '../components/textStyle.js'
import { t } from '../../platform/i18n.js'

export type { ServerRowSpec, ServerStatusSpec } from '../components/ServerRow.js'

/** Everything the server list shows at one moment, already in words. */
export interface ServerListModel {
  /** An action row above the servers for a local unclaimed Plex Media Server; null when not offered. */
  claim: { label: string; detail: string | null } | null
  servers: ServerRowSpec[]
  /** Shown in place of the list when there are no servers and no claim row, e.g. "No servers on this account yet". */
  empty: string | null
  /** One sentence under the list (an error, or progress); null for none. */
  status: StatusSpec | null
  /** Replaces the default key hints (OK Choose · Back Back). */
  hints?: KeyHint[]
}

/** `retry`: OK with nothing to choose (no servers yet, or loading them failed). */
export type ServerListIntent = { type: 'choose'; index: number } | { type: 'claim' } | { type: 'retry' } | { type: 'back' }

const ROW_GAP = 14
const ROW_PITCH = ROW_H + ROW_GAP
/** Room inside the clipped viewport for a focused (scaled 1.04) row. */
const PAD_X = 40
const PAD_Y = 16
const VIEW_Y = 190
const VIEW_H = 700
export const SERVER_VISIBLE_ROWS = Math.floor((VIEW_H - 2 * PAD_Y + ROW_GAP) / ROW_PITCH)
/**
 * Rows kept above and below the ones in view, so the 0.2 s scroll of one row never shows a gap. Only these
 * rows exist in the tree (issue 15 item 5): with 505 rows every Down press updated and drew all of them.
 */
const SPARE_ROWS = 1
/**
 * Servers beyond the window (each way) whose texts are drawn ahead in idle time, one row every
 * WARM_STEP_MS, nearest first. A row scrolled into view then finds its texts drawn (Lightning reuses a
 * text's texture by its settings and words) instead of drawing them in the frame of the key.
 */
const WARM_ROWS = 40
const WARM_STEP_MS = 30
/** Drawing ahead waits this long after a key: it must not be work a held key waits behind. */
const WARM_AFTER_KEY_MS = 300

/**
 * "Choose a server": a vertical list of the account's servers, with an optional "Claim this server" row on
 * top. Up/Down move focus (the list scrolls to keep it in view and says "3 of 40"), OK reports `choose` or
 * `claim`, Back reports `back`. It fetches and probes nothing: each row's status arrives in the model.
 */
export interface ServerListScreenSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Position: object
  Viewport: { List: object }
  Warm: object
  Empty: object
  Status: typeof StatusLine
  Hints: typeof KeyHints
}

export class ServerListScreen extends Lightning.Component<ServerListScreenSpec> implements Lightning.Component.ImplementTemplateSpec<ServerListScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'ServerListScreen'

  onIntent: (intent: ServerListIntent) => void = () => {}
  readonly Position = this.getByRef('Position')!
  readonly List = this.getByRef('Viewport')!.getByRef('List')!
  readonly Empty = this.getByRef('Empty')!
  readonly Status = this.getByRef('Status')!
  readonly Hints = this.getByRef('Hints')!
  /** Focus moved by a key (not by `focus()` or a render): the controller tracks which server has it. */
  onMoved: () => void = () => {}
  /** Focus over the rows as shown: the claim row (when offered) is slot 0, then the servers. */
  private slot = 0
  private firstRow = 0
  private hasClaim = false
  private serverCount = 0
  /** An arrow key has moved focus: from then on focus stays where the person put it. */
  private keyMoved = false
  /** The model's rows, so rows scrolling into view can be drawn; only the window around focus exists. */
  private model: ServerListModel | null = null
  /** "3 of 40", redrawn at most four times a second while a key is held. */
  private readonly position = new PacedLabel(this.Position)
  private warmTimer: ReturnType<typeof setTimeout> | null = null
  /** Server index → the row (as drawn) whose texts were drawn ahead. */
  private readonly warmed = new Map<number, string>()
  private keyAt = -Infinity

  static override _template(): Lightning.Component.Template<ServerListScreenSpec> {
    return {
      ...screenBackdrop(),
      Title: screenTitle(t('servers.title')),
      Position: screenPosition(),
      Viewport: {
        ...scrollViewport(VIEW_Y, VIEW_H, PAD_X),
        List: { x: PAD_X + (CONTENT_W - ROW_W) / 2, y: PAD_Y, w: ROW_W },
      },
      // rows made only to draw their texts ahead; never shown
      Warm: { visible: false },
      Empty: {
        x: layout.margin,
        y: VIEW_Y + PAD_Y,
        text: { text: '', fontFace: fonts.regular, fontSize: sizes.body, textColor: colors.textDim, wordWrapWidth: CONTENT_W, maxLines: 3, lineHeight: 48 },
      },
      Status: { type: StatusLine, x: layout.margin, y: 905, width: layout.width - 2 * layout.margin },
      Hints: hintBar(),
    }
  }

  render(model: ServerListModel): void {
    const list = this.List
    const rowCount = (model.claim ? 1 : 0) + model.servers.length
    const focusedServer = this.focusedIndex
    if (this.hasClaim !== Boolean(model.claim)) {
      // every slot moves by one: rebuild the rows in view
      list.childList.clear()
      // a claim row appearing or going must not move focus off the server it was on
      this.hasClaim = Boolean(model.claim)
      if (focusedServer >= 0) this.slot = focusedServer + (this.hasClaim ? 1 : 0)
    }
    this.model = model
    this.serverCount = model.servers.length
    this.slot = Math.max(0, Math.min(this.slot, rowCount - 1))
    // until a key moves it, focus starts on the servers: the claim row (an offer, on top) has it only while
    // there is no server, so where focus starts does not depend on which answer came first
    if (!this.keyMoved && this.claimFocused && this.serverCount > 0) this.slot = 1
    this.showRows(true)
    setLabel(this.Empty, rowCount === 0 ? (model.empty ?? '') : '')
    this.Status.status = model.status
    this.Hints.hints = model.hints ?? okBackHints('action.choose')
    this.highlight()
  }

  /** Moves focus to a server (the preselected or last chosen one); out-of-range values are clamped. */
  focus(index: number): void {
    const offset = this.hasClaim ? 1 : 0
    this.slot = Math.max(0, Math.min(index + offset, this.serverCount + offset - 1))
    this.highlight()
  }

  /** The focused server's index, or -1 while the claim row (or nothing) has focus. */
  get focusedIndex(): number {
    const i = this.slot - (this.hasClaim ? 1 : 0)
    return i >= 0 && i < this.serverCount ? i : -1
  }

  get claimFocused(): boolean {
    return this.hasClaim && this.slot === 0
  }

  /** The first row in view, counting the claim row (0 until the list has to scroll). */
  get firstVisibleRow(): number {
    return this.firstRow
  }

  private get rowCount(): number {
    return (this.hasClaim ? 1 : 0) + this.serverCount
  }

  private refOf(slot: number): string {
    return this.hasClaim && slot === 0 ? 'Claim' : `Server${slot - (this.hasClaim ? 1 : 0)}`
  }

  /**
   * Makes the rows of the window around the first row in view exist (and no others); `redraw` gives every
   * row in it its model again, otherwise only rows that scrolled in are drawn. A server row scrolling out is
   * taken over by the one scrolling in (its ref, place and server change): a held key makes no elements.
   */
  private showRows(redraw: boolean): void {
    const list = this.List
    const model = this.model
    if (model === null) return
    const from = Math.max(0, this.firstRow - SPARE_ROWS)
    const to = Math.min(this.rowCount, this.firstRow + SERVER_VISIBLE_ROWS + SPARE_ROWS)
    const wanted = new Set<string>()
    for (let slot = from; slot < to; slot++) wanted.add(this.refOf(slot))
    const leaving = list.children.filter((c) => c.ref === undefined || !wanted.has(c.ref))
    const reusable = leaving.filter((c): c is ServerRow => c instanceof ServerRow)
    for (let slot = from; slot < to; slot++) {
      const ref = this.refOf(slot)
      const claim = this.hasClaim && slot === 0
      let row = list.children.find((c): c is ServerRow | ActionRow => c.ref === ref && (c instanceof ServerRow || c instanceof ActionRow))
      const fresh = row === undefined
      if (row === undefined && !claim) {
        row = reusable.pop()
        if (row !== undefined) {
          row.ref = ref
          row.y = slot * ROW_PITCH
        }
      }
      row ??= list.childList.a({ ref, type: claim ? ActionRow : ServerRow, y: slot * ROW_PITCH }) as ServerRow | ActionRow
      if (fresh || redraw) {
        if (row instanceof ActionRow) {
          if (model.claim) row.action = model.claim
        } else {
          row.server = model.servers[slot - (this.hasClaim ? 1 : 0)]!
        }
      }
      row.focused = slot === this.slot
    }
    for (const child of leaving) if (!(child instanceof ServerRow) || reusable.includes(child)) list.childList.remove(child)
  }

  private highlight(): void {
    this.warmSoon()
    const list = this.List
    const first = firstRowShowing(this.slot, this.firstRow, SERVER_VISIBLE_ROWS, this.rowCount)
    if (first !== this.firstRow) {
      // a jump of more than a row (focus() on a preselected server) lands at once: the rows between do not exist
      const jump = Math.abs(first - this.firstRow) > SPARE_ROWS
      this.firstRow = first
      list.setSmooth('y', PAD_Y - first * ROW_PITCH, { duration: 0.2 })
      if (jump) list.transition('y').finish()
    }
    this.showRows(false)
    const index = this.focusedIndex
    this.position.set(this.rowCount > SERVER_VISIBLE_ROWS && index >= 0 ? t('users.position', { index: index + 1, count: this.serverCount }) : '')
  }

  override _attach(): void {
    this.warmSoon()
  }

  override _detach(): void {
    this.position.stop()
    if (this.warmTimer !== null) clearTimeout(this.warmTimer)
    this.warmTimer = null
  }

  private warmSoon(wait = WARM_STEP_MS): void {
    if (this.warmTimer !== null || !this.attached) return
    this.warmTimer = setTimeout(() => {
      this.warmTimer = null
      this.warmStep()
    }, wait)
  }

  /** Draws the texts of one server row near the window that are not drawn yet. */
  private warmStep(): void {
    const model = this.model
    if (model === null) return
    const sinceKey = Date.now() - this.keyAt
    if (sinceKey < WARM_AFTER_KEY_MS) return this.warmSoon(WARM_AFTER_KEY_MS - sinceKey)
    const next = this.nextToWarm(model.servers)
    if (next === null) return
    const warm = this.tag('Warm')!
    const row = warm.childList.a<typeof ServerRow>({ type: ServerRow })
    row.server = next.spec
    drawTextsNow(row)
    warm.childList.remove(row)
    this.warmed.set(next.index, next.key)
    this.warmSoon()
  }

  /** The tested server nearest the window (below first) whose row, as it is now, has not had its texts drawn. */
  private nextToWarm(servers: ServerRowSpec[]): { index: number; spec: ServerRowSpec; key: string } | null {
    const offset = this.hasClaim ? 1 : 0
    const firstLive = Math.max(0, this.firstRow - SPARE_ROWS) - offset
    const lastLive = this.firstRow + SERVER_VISIBLE_ROWS + SPARE_ROWS - 1 - offset
    for (let step = 1; step <= WARM_ROWS; step++) {
      for (const index of [lastLive + step, firstLive - step]) {
        const spec = servers[index]
        // a server still being tested is drawn again when it answers: not worth drawing yet
        if (spec === undefined || spec.status.kind === 'testing') continue
        const key = JSON.stringify(spec)
        if (this.warmed.get(index) !== key) return { index, spec, key }
      }
    }
    return null
  }

  override _handleUp(): void {
    this.keyAt = Date.now()
    if (this.slot > 0) {
      this.slot--
      this.keyMoved = true
      this.highlight()
      this.onMoved()
    }
  }

  override _handleDown(): void {
    this.keyAt = Date.now()
    if (this.slot < this.rowCount - 1) {
      this.slot++
      this.keyMoved = true
      this.highlight()
      this.onMoved()
    }
  }

  override _handleEnter(): void {
    if (this.claimFocused) this.onIntent({ type: 'claim' })
    else if (this.focusedIndex >= 0) this.onIntent({ type: 'choose', index: this.focusedIndex })
    else if (this.rowCount === 0) this.onIntent({ type: 'retry' })
  }

  override _handleBack(): void {
    this.onIntent({ type: 'back' })
  }
}

/**
 * Draws and uploads every text texture under `el` now, though it is not shown: Lightning keeps a drawn
 * text's texture (looked up by its settings and words) until its texture memory runs short, and an
 * element showing the same text later takes it as it is.
 */
function drawTextsNow(el: Lightning.Element): void {
  const texture = el.texture
  if (texture instanceof Lightning.textures.TextTexture && texture.text !== '') texture.load()
  for (const child of el.children) drawTextsNow(child)
}
