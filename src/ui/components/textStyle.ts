import { Lightning } from '@lightningjs/sdk'
import { fonts } from '../theme.js'

/**
 * One line of text cut to `width` with an ellipsis: names from plex.tv can be any length and any script.
 * wordWrap is off so a long word (or a name in a script without spaces) is cut too, not pushed past the
 * edge; fontFace stays a family name so the browser falls back to a font that has the glyphs.
 */
export function oneLine(width: number, fontSize: number, textColor: number, fontFace: string = fonts.regular) {
  return {
    text: '',
    fontFace,
    fontSize,
    textColor,
    wordWrap: false,
    wordWrapWidth: width,
    maxLines: 1,
    textOverflow: 'ellipsis' as const,
    maxLinesSuffix: '…',
  }
}

/**
 * Sets an element's text only when it changed (a new text texture is a redraw). An empty label is hidden
 * rather than drawn as an empty texture (which also keeps the inspector's DOM mirror from showing the
 * last non-empty text).
 */
export function setLabel(el: Lightning.Element | undefined, text: string): void {
  if (!el?.text) return
  if (el.text.text !== text) el.text.text = text
  el.visible = text !== ''
}

/** A text texture with Lightning's own copy of its settings (TextTexture.cloneArgs, missing from its d.ts). */
type ClonableText = Lightning.textures.TextTexture & { cloneArgs(): Lightning.textures.TextTexture.Settings }

/**
 * Like `setLabel`, for an element that shows one item after another (a list row taken over by the next
 * server): the new words get a texture of their own, and the old one stays drawn in Lightning's cache (until
 * its texture GC) for whichever row shows those words next. Changing a text in place frees its old texture at
 * once (Lightning: "not reused anyway"), so a row scrolling back, or "600 ms" on the next server, was drawn
 * again.
 */
export function swapLabel(el: Lightning.Element | undefined, text: string): void {
  const old = el?.text as ClonableText | null | undefined
  if (!el || !old) return
  if (old.text !== text) el.texture = { ...old.cloneArgs(), type: Lightning.textures.TextTexture, text }
  el.visible = text !== ''
}

let measuring: CanvasRenderingContext2D | null | undefined

/**
 * The width a one-line text takes when drawn, in stage pixels, measured the way Lightning measures it (a
 * canvas 2D context with the same font string), so a layout can leave room for it before its texture
 * exists. Where no canvas can measure, a generous estimate (0.6 em a character) stands in.
 */
export function textWidth(text: string, fontSize: number, fontFace: string = fonts.regular): number {
  if (measuring === undefined) measuring = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  if (!measuring) return text.length * fontSize * 0.6
  measuring.font = `${fontSize}px ${fontFace}`
  return measuring.measureText(text).width
}

/**
 * A label that follows something moving fast, such as "12 of 40" while a key is held: it changes at once
 * when it has not changed for `everyMs`, otherwise once `everyMs` after its last change, with the newest
 * text. Every change of a text is a canvas drawn and uploaded in the frame that shows it; under a held
 * key that was a third of the texts the server list drew. The owner calls `stop()` when it leaves.
 */
export class PacedLabel {
  private shownAt = -Infinity
  private timer: ReturnType<typeof setTimeout> | null = null
  private wanted = ''

  constructor(
    private readonly el: Lightning.Element | undefined,
    private readonly everyMs = 250,
  ) {}

  set(text: string): void {
    this.wanted = text
    if (this.timer !== null) return
    const wait = this.shownAt + this.everyMs - Date.now()
    if (wait <= 0) this.show()
    else this.timer = setTimeout(() => this.show(), wait)
  }

  /** The text it will show (now, or at its next change). */
  get text(): string {
    return this.wanted
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    setLabel(this.el, this.wanted)
  }

  private show(): void {
    this.timer = null
    this.shownAt = Date.now()
    setLabel(this.el, this.wanted)
  }
}
