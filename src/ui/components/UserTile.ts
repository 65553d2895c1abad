import { Lightning } from '@lightningjs/sdk'
import { colors, sizes } from '../theme.js'
import { Avatar } from './Avatar.js'
import { ChipRow, type ChipSpec } from './Chip.js'
import { roundedPanel } from './panel.js'
import { oneLine, setLabel } from './textStyle.js'
import { t } from '../../platform/i18n.js'

export const TILE_W = 300
export const TILE_H = 312

/** What one user tile shows, in view terms. */
export interface UserTileSpec {
  name: string
  thumb: string | null
  admin: boolean
  /** a managed (restricted) user */
  managed: boolean
  /** a PIN is asked before switching */
  pinProtected: boolean
}

export interface UserTileTemplateSpec extends Lightning.Component.TemplateSpec {
  user: UserTileSpec
  focused: boolean
  dimmed: boolean
  Content: { Avatar: typeof Avatar; Badges: typeof ChipRow }
  Name: object
  Marker: object
}

/**
 * A Home user on the picker: picture (or initials), name cut to one line, and labelled chips for Admin,
 * Managed and PIN (with a drawn padlock). Focus: brighter panel, scale 1.04, accent bar, brighter name.
 * The name is drawn white once and tinted (element colour): focus moves redraw no text texture, which is
 * what a held arrow key on a slow TV pays for (bench, focus figure). It sits outside the render-to-texture
 * Content, so its tint changes no texture either: with it inside, each move re-rendered two tiles' Content,
 * and key → frame at 6× was p50 ~140 ms, p95 219–345 ms; outside, p50 ~107 ms, p95 169–186 ms.
 */
export class UserTile extends Lightning.Component<UserTileTemplateSpec> implements Lightning.Component.ImplementTemplateSpec<UserTileTemplateSpec> {
  readonly Content = this.getByRef('Content')!
  readonly Name = this.getByRef('Name')!
  private _user: UserTileSpec = { name: '', thumb: null, admin: false, managed: false, pinProtected: false }

  static override _template(): Lightning.Component.Template<UserTileTemplateSpec> {
    return {
      // no panel of its own: only the focused tile has one (see roundedPanel)
      w: TILE_W,
      h: TILE_H,
      color: colors.panelFocused,
      // sized like the tile: in a right-to-left UI children are placed from their parent's right edge
      Content: {
        w: TILE_W,
        h: TILE_H,
        // drawn once into a texture and reused until something in it changes: a frame draws one quad per
        // tile instead of every picture, text and chip (issue 15 item 7)
        rtt: true,
        Avatar: { type: Avatar, x: (TILE_W - 150) / 2, y: 20, size: 150 },
        Badges: { type: ChipRow, x: TILE_W / 2, y: 244, mountX: 0.5 },
      },
      Name: { x: TILE_W / 2, y: 186, mountX: 0.5, color: colors.textDim, text: { ...oneLine(TILE_W - 32, sizes.body, colors.text), textAlign: 'center' as const } },
      Marker: { x: 40, y: TILE_H - 12, w: TILE_W - 80, h: 6, rect: true, color: colors.accent, alpha: 0 },
    }
  }

  get user(): UserTileSpec {
    return this._user
  }

  set user(u: UserTileSpec) {
    this._user = u
    this.Content.tag('Avatar')!.person = { name: u.name, thumb: u.thumb }
    setLabel(this.Name, u.name)
    this.Content.tag('Badges')!.chips = badgesFor(u)
  }

  private _focused = false

  /** Only the tiles focus leaves and enters change: a move touches two tiles, not forty. */
  get focused(): boolean {
    return this._focused
  }

  set focused(focused: boolean) {
    if (focused === this._focused) return
    this._focused = focused
    this.patch({
      texture: focused ? roundedPanel(TILE_W, TILE_H, 20) : null,
      scale: focused ? 1.04 : 1,
      Marker: { alpha: focused ? 1 : 0 },
      Name: { color: focused ? colors.text : colors.textDim },
    })
  }

  /** Faded while another user is being switched to. */
  get dimmed(): boolean {
    return this.Content.alpha < 1
  }

  set dimmed(dimmed: boolean) {
    this.Content.alpha = dimmed ? 0.4 : 1
    this.Name.alpha = this.Content.alpha
  }
}

function badgesFor(u: UserTileSpec): ChipSpec[] {
  const chips: ChipSpec[] = []
  if (u.admin) chips.push({ label: t('users.badgeAdmin'), color: colors.accentDark })
  if (u.managed) chips.push({ label: t('users.badgeManaged'), color: colors.chip })
  if (u.pinProtected) chips.push({ label: t('users.badgePin'), icon: 'lock', color: colors.chip })
  return chips
}
