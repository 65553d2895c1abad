import { Lightning } from '@lightningjs/sdk'
import { avatarColors, colors, fonts } from '../theme.js'

export interface AvatarSpec extends Lightning.Component.TemplateSpec {
  size: number
  person: { name: string; thumb: string | null }
  Picture: object
  Circle: { Initials: object }
}

/**
 * A Home user's picture in a circle. The initials on a coloured circle are drawn first and stay while the
 * picture loads; if the picture fails (no network, a 404 from plex.tv) they simply remain, so a person is
 * always shown by something readable.
 */
export class Avatar extends Lightning.Component<AvatarSpec> implements Lightning.Component.ImplementTemplateSpec<AvatarSpec> {
  readonly Picture = this.getByRef('Picture')!
  readonly Circle = this.getByRef('Circle')!
  private _name = ''
  private _thumb = ''
  private _size = 160
  private _state: 'none' | 'loading' | 'loaded' | 'failed' = 'none'

  static override _template(): Lightning.Component.Template<AvatarSpec> {
    return {
      w: 160,
      h: 160,
      Picture: {
        w: 160,
        h: 160,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 80 },
      },
      Circle: {
        w: 160,
        h: 160,
        rect: true,
        color: avatarColors[0],
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 80 },
        Initials: {
          x: 80,
          y: 84,
          mount: 0.5,
          text: { text: '', fontFace: fonts.bold, fontSize: 64, textColor: colors.white, paddingLeft: 8, paddingRight: 8 }, // room for the last glyph's overhang
        },
      },
    }
  }

  override _init(): void {
    this.Picture.on('txLoaded', () => this.onPicture('loaded'))
    this.Picture.on('txError', () => this.onPicture('failed'))
  }

  /** Diameter in px; the initials scale with it (0.4 of the circle, never under 28 px). */
  get size(): number {
    return this._size
  }

  set size(size: number) {
    if (size === this._size) return
    this._size = size
    this.patch({
      w: size,
      h: size,
      Circle: {
        w: size,
        h: size,
        shader: { radius: size / 2 },
        Initials: { x: size / 2, y: size / 2 + size * 0.025, text: { fontSize: Math.max(28, Math.round(size * 0.4)) } },
      },
      Picture: { w: size, h: size, shader: { radius: size / 2 } },
    })
  }

  get person(): { name: string; thumb: string | null } {
    return { name: this._name, thumb: this._thumb || null }
  }

  set person(p: { name: string; thumb: string | null }) {
    if (p.name !== this._name) {
      this._name = p.name
      this.Circle.color = avatarColorFor(p.name)
      this.Circle.tag('Initials')!.text!.text = initialsOf(p.name)
    }
    const thumb = p.thumb ?? ''
    if (thumb === this._thumb) return
    this._thumb = thumb
    this._state = thumb ? 'loading' : 'none'
    this.Picture.patch({ texture: thumb ? { type: Lightning.textures.ImageTexture, src: thumb } : null })
    this.showState()
  }

  /** 'none' (no picture), 'loading' (initials shown), 'loaded' (picture shown) or 'failed' (initials shown). */
  get pictureState(): 'none' | 'loading' | 'loaded' | 'failed' {
    return this._state
  }

  get initials(): string {
    return this.Circle.tag('Initials')?.text?.text ?? ''
  }

  private onPicture(state: 'loaded' | 'failed'): void {
    if (!this._thumb) return
    this._state = state
    // a picture that failed is not asked for again each time its tile scrolls back into view
    if (state === 'failed') this.Picture.texture = null
    this.showState()
  }

  private showState(): void {
    // The picture lies under the circle and is never hidden itself: Lightning loads the texture of a
    // visible element only. The circle on top is lifted once the picture has arrived.
    this.Circle.alpha = this._state === 'loaded' ? 0 : 1
  }
}

/**
 * Up to two initials: the first letter of the first and of the last word ("Emma Stone" → "ES"), or one
 * for a single word. Works by code point, so "Zoë", "Łucja", "山田太郎" (→ "山") and emoji are not cut in half.
 */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean)
  const first = words[0]
  if (!first) return '?'
  const last = words.length > 1 ? words[words.length - 1] : undefined
  return firstLetter(first) + (last ? firstLetter(last) : '')
}

/**
 * One grapheme segmenter for every avatar, made on first use: making one costs far more than using it
 * (at 6× CPU, 40 tiles spent ~250 ms making a segmenter each; issue 15 item 8). null: no Intl.Segmenter.
 */
let graphemes: Intl.Segmenter | null | undefined

/** The first user-perceived character: a grapheme where Intl.Segmenter exists, else a code point with its combining accents. */
function firstLetter(word: string): string {
  if (graphemes === undefined) {
    const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter
    graphemes = Segmenter ? new Segmenter(undefined, { granularity: 'grapheme' }) : null
  }
  if (graphemes !== null) {
    for (const { segment } of graphemes.segment(word)) return segment.toLocaleUpperCase()
    return ''
  }
  const match = /^[\s\S][\u0300-\u036f]*/u.exec(word) // older TV browsers: combining diacritics only
  return (match?.[0] ?? '').toLocaleUpperCase()
}

/** A stable colour per name (a small string hash), from the theme's avatar palette. */
export function avatarColorFor(name: string): number {
  let hash = 0
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0
  return avatarColors[hash % avatarColors.length] ?? avatarColors[0]
}
