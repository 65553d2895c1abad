/**
 * What the bundle starts before Lightning (issue 15, "start the round trip at once"): the services, and on a
 * TV with no account the link flow, so the first code's POST /api/v2/pins is on the wire while Lightning, the
 * fonts and the first screen start, and a pin kept from an earlier run (reload, suspend, crash) is in the
 * flow's state before the link screen's first frame. The app takes both once (`takeHeadStart`); the one who
 * takes the link flow owns it from then on (LinkController ends it with its screen).
 */
import { LinkCodeSession } from './flows/link/session.js'
import { hasStoredToken } from './flows/startup/startup.js'
import type { AppConfig } from './platform/config.js'
import type { LanguageCode } from './platform/i18n.js'
import { createServices, type ServiceOptions, type Services } from './services.js'

export interface HeadStart {
  services: Services
  /** The link flow, started; null when a token is stored (startup checks it first). */
  link: LinkCodeSession | null
  /** The language the services' voice speaks (the one wanted at start; its file may yet fail to load). */
  spokenIn: LanguageCode
}

let started: HeadStart | null = null

export function startHeadStart(config: AppConfig, options: ServiceOptions, spokenIn: LanguageCode): HeadStart {
  const services = createServices(config, options)
  const { plexTv, clock, store, pacer, visibility } = services
  const link = hasStoredToken(store) ? null : new LinkCodeSession({ client: plexTv, clock, store, pacer, visibility })
  link?.start()
  started = { services, link, spokenIn }
  return started
}

/** The head start, once: the app that takes it owns its link flow. */
export function takeHeadStart(): HeadStart | null {
  const taken = started
  started = null
  return taken
}
