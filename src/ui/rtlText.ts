import { Lightning } from '@lightningjs/sdk'

/** Characters written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko… and Arabic presentation forms. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/

/** The two internals of Lightning's text renderer this patch uses (not in its type declarations). */
interface LineDrawer {
  _context: CanvasRenderingContext2D
  _drawLines(lines: unknown[], letterSpacing: number): void
}

/** A renderer that draws its lines the way this patch expects; any other (a future Lightning) is left alone. */
function drawsLines(renderer: object): renderer is LineDrawer {
  const r = renderer as Partial<LineDrawer>
  return typeof r._drawLines === 'function' && typeof r._context === 'object' && r._context !== null
}

let installed = false

/**
 * Lightning draws every text with the canvas's default direction, left to right; its `rtl` only swaps
 * alignment. An Arabic sentence holding a name, a number or a Latin word then reads scrambled ("1 من 5"
 * comes out as "1 5 من", the name at the wrong end of "…لـ Mia"). From this call on, a text of a
 * right-to-left element that holds right-to-left characters is laid out as a right-to-left paragraph.
 * Latin-only texts (addresses, server names) and elements that opt out (codes, PIN digits) stay as they were.
 */
export function drawRightToLeftText(): void {
  if (installed) return
  installed = true
  const TextTexture = Lightning.textures.TextTexture
  const original = TextTexture.renderer.bind(TextTexture)
  TextTexture.renderer = (stage, canvas, settings) => {
    const renderer = original(stage, canvas, settings)
    if (settings.rtl && typeof settings.text === 'string' && RIGHT_TO_LEFT.test(settings.text) && drawsLines(renderer)) {
      const drawLines = renderer._drawLines.bind(renderer)
      renderer._drawLines = (lines, letterSpacing) => {
        // set per draw: resizing the canvas (Lightning does, per text) resets the context's state
        renderer._context.direction = 'rtl'
        renderer._context.textAlign = 'left' // Lightning places each line by its left edge
        drawLines(lines, letterSpacing)
      }
    }
    return renderer
  }
}
