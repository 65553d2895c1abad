import { Lightning, Utils } from '@lightningjs/sdk'

interface AppSpec extends Lightning.Component.TemplateSpec {
  Title: object
}

export class App extends Lightning.Component<AppSpec> implements Lightning.Component.ImplementTemplateSpec<AppSpec> {
  static override _template(): Lightning.Component.Template<AppSpec> {
    return {
      w: 1920,
      h: 1080,
      Title: { x: 960, y: 540, mount: 0.5, text: { text: 'PlexLink TV', fontFace: 'Bold', fontSize: 96 } },
    }
  }

  static getFonts() {
    return [
      { family: 'Regular', url: Utils.asset('fonts/roboto-latin-400-normal.woff') as string },
      { family: 'Bold', url: Utils.asset('fonts/roboto-latin-700-normal.woff') as string },
      { family: 'Mono', url: Utils.asset('fonts/roboto-mono-latin-700-normal.woff') as string },
    ]
  }
}
