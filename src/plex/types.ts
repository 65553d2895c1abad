/** Typed values parsed from plex.tv and Plex Media Server answers (field names as in plex-api.md). */

/** Who this device is, sent as X-Plex-* headers on every call (plex-api.md §1). */
export interface DeviceIdentity {
  clientIdentifier: string
  product: string
  version: string
  platform: string
  platformVersion: string
  device: string
  deviceName: string
  model?: string
}

/** A linking pin (plex-api.md §2, §3). */
export interface Pin {
  id: number
  code: string
  clientIdentifier: string
  /** Seconds left at the moment the answer was produced. */
  expiresIn: number
  createdAt: string
  expiresAt: string
  authToken: string | null
  qr: string | null
}

/** The signed-in account, GET /api/v2/user (plex-api.md §6). */
export interface PlexAccount {
  id: number
  uuid: string
  username: string
  title: string
  friendlyName: string
  email: string
  thumb: string
  homeAdmin: boolean
  homeSize: number
}

/** A Plex Home member, GET /api/v2/home/users (plex-api.md §8.1). */
export interface HomeUser {
  id: number
  uuid: string
  title: string
  username: string | null
  thumb: string
  admin: boolean
  guest: boolean
  /** managed (restricted) user */
  restricted: boolean
  restrictionProfile: string | null
  /** a PIN is required to switch to this user */
  protected: boolean
}

export interface Home {
  id: number
  name: string
  users: HomeUser[]
}

/** The answer to a Home user switch: the new user's token plus who they are. */
export interface SwitchedUser {
  uuid: string
  title: string
  authToken: string
}

/** One connection of a resource (plex-api.md §7.1). */
export interface Connection {
  protocol: 'http' | 'https'
  address: string
  port: number
  uri: string
  local: boolean
  relay: boolean
  IPv6: boolean
}

/** A device from GET /api/v2/resources (servers are those whose provides include "server"). */
export interface Resource {
  name: string
  product: string
  productVersion: string
  platform: string | null
  clientIdentifier: string
  provides: string[]
  owned: boolean
  home: boolean
  presence: boolean
  relay: boolean
  httpsRequired: boolean
  publicAddressMatches: boolean
  sourceTitle: string | null
  ownerId: number | null
  /** token to use against this server; for shared servers it differs from the account token */
  accessToken: string | null
  createdAt: string
  lastSeenAt: string
  connections: Connection[]
}

/** PMS GET /identity (no token needed, plex-api.md §11). */
export interface PmsIdentity {
  machineIdentifier: string
  claimed: boolean
  version: string
}

/** PMS GET / (token): the capabilities we read. */
export interface PmsRoot {
  machineIdentifier: string
  friendlyName: string
  version: string
  myPlexUsername: string | null
}

/** PMS GET /library/sections: one library. */
export interface LibrarySection {
  key: string
  type: string
  title: string
}
