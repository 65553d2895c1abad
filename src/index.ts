import './platform/polyfills.js' // first: what the target TV engines lack (README "Where it runs")
import { Launch, Utils, type Lightning, type PlatformSettings, type AppData } from '@lightningjs/sdk'
import { configFrom } from './platform/config.js'
import { chooseLanguage, loadLanguage, setLanguage, type LanguageCode } from './platform/i18n.js'
import { storageKeys } from './platform/storageKeys.js'
import { detectPlatform } from './platform/identity.js'
import { keyMapFor, registerPlatformKeys, remoteFamily } from './platform/keys.js'
import { loadFontsAtOnce } from './platform/fonts.js'
import { BrowserStore } from './platform/storage.js'
import { startHeadStart } from './headStart.js'
import { createSpeechAnnouncer } from './platform/speech.js'
import { App } from './ui/App.js'
import { colors } from './ui/theme.js'

export default function (appSettings: Lightning.Application.Options, platformSettings: PlatformSettings, appData: AppData) {
  // The language before the first screen is built: chosen on the TV, else settings, else the platform's.
  const config = configFrom((appSettings as { plex?: unknown }).plex)
  const chosen = new BrowserStore().get(storageKeys.language) ?? config.language
  const wanted = chooseLanguage(chosen, typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]))
  // before Lightning: the services (this TV's device key made or loaded) and, with no account, the first code's
  // request, so the round trip runs while Lightning and the fonts start (src/headStart.ts)
  const version = (appSettings as { version?: unknown }).version
  startHeadStart(config, { version: typeof version === 'string' ? version : '0.0.0', announcer: createSpeechAnnouncer(wanted) }, wanted)
  // Remote keys for this platform (see platform/keys.ts); settings may add or override codes.
  const family = remoteFamily(detectPlatform(typeof navigator === 'undefined' ? '' : navigator.userAgent))
  registerPlatformKeys(window)
  const keys = { ...keyMapFor(family), ...(appSettings as { keys?: Record<number, string> }).keys }
  // the SDK builds the app once this resolves: the fonts, and the language's file fetched alongside them
  const platform: AwaitedFontsPlatform = {
    ...platformSettings,
    fontLoader: (fonts, store) => Promise.all([loadFontsAtOnce(fonts, store), languageReady(wanted)]).then(() => undefined),
  }
  // the screens' background (see screenBackdrop), whatever stage options the settings bring
  const stage = { clearColor: colors.background, ...(appSettings as { stage?: object }).stage }
  return Launch(App, { ...appSettings, stage, keys }, platform, appData)
}

/**
 * The SDK waits for what `fontLoader` returns before it builds the app (`loadFonts(…).then` in its
 * Application/index.js), though its index.d.ts declares the loader `void`: ours returns that promise.
 */
interface AwaitedFontsPlatform extends Omit<PlatformSettings, 'fontLoader'> {
  fontLoader(fonts: Parameters<typeof loadFontsAtOnce>[0], store: FontFace[]): Promise<void>
}

/**
 * German and Arabic are files (static/i18n), fetched when chosen; English is built in. Never rejects: a file
 * that cannot be read starts the app in English (the choice stays stored, and the menu can try again).
 */
function languageReady(code: LanguageCode): Promise<void> {
  return loadLanguage(code, (path) => Utils.asset(path)).then(
    () => setLanguage(code),
    () => setLanguage('en'),
  )
}
