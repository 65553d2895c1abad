import { Lightning } from '@lightningjs/sdk'
import { colors } from '../theme.js'

/**
 * An overlay over the whole stage (dimming the screen behind it) with a rounded panel in the middle:
 * the menu and the confirm dialog. `panel` adds the panel's own size and children.
 */
export function modalOverlay<P extends object>(panel: P) {
  return {
    w: 1920,
    h: 1080,
    rect: true,
    color: 0xe0000000,
    Panel: {
      x: 960,
      y: 540,
      mount: 0.5,
      rect: true,
      color: colors.panel,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 24 },
      ...panel,
    },
  }
}
