/**
 * The time-to-code floor: a blank Lightning app built exactly like PlexLink TV (same CLI, bundler,
 * settings and stage options) that draws one text of the link code's size. Nothing can show a code
 * sooner than this app shows its text, so the app's time to code is reported as a ratio to it.
 */
import { Launch, Lightning, type AppData, type PlatformSettings } from '@lightningjs/sdk'

class Floor extends Lightning.Component {
  static override _template() {
    return {
      w: 1920,
      h: 1080,
      Code: { x: 960, y: 540, mount: 0.5, text: { text: 'ABCD', fontSize: 168, textColor: 0xffffffff } },
    }
  }
}

export default function (appSettings: Lightning.Application.Options, platformSettings: PlatformSettings, appData: AppData) {
  return Launch(Floor, appSettings, platformSettings, appData)
}
