import { Lightning } from '@lightningjs/sdk'
import QRCode from 'qrcode'
import { colors } from '../theme.js'

export interface QrCodeSpec extends Lightning.Component.TemplateSpec {
  size: number
  payload: string
  Modules: object
}

/**
 * A QR code drawn locally (no image from plex.tv, so it works offline and on the simulator) into a
 * canvas texture: crisp square modules, a white quiet zone, cached by its text.
 */
export class QrCode extends Lightning.Component<QrCodeSpec> implements Lightning.Component.ImplementTemplateSpec<QrCodeSpec> {
  readonly Modules = this.getByRef('Modules')!
  private _text = ''
  private _size = 480

  static override _template(): Lightning.Component.Template<QrCodeSpec> {
    return {
      rect: true,
      color: colors.white,
      Modules: { x: 0, y: 0 },
    }
  }

  get size(): number {
    return this._size
  }

  set size(size: number) {
    this._size = size
    this.patch({ w: size, h: size })
    this.render()
  }

  set payload(text: string) {
    if (text === this._text) return
    this._text = text
    this.render()
  }

  get payload(): string {
    return this._text
  }

  private render(): void {
    const modulesEl = this.Modules
    if (!this._text) {
      modulesEl.patch({ texture: null, visible: false })
      return
    }
    const qr = QRCode.create(this._text, { errorCorrectionLevel: 'M' })
    const count = qr.modules.size
    const quiet = 4
    const cell = Math.floor(this._size / (count + quiet * 2))
    const drawn = cell * count
    const offset = Math.floor((this._size - drawn) / 2)
    const text = this._text
    modulesEl.patch({
      visible: true,
      x: offset,
      y: offset,
      w: drawn,
      h: drawn,
      texture: {
        type: Lightning.textures.StaticCanvasTexture,
        content: {
          lookupId: `qr:${cell}:${text}`,
          factory: (cb: (err: null, canvas: HTMLCanvasElement) => void, stage: Lightning.Stage) => {
            const canvas = stage.platform.getDrawingCanvas()
            canvas.width = drawn
            canvas.height = drawn
            const ctx = canvas.getContext('2d')!
            ctx.fillStyle = '#ffffff'
            ctx.fillRect(0, 0, drawn, drawn)
            ctx.fillStyle = '#000000'
            for (let row = 0; row < count; row++) {
              for (let col = 0; col < count; col++) {
                if (qr.modules.get(row, col)) ctx.fillRect(col * cell, row * cell, cell, cell)
              }
            }
            cb(null, canvas)
          },
        },
      },
    })
  }
}
