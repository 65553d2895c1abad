/**
 * The job floor for time to code (issue 15 item 1): the smallest Lightning app that does the job — it
 * POSTs a pin to plex.tv (the simulator, from the same inlined settings as the app) and draws the 4
 * characters and a QR code of the link page with that code, in the app's fonts (all three loaded at once,
 * as the app does), built by the same `dist:es6` script. Its element names (`Screens`, `Code`, `Qr`,
 * `Modules`) are the ones bench/probe.js looks for, so both are timed by the same rule. No state machine,
 * no retry, no storage: nothing here is shippable, it is the yardstick.
 */
import { Launch, Lightning, Utils, type AppData, type PlatformSettings } from '@lightningjs/sdk'
import QRCode from 'qrcode'

interface PlexSettings {
  plexTvUrl: string
  linkPageUrl: string
}

let plex: PlexSettings = { plexTvUrl: 'https://plex.tv', linkPageUrl: 'https://plex.tv/link' }

/** POST /api/v2/pins (plex-api.md §3.1): the 4-character code of a new, non-strong pin. */
async function newPin(): Promise<string> {
  const answer = await fetch(`${plex.plexTvUrl}/api/v2/pins`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'X-Plex-Product': 'PlexLink Floor', 'X-Plex-Client-Identifier': 'bench-floor-job' },
  })
  const pin = (await answer.json()) as { code?: unknown }
  if (typeof pin.code !== 'string') throw new Error('no code')
  return pin.code
}

class CodeScreen extends Lightning.Component {
  static override _template() {
    return {
      Code: { x: 200, y: 420, text: { text: '', fontFace: 'Mono', fontSize: 168, textColor: 0xffffffff } },
      Qr: { x: 1240, y: 300, w: 480, h: 480, rect: true, color: 0xffffffff, Modules: {} },
    }
  }

  show(code: string): void {
    this.tag('Code').text.text = code
    const qr = QRCode.create(`${plex.linkPageUrl.replace(/\/+$/, '')}/?pin=${encodeURIComponent(code)}`, { errorCorrectionLevel: 'M' })
    const count = qr.modules.size
    const cell = Math.floor(480 / (count + 8))
    const drawn = cell * count
    const offset = Math.floor((480 - drawn) / 2)
    ;(this.tag('Qr.Modules') as Lightning.Element).patch({
      x: offset,
      y: offset,
      w: drawn,
      h: drawn,
      texture: {
        type: Lightning.textures.StaticCanvasTexture,
        content: {
          lookupId: `qr:${code}`,
          factory: (cb: (err: null, canvas: HTMLCanvasElement) => void, stage: Lightning.Stage) => {
            const canvas = stage.platform.getDrawingCanvas()
            canvas.width = drawn
            canvas.height = drawn
            const ctx = canvas.getContext('2d')!
            ctx.fillStyle = '#000000'
            for (let row = 0; row < count; row++) for (let col = 0; col < count; col++) if (qr.modules.get(row, col)) ctx.fillRect(col * cell, row * cell, cell, cell)
            cb(null, canvas)
          },
        },
      },
    })
  }
}

class Floor extends Lightning.Component {
  static getFonts() {
    return [
      { family: 'Regular', url: Utils.asset('fonts/roboto-latin-400-normal.woff') as string },
      { family: 'Bold', url: Utils.asset('fonts/roboto-latin-700-normal.woff') as string },
      { family: 'Mono', url: Utils.asset('fonts/roboto-mono-latin-700-normal.woff') as string },
    ]
  }

  static override _template() {
    return { w: 1920, h: 1080, Screens: { Link: { type: CodeScreen } } }
  }

  override _init(): void {
    void newPin().then((code) => (this.tag('Screens.Link') as CodeScreen).show(code))
  }
}

/** The app's font loader (src/platform/fonts.ts): every font asked for at once. */
function loadFontsAtOnce(fonts: readonly { family: string; url: string }[], store: FontFace[]): Promise<void> {
  return Promise.all(
    fonts.map(({ family, url }) => {
      const face = new FontFace(family, `url(${url})`)
      store.push(face)
      document.fonts.add(face)
      return face.load()
    }),
  ).then(() => undefined)
}

export default function (appSettings: Lightning.Application.Options, platformSettings: PlatformSettings, appData: AppData) {
  plex = { ...plex, ...((appSettings as { plex?: Partial<PlexSettings> }).plex ?? {}) }
  return Launch(Floor, { ...appSettings, stage: { clearColor: 0xff101418, ...(appSettings as { stage?: object }).stage } } as Lightning.Application.Options, { ...platformSettings, fontLoader: loadFontsAtOnce } as PlatformSettings, appData)
}
