/**
 * The app's configuration, read once from settings.json (`appSettings.plex`). Defaults are the
 * real plex.tv; the demo, tests and benchmarks serve a settings.json that points at the simulator.
 */
export interface AppConfig {
  /** Account API base: pins, user, resources, claim (plex-api.md §0). */
  plexTvUrl: string
  /** clients.plex.tv: same API; Plex Home calls are documented there (§8). */
  clientsUrl: string
  /** The page a person opens to enter the code; the QR encodes `${linkPageUrl}/?pin=CODE` (§5). */
  linkPageUrl: string
  /** What the screen says to type, e.g. "plex.tv/link". */
  shortLinkText: string
  product: string
  /** X-Plex-Device-Name; empty means "pick a recognisable default for this platform". */
  deviceName: string
  requestTimeoutMs: number
  /** Announce the code and "linked as NAME" with the Web Speech API. */
  speech: boolean
  /** Local Plex Media Server to offer for claiming (Raspberry Pi running its own server). */
  localServerUrl: string
  /**
   * Put the account token into the `plexlink:ready` event and message for a host app (see README, "Host
   * apps"). Off by default: a host must opt in to receive a secret.
   */
  shareTokenWithHost: boolean
  /**
   * The origin of a host page that frames the app ("https://launcher.example"): `plexlink:ready` and
   * `plexlink:signedout` are posted to that parent origin only. Empty (the default): nothing is posted to
   * a parent; the same-window events still fire.
   */
  hostOrigin: string
  /** "en", "de" or "ar"; empty follows the platform's language (English when it is none of these). */
  language: string
  /**
   * Query parameters appended to every plex.tv and clients.plex.tv request, e.g.
   * `{"X-Plex-Features": "external-media", "X-Plex-Product": "Plex Web"}` so the calls look like another
   * client's (plex.tv reads any X-Plex-* value from the query too, plex-api.md §0). A call's own parameters
   * win over these; `X-Plex-Token` is never accepted here (tokens travel only in the header).
   */
  plexTvQuery: Record<string, string>
  /**
   * A same-origin proxy for Plex Media Server calls, e.g. "/pms-proxy/" (the kiosk's local server serves
   * one): each call goes to `${pmsProxyUrl}${encodeURIComponent(serverUri + path)}` on the app's own
   * origin, so a server whose CORS answer admits only app.plex.tv can still be used. Empty: direct calls.
   */
  pmsProxyUrl: string
  /**
   * How this TV signs in to plex.tv (plex-api.md §9): "jwt" links with a device key and holds a Plex JWT
   * refreshed by itself, "legacy" holds a legacy token, "auto" (the default) uses the key wherever the engine
   * can make one and a legacy token elsewhere. A TV signed in with a legacy token moves to a JWT at start unless
   * this is "legacy".
   */
  auth: AuthSetting
}

export type AuthSetting = 'jwt' | 'legacy' | 'auto'
const AUTH_SETTINGS: readonly string[] = ['jwt', 'legacy', 'auto']

export const defaultConfig: AppConfig = {
  plexTvUrl: 'https://plex.tv',
  clientsUrl: 'https://clients.plex.tv',
  linkPageUrl: 'https://plex.tv/link',
  shortLinkText: 'plex.tv/link',
  product: 'PlexLink TV',
  deviceName: '',
  requestTimeoutMs: 10000,
  speech: true,
  localServerUrl: 'http://127.0.0.1:32400',
  shareTokenWithHost: false,
  hostOrigin: '',
  language: '',
  plexTvQuery: {},
  pmsProxyUrl: '',
  auth: 'auto',
}

/** Merges what settings.json has over the defaults, ignoring values of the wrong type. */
export function configFrom(raw: unknown): AppConfig {
  const out: AppConfig = { ...defaultConfig }
  if (typeof raw !== 'object' || raw === null) return out
  const source = raw as Record<string, unknown>
  for (const key of Object.keys(defaultConfig) as (keyof AppConfig)[]) {
    const value = source[key]
    if (value !== undefined && typeof value === typeof defaultConfig[key]) {
      Object.assign(out, { [key]: value }) // same type as the default, checked above
    }
  }
  out.plexTvQuery = queryParams(source.plexTvQuery)
  if (!AUTH_SETTINGS.includes(out.auth)) out.auth = defaultConfig.auth
  return out
}

/** `plexTvQuery` from settings: string values only, never a token. */
export function queryParams(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string' && name !== '' && name.toLowerCase() !== 'x-plex-token') out[name] = value
  }
  return out
}

/** The URL the QR code encodes: the link page with the code filled in (plex-api.md §5). */
export function prefilledLinkUrl(config: AppConfig, code: string): string {
  return `${config.linkPageUrl.replace(/\/+$/, '')}/?pin=${encodeURIComponent(code)}`
}
