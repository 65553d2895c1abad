import type { Lightning } from '@lightningjs/sdk'
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
