import { Launch, type Lightning, type PlatformSettings, type AppData } from '@lightningjs/sdk'
import { baseKeyMap } from './platform/keys.js'
import { App } from './ui/App.js'

export default function (appSettings: Lightning.Application.Options, platformSettings: PlatformSettings, appData: AppData) {
  // Remote keys: Back arrives as Backspace, Escape, 10009 (Tizen) or 461 (webOS) — see platform/keys.ts.
  const keys = { ...baseKeyMap, ...(appSettings as { keys?: Record<number, string> }).keys }
  return Launch(App, { ...appSettings, keys } as Lightning.Application.Options, platformSettings, appData)
}
