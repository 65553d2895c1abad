import { type Lightning } from '@lightningjs/sdk'
import { layout, screenBackdrop, screenPosition, screenTitle, scrollViewport } from '../theme.js'
import { hintBar, type KeyHints, okBackHints, type KeyHint } from '../components/KeyHints.js'
import { StatusLine, type StatusSpec } from '../components/StatusLine.js'
import { TILE_H, TILE_W, UserTile, type UserTileSpec } from '../components/UserTile.js'
import { firstRowShowing, moveInGrid, type Direction } from '../components/gridFocus.js'
import { PacedLabel } from '../components/textStyle.js'
import { t } from '../../platform/i18n.js'
import { GridScreen } from '../components/GridScreen.js'

export type { UserTileSpec } from '../components/UserTile.js'

/** Everything the user picker shows at one moment, already in words. */
export interface UserPickerModel {
  users: UserTileSpec[]
  /**
   * One sentence under the grid: an error ("Couldn't switch to Emma — plex.tv is not answering. Press OK
   * to try again", tone 'error') or progress ("Switching to Emma…", tone 'busy'); null for none.
   */
  status: StatusSpec | null
  /** A switch is in flight: the other tiles fade. Keys still report intents; the behaviour decides. */
  busy: boolean
  /** Replaces the default key hints (OK Choose · Back Back). */
  hints?: KeyHint[]
}

/** `retry`: OK with no users shown (loading them failed). */
export type UserPickerIntent = { type: 'choose'; index: number } | { type: 'retry' } | { type: 'back' }

export const PICKER_COLUMNS = 5
const COL_GAP = (layout.width - 2 * layout.margin - PICKER_COLUMNS * TILE_W) / (PICKER_COLUMNS - 1)
const ROW_GAP = 40
const ROW_PITCH = TILE_H + ROW_GAP
/**
 * After the grid is drawn, the tiles outside the view get their pictures and texts one row more every
 * WARM_STEP_MS (the viewport's bounds margin grows): a held arrow then scrolls into rows that are ready
 * instead of drawing five tiles in the frame that shows them (at 6× CPU throttle that frame was the p95 of
 * key → frame: 455–684 ms, 195–244 ms with every row ready). A Plex Home has at most 15 users.
 */
const WARM_STEP_MS = 100
/** Lightning's own margin around a clipped view within which textures load (ElementCore, 100 px). */
const DEFAULT_BOUNDS_MARGIN = 100
/** Room around the tiles inside the clipped viewport, so a focused (scaled) tile is not cut. */
const PAD = 20
const VIEW_Y = 190
const VIEW_H = 700
export const PICKER_VISIBLE_ROWS = Math.floor((VIEW_H - 2 * PAD + ROW_GAP) / ROW_PITCH)

/**
 * "Who's watching?": the Plex Home users as tiles, five to a row, scrolled so the focused row is in view.
 * Arrows move focus in 2D, OK reports `choose`, Back reports `back`. It fetches nothing and decides nothing:
 * the controller renders a model and, for the preselected user, calls `focus(index)`.
 */
export interface UserPickerScreenSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Position: object
  Viewport: { Grid: object }
  Status: typeof StatusLine
  Hints: typeof KeyHints
}

export class UserPickerScreen extends GridScreen<UserPickerScreenSpec> implements Lightning.Component.ImplementTemplateSpec<UserPickerScreenSpec> {
  /** The class's name, kept through minifying (which drops class names): the benchmark's probe tells screens by it. */
  static readonly screenName = 'UserPickerScreen'

  onIntent: (intent: UserPickerIntent) => void = () => {}
  readonly Position = this.getByRef('Position')!
  readonly Viewport = this.getByRef('Viewport')!
  readonly Grid = this.Viewport.getByRef('Grid')!
  readonly Status = this.getByRef('Status')!
  readonly Hints = this.getByRef('Hints')!
  private index = 0
  private firstRow = 0
  private count = 0
  private signature = ''
  private busy = false
  private warmTimer: ReturnType<typeof setTimeout> | null = null
  /** "12 of 40", redrawn at most four times a second while a key is held. */
  private readonly position = new PacedLabel(this.Position)
  /** Rows beyond the view (each way) whose tiles are drawn ahead of time. */
  private warmRows = 0

  static override _template(): Lightning.Component.Template<UserPickerScreenSpec> {
    return {
      ...screenBackdrop(),
      Title: screenTitle(t('users.title')),
      Position: screenPosition(),
      Viewport: {
        ...scrollViewport(VIEW_Y, VIEW_H, PAD),
        Grid: { x: PAD, y: PAD, w: layout.width - 2 * layout.margin },
      },
      Status: { type: StatusLine, x: layout.margin, y: 905, width: layout.width - 2 * layout.margin },
      Hints: hintBar(),
    }
  }

  render(model: UserPickerModel): void {
    const signature = model.users.map((u) => `${u.name}|${u.thumb}|${u.admin}|${u.managed}|${u.pinProtected}`).join('\n')
    if (signature !== this.signature) {
      this.signature = signature
      this.buildTiles(model.users)
    }
    this.busy = model.busy
    this.Status.status = model.status
    this.Hints.hints = model.hints ?? okBackHints('action.choose')
    this.highlight()
  }

  /** Moves focus to a user (the preselected or last chosen one); out-of-range values are clamped. */
  focus(index: number): void {
    this.index = clamp(index, this.count)
    this.highlight()
  }

  get focusedIndex(): number {
    return this.index
  }

  /** The first grid row in view (0 until the grid has to scroll). */
  get firstVisibleRow(): number {
    return this.firstRow
  }

  private buildTiles(users: UserTileSpec[]): void {
    this.count = users.length
    this.index = clamp(this.index, this.count)
    // fewer users than a row: centre them, so one user is not stranded at the left edge
    const inRow = Math.min(users.length, PICKER_COLUMNS)
    const rowWidth = inRow * TILE_W + Math.max(0, inRow - 1) * COL_GAP
    const offsetX = users.length < PICKER_COLUMNS ? (layout.width - 2 * layout.margin - rowWidth) / 2 : 0
    const grid = this.Grid
    grid.childList.clear()
    grid.children = users.map((u, i) => ({
      ref: `User${i}`,
      type: UserTile,
      x: offsetX + (i % PICKER_COLUMNS) * (TILE_W + COL_GAP),
      y: Math.floor(i / PICKER_COLUMNS) * ROW_PITCH,
      user: u,
    }))
    this.warmRows = 0
    this.Viewport.boundsMargin = null
    this.warmUp()
  }

  /** One row more each way is drawn ahead, every WARM_STEP_MS, until every row is. */
  private warmUp(): void {
    this.stopWarmUp()
    if (this.warmRows >= Math.ceil(this.count / PICKER_COLUMNS)) return
    this.warmTimer = setTimeout(() => {
      this.warmTimer = null
      this.warmRows++
      const margin = DEFAULT_BOUNDS_MARGIN + this.warmRows * ROW_PITCH
      this.Viewport.boundsMargin = [DEFAULT_BOUNDS_MARGIN, margin, DEFAULT_BOUNDS_MARGIN, margin]
      this.warmUp()
    }, WARM_STEP_MS)
  }

  private stopWarmUp(): void {
    if (this.warmTimer !== null) clearTimeout(this.warmTimer)
    this.warmTimer = null
  }

  override _attach(): void {
    this.warmUp()
  }

  override _detach(): void {
    this.stopWarmUp()
    this.position.stop()
  }

  private highlight(): void {
    const grid = this.Grid
    grid.children.forEach((tile, i) => {
      if (!(tile instanceof UserTile)) return
      tile.focused = i === this.index
      tile.dimmed = this.busy && i !== this.index
    })
    const totalRows = Math.ceil(this.count / PICKER_COLUMNS)
    const first = firstRowShowing(Math.floor(this.index / PICKER_COLUMNS), this.firstRow, PICKER_VISIBLE_ROWS, totalRows)
    if (first !== this.firstRow) {
      this.firstRow = first
      grid.setSmooth('y', PAD - first * ROW_PITCH, { duration: 0.2 })
    }
    // "12 of 40" only when the users do not all fit: it says there is more below
    this.position.set(totalRows > PICKER_VISIBLE_ROWS ? t('users.position', { index: this.index + 1, count: this.count }) : '')
  }

  protected move(direction: Direction): void {
    const next = moveInGrid(this.index, this.count, PICKER_COLUMNS, direction)
    if (next !== this.index) {
      this.index = next
      this.highlight()
    }
  }

  override _handleEnter(): void {
    this.onIntent(this.count > 0 ? { type: 'choose', index: this.index } : { type: 'retry' })
  }

  override _handleBack(): void {
    this.onIntent({ type: 'back' })
  }
}

function clamp(index: number, count: number): number {
  return Math.max(0, Math.min(index, count - 1))
}
