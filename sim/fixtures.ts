/**
 * The seeded world (sim/fixtures/*.json, shaped like real answers) and its types: shared by the simulator
 * and the unit tests so both stay honest.
 */
import { readFileSync } from 'node:fs'
import type { EndpointMode, PmsServerState } from './pms.js'

export type AccountKey = string

export interface AccountFixture {
  key: string
  token: string
  user: { id: number; uuid: string; title: string; email: string; username: string; friendlyName: string } & Record<string, unknown>
}

export interface HomeUserFixture {
  id: number
  uuid: string
  title: string
  username: string | null
  email: string | null
  friendlyName: string
  thumb: string
  hasPassword: boolean
  restricted: boolean
  updatedAt: number
  restrictionProfile: string | null
  admin: boolean
  guest: boolean
  protected: boolean
  /** The Home PIN; it exists only here, in the simulator. */
  pin: string | null
  /** The token plex.tv hands out when switching to this user. */
  token: string
}

export interface ConnectionFixture {
  endpoint: string
  /** What plex.tv reports; the fake PMS itself always speaks plain http on loopback. */
  protocol: 'http' | 'https'
  IPv6: boolean
  local: boolean
  relay: boolean
  latencyMs: number
  mode: EndpointMode
}

export interface ServerFixture {
  name: string
  clientIdentifier: string
  owned: boolean
  presence: boolean
  relay: boolean
  accessToken: string
  sourceTitle: string | null
  ownerId: number | null
  productVersion: string
  platform: string
  platformVersion: string
  device: string
  lastSeenDaysAgo: number
  httpsRequired: boolean
  publicAddressMatches: boolean
  connections: ConnectionFixture[]
}

export interface ServersFixture {
  servers: ServerFixture[]
  singleAccountServers: ServerFixture[]
  unclaimed: { name: string; clientIdentifier: string; productVersion: string; platform: string; platformVersion: string; device: string; endpoint: string }
  libraries: PmsServerState['libraries']
}

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T

/** The seeded world, shared with unit tests (sim/fixtures/*.json, shaped like real answers). */
export const accountsFixture = fixture<{ accounts: AccountFixture[] }>('accounts.json')
export const homeFixture = fixture<{ home: Record<string, unknown>; users: HomeUserFixture[] }>('home.json')
export const serversFixture = fixture<ServersFixture>('servers.json')

export interface SimFixtures {
  /** `owner` (with the Plex Home) and `single` (no Home): key, token, and the §6 user object. */
  accounts: AccountFixture[]
  /** The owner's Plex Home: home fields, and users with their PIN and switch token. */
  home: typeof homeFixture
  servers: ServersFixture
}
