/**
 * The download floor: Lightning core + SDK + axios + qrcode and nothing of PlexLink TV, built with the
 * same `lng dist`. What the app ships beyond this is the app's own weight. The libraries are used (not
 * just imported) so the bundler keeps what an app that calls them must ship.
 */
import { Launch, Lightning, type AppData, type PlatformSettings } from '@lightningjs/sdk'
import axios from 'axios'
import QRCode from 'qrcode'

class Floor extends Lightning.Component {
  static override _template() {
    return { Code: { text: { text: QRCode.create('ABCD').version.toString() } } }
  }

  override _init(): void {
    void axios.create({ baseURL: '/' }).get('settings.json')
  }
}

export default function (appSettings: Lightning.Application.Options, platformSettings: PlatformSettings, appData: AppData) {
  return Launch(Floor, appSettings, platformSettings, appData)
}
