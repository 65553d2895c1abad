import { Launch, type Lightning, type PlatformSettings, type AppData } from '@lightningjs/sdk'
import { configFrom } from './platform/config.js'
import { chooseLanguage, LANGUAGE_KEY, setLanguage } from './platform/i18n.js'
import { baseKeyMap } from './platform/keys.js'
import { BrowserStore } from './platform/storage.js'
import { App } from './ui/App.js'

export default function (appSettings: Lightning.Application.Options, platformSettings: PlatformSettings, appData: AppData) {
  // Remote keys: Back arrives as Backspace, Escape, 10009 (Tizen) or 461 (webOS) — see platform/keys.ts.
  // The language before the first screen is built: chosen on the TV, else settings, else the platform's.
  const config = configFrom((appSettings as { plex?: unknown }).plex)
  const chosen = new BrowserStore().get(LANGUAGE_KEY) ?? config.language
  setLanguage(chooseLanguage(chosen, typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]))
  const keys = { ...baseKeyMap, ...(appSettings as { keys?: Record<number, string> }).keys }
  return Launch(App, { ...appSettings, keys } as Lightning.Application.Options, platformSettings, appData)
}
