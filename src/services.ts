/**
 * The composition root: builds the wire clients, storage, clock and speech from the configuration.
 * Views receive these; nothing else constructs a client.
 */
import { ErrorLog } from './flows/diagnostics/errorLog.js'
import { language } from './platform/i18n.js'
import { storedDeviceName } from './flows/deviceName/deviceName.js'
import { storageKeys } from './platform/storageKeys.js'
import { Pacer } from './flows/kernel/pacer.js'
import type { PageVisibility } from './flows/kernel/visibility.js'
import type { PlexTvApi, PmsApi } from './plex/api.js'
import { createPlexTvClient, type PlexTvClientOptions } from './plex/plexTvClient.js'
import { createPmsClient } from './plex/pmsClient.js'
import type { DeviceIdentity } from './plex/types.js'
import { systemClock, type Clock } from './flows/kernel/clock.js'
import type { AppConfig } from './platform/config.js'
import { defaultDeviceIdentity, loadOrCreateClientIdentifier } from './platform/identity.js'
import { createSpeechAnnouncer, Voice, type Announcer } from './platform/speech.js'
import { BrowserStore, type KeyValueStore } from './platform/storage.js'
import { documentVisibility } from './platform/visibility.js'
import { AccountCredential, keyedPlexTv } from './flows/jwt/account.js'
import { afterSignOut, linksWithKey } from './flows/jwt/linkProof.js'
import type { SignOutReason } from './flows/jwt/tokenLifecycle.js'
import { createPlexJwtClient, type DeviceSigner } from './plex/jwt.js'
import { browserDeviceKeyEnv, forgetDeviceKey, startDeviceKey } from './platform/deviceKey.js'

export interface Services {
  config: AppConfig
  store: KeyValueStore
  clock: Clock
  identity: DeviceIdentity
  plexTv: PlexTvApi
  pms: PmsApi
  /** The one voice: outlives screens, so an announcement is not cut off by a screen change. */
  voice: Voice
  /** Recent faults for the diagnostics screen (no secrets). */
  errors: ErrorLog
  /** One for the whole app: ≤ 1 request/s per resource and a 429's hold, across every flow. */
  pacer: Pacer
  /** Every flow sends nothing while the page is hidden. */
  visibility: PageVisibility
  /** The account credential: a Plex JWT refreshed by itself, or a legacy token (flows/jwt/account.ts). */
  account?: AccountCredential
}

export interface ServiceOptions {
  version: string
  store?: KeyValueStore
  clock?: Clock
  announcer?: Announcer
  visibility?: PageVisibility
  /** This TV's device key; by default the browser's (WebCrypto in IndexedDB, else a seed in `store`). */
  deviceKey?: Promise<DeviceSigner | null>
}

/** Where a user's picture may come from besides plex.tv's own hosts (src/plex/inputs.ts `pictureAllowed`). */
export function pictureBases(config: Pick<AppConfig, 'plexTvUrl' | 'clientsUrl'>): string[] {
  return [config.plexTvUrl, config.clientsUrl]
}

/**
 * plex.tv serves the account API on plex.tv and clients.plex.tv alike (plex-api.md §0); Plex Home
 * calls are documented on clients.plex.tv (§8), so those go there and the rest to plex.tv. One axios
 * instance per base URL.
 */
function accountApi(config: AppConfig, identity: DeviceIdentity, wire: Pick<PlexTvClientOptions, 'onRejectedUris'>): PlexTvApi {
  // pictures may come from plex.tv's own hosts or either configured base (src/plex/inputs.ts)
  const common = {
    identity,
    timeoutMs: config.requestTimeoutMs,
    pictureBases: pictureBases(config),
    extraQuery: config.plexTvQuery,
    ...wire,
  }
  const main = createPlexTvClient({ baseUrl: config.plexTvUrl, ...common })
  if (config.clientsUrl === config.plexTvUrl) return main
  const clients = createPlexTvClient({ baseUrl: config.clientsUrl, ...common })
  return {
    identity,
    createPin: (o) => main.createPin(o),
    getPin: (id, o) => main.getPin(id, o),
    linkPin: (code, token, o) => main.linkPin(code, token, o),
    getUser: (token, o) => main.getUser(token, o),
    getResources: (token, o) => main.getResources(token, o),
    getHomeUsers: (token, o) => clients.getHomeUsers(token, o),
    switchHomeUser: (token, uuid, pin, o) => clients.switchHomeUser(token, uuid, pin, o),
    getClaimToken: (token, o) => main.getClaimToken(token, o),
    ping: (o) => main.ping(o),
  }
}

/**
 * The name typed on the TV (menu → Device name), in use at once: kept on the TV and sent as
 * X-Plex-Device-Name from the next request on (every client reads the identity per request), with no
 * restart, so the session, a Home user's PIN and the tested servers stay as they are.
 */
export function renameDevice(services: Pick<Services, 'identity' | 'store'>, name: string): void {
  services.store.set(storageKeys.deviceName, name)
  services.identity.deviceName = name
}

export function createServices(config: AppConfig, options: ServiceOptions): Services {
  const store = options.store ?? new BrowserStore()
  const identity = defaultDeviceIdentity({
    product: config.product,
    version: options.version,
    clientIdentifier: loadOrCreateClientIdentifier(store),
    // typed on the TV (menu → Device name) wins over settings, which win over the platform's default
    deviceName: storedDeviceName(store) ?? config.deviceName,
  })
  const clock = options.clock ?? systemClock
  const errors = new ErrorLog()
  // connection URIs that are not http:/https: are dropped by the wire layer and counted here (Diagnostics)
  const onRejectedUris = (count: number) =>
    errors.record({ at: clock.now(), request: 'getResources', fault: `dropped ${count} non-http connection URI${count === 1 ? '' : 's'}`, status: null })
  const pacer = new Pacer()
  const visibility = options.visibility ?? documentVisibility()
  const plain = accountApi(config, identity, { onRejectedUris })
  // the JWT endpoints are documented on clients.plex.tv (plex-api.md §9)
  const jwtApi = createPlexJwtClient({ baseUrl: config.clientsUrl, identity, timeoutMs: config.requestTimeoutMs, extraQuery: config.plexTvQuery })
  const account = new AccountCredential({ api: jwtApi, store, clientIdentifier: identity.clientIdentifier, clock, pacer, visibility })
  let plexTv = plain
  if (config.auth !== 'legacy') {
    const starting = options.deviceKey ? { made: options.deviceKey, kept: options.deviceKey } : startDeviceKey(browserDeviceKeyEnv(store, () => clock.now()))
    // "jwt" on an engine that cannot make a key links with a legacy token rather than not at all
    const usable = (k: DeviceSigner | null) => (k !== null && linksWithKey(config.auth, true) ? k : null)
    const key = starting.kept.catch(() => null).then(usable)
    const pinKey = starting.made.catch(() => null).then(usable)
    plexTv = keyedPlexTv({ plain, jwtApi, account, key, pinKey, clock, store })
    void key.then((k) => {
      if (k !== null) account.start(k, true)
    })
  }
  return {
    config,
    store,
    clock,
    identity,
    plexTv,
    pms: createPmsClient({ identity, proxyUrl: config.pmsProxyUrl }),
    // always the real voice: `speech` in settings is only the default of the menu's on/off, which callers check
    voice: new Voice(options.announcer ?? createSpeechAnnouncer(language())),
    errors,
    pacer,
    visibility,
    account,
  }
}

/**
 * After a sign-out, what goes besides the account (flows/jwt/linkProof.ts afterSignOut): a TV that stood at
 * plex.tv as a keyed device — a Plex JWT, or its key registered — links again as a new device, with a new key
 * pair and a new client identifier (plex.tv refuses to link an identifier that already had a JWT, §9). `usedKey`
 * is `account.usesKey()` read before the account was forgotten. The token flow is stopped first; resolves once
 * the old key is gone, so services made after it create the new ones. True when the device was renewed.
 */
export async function renewDevice(services: Services, reason: SignOutReason | 'menu', usedKey: boolean): Promise<boolean> {
  services.account?.stop()
  const plan = afterSignOut(reason, usedKey)
  if (plan.newClientIdentifier) services.store.remove(storageKeys.clientIdentifier)
  if (plan.forgetKey) await forgetDeviceKey(browserDeviceKeyEnv(services.store))
  return plan.forgetKey || plan.newClientIdentifier
}
