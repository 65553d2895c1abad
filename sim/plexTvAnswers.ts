/** The bodies plex.tv answers with (JSON shape; sim/xml.ts turns them into XML), built from the world. */
import { PNG } from 'pngjs'
import { homeFixture, type HomeUserFixture, type ServerFixture } from './fixtures.js'
import { iso } from './http.js'
import type { Principal, SimPin, SimWorld } from './world.js'

export function pinJson(world: SimWorld, p: SimPin, base: string) {
  const now = world.now()
  return {
    id: p.id,
    code: p.code,
    product: p.product,
    trusted: false,
    qr: `${base}/api/v2/pins/qr/${p.code}`,
    clientIdentifier: p.clientIdentifier,
    location: {
      code: 'US', european_union_member: false, continent_code: 'NA', country: 'United States', city: 'Austin',
      time_zone: 'America/Chicago', postal_code: '78732', in_privacy_restricted_country: false,
      in_privacy_restricted_region: false, subdivisions: 'Texas', coordinates: '30.3768, -97.8935',
    },
    // seconds REMAINING at response time (plex-api.md §2: the spec example shows 876 for a 900 s pin)
    expiresIn: Math.max(0, Math.round((p.expiresAt - now) / 1000)),
    // plex.tv's own clock: the configured skew moves these with the Date header (expiresIn does not move)
    createdAt: iso(p.createdAt + world.clockSkewSec * 1000),
    expiresAt: iso(p.expiresAt + world.clockSkewSec * 1000),
    authToken: p.authToken,
    newRegistration: null,
  }
}

/** Each includeX flag defaults to 0 (plex-api.md §7.1): https, relay and IPv6 links only when asked. */
export interface Include { https: boolean; relay: boolean; IPv6: boolean }

export function resourceJson(world: SimWorld, srv: ServerFixture, include: Include) {
  return {
    name: srv.name,
    product: 'Plex Media Server',
    productVersion: srv.productVersion,
    platform: srv.platform,
    platformVersion: srv.platformVersion,
    device: srv.device,
    clientIdentifier: srv.clientIdentifier,
    createdAt: '2023-03-14T09:26:53Z',
    lastSeenAt: iso(world.now() - srv.lastSeenDaysAgo * 86_400_000 - 60_000),
    provides: 'server',
    ownerId: srv.ownerId,
    sourceTitle: srv.sourceTitle,
    publicAddress: '203.0.113.7',
    accessToken: srv.accessToken,
    owned: srv.owned,
    home: false,
    synced: false,
    relay: srv.relay,
    presence: srv.presence,
    httpsRequired: srv.httpsRequired,
    publicAddressMatches: srv.publicAddressMatches,
    dnsRebindingProtection: false,
    natLoopbackSupported: false,
    // Loopback stands in for LAN, WAN, IPv6 and relay addresses: plex.direct names, TLS and IPv6 cannot
    // be simulated there, so every URI is http://127.0.0.N:PORT, one address per connection; the
    // protocol/local/relay/IPv6 flags keep the meaning the fixture gives them (a client ranks by them,
    // then talks plain http).
    connections: srv.connections
      .filter((c) => (include.https || c.protocol !== 'https') && (include.relay || !c.relay) && (include.IPv6 || !c.IPv6))
      .map((c) => {
        const e = world.endpoints.get(c.endpoint)!
        return { protocol: c.protocol, address: e.host, port: e.port, uri: e.uri, local: c.local, relay: c.relay, IPv6: c.IPv6 }
      }),
  }
}

/** A device of the owner that is not a server: clients filter resources by `provides` (plex-api.md §7.1). */
export const playerDevice = {
  name: "Alex's iPhone", product: 'Plex for iOS', productVersion: '8.30', platform: 'iOS', platformVersion: '18.1',
  device: 'iPhone', clientIdentifier: 'b7c1d2e3-iphone', createdAt: '2024-01-02T10:00:00Z', lastSeenAt: '2026-11-20T08:00:00Z',
  provides: 'client,player,pubsub-player', ownerId: null, sourceTitle: null, publicAddress: '203.0.113.7', accessToken: 'device-token-iphone-888',
  owned: true, home: false, synced: false, relay: false, presence: true, httpsRequired: false, publicAddressMatches: true,
  dnsRebindingProtection: false, natLoopbackSupported: false, connections: [],
}

export function homeUserJson(u: HomeUserFixture) {
  const { pin: _pin, token: _token, ...visible } = u
  return visible
}

/** GET /api/v2/home/users for the owner (the seeded Home, cut or grown), or a Home of one for anyone else. */
export function homeJson(world: SimWorld, principal: Principal) {
  if (principal.account === world.owner) return { ...homeFixture.home, users: world.currentHome().map(homeUserJson) }
  // An account without a Plex Home: a home of one (plex-api.md §12 leaves 404 vs one user open; we answer one user).
  const u = principal.account.user
  return {
    id: u.id, name: `${u.title}'s Home`, guestUserID: u.id + 1, guestUserUUID: 'a1b2c3d4e5f60719', guestEnabled: false, subscription: false,
    users: [{ id: u.id, uuid: u.uuid, title: u.title, username: u.username, email: u.email, friendlyName: u.friendlyName, thumb: u.thumb,
      hasPassword: true, restricted: false, updatedAt: 1600000000, restrictionProfile: null, admin: true, guest: false, protected: false }],
  }
}

/** GET /api/v2/user and the switch answer: the account, or the Home user switched to, with its token. */
export function userJson(p: Principal) {
  const u = p.homeUser
  if (!u || u.token === p.account.token) return { ...p.account.user, authToken: p.account.token }
  return {
    ...p.account.user,
    id: u.id, uuid: u.uuid, username: u.username ?? '', title: u.title, friendlyName: u.friendlyName, email: u.email ?? '',
    thumb: u.thumb, protected: u.protected, restricted: u.restricted, homeAdmin: u.admin, hasPassword: u.hasPassword,
    authToken: u.token,
  }
}

/**
 * The user object for an XML answer: the same fields, with `subscription.subscribedAt` written as plex.tv's
 * XML writes it, "2023-03-24 00:00:00 UTC" (python-plexapi tests/payloads.py ACCOUNT_XML; myplex.py parses it
 * with '%Y-%m-%d %H:%M:%S %Z'). joinedAt and rememberExpiresAt stay epoch seconds in both formats.
 */
export function userXml<T extends Record<string, unknown>>(user: T): T {
  const sub = user.subscription
  if (typeof sub !== 'object' || sub === null) return user
  const at = (sub as Record<string, unknown>).subscribedAt
  const subscribedAt = typeof at === 'string' ? at.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/, '$1 $2 UTC') : at
  return { ...user, subscription: { ...sub, subscribedAt } }
}

/** v1 GET /api/home/users: `<MediaContainer friendlyName="myPlex" …><User …/></MediaContainer>` (plex-api.md §8.1). */
export function v1HomeUsers(home: ReturnType<typeof homeJson>) {
  return {
    friendlyName: 'myPlex', identifier: 'com.plexapp.plugins.myplex', machineIdentifier: '',
    totalSize: home.users.length, size: home.users.length,
    users: home.users.map((u) => ({
      id: u.id, uuid: u.uuid, admin: u.admin, guest: u.guest, restricted: u.restricted, restrictionProfile: u.restrictionProfile ?? '',
      hasPassword: u.hasPassword, protected: u.protected, title: u.title, username: u.username ?? '', email: u.email ?? '', thumb: u.thumb,
    })),
  }
}

/** A 160×160 picture for a user id: two colours from the id, diagonal bands (recognisably not initials). */
export function avatarPng(id: string): Buffer {
  const size = 160
  const png = new PNG({ width: size, height: size })
  const hue = parseInt(id.slice(0, 6), 16)
  const a = [(hue >> 16) & 0xff, (hue >> 8) & 0xff, hue & 0xff]
  const b = a.map((c) => 255 - c)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = Math.floor((x + y) / 20) % 2 === 0 ? a : b
      const i = (y * size + x) * 4
      png.data[i] = c[0]!
      png.data[i + 1] = c[1]!
      png.data[i + 2] = c[2]!
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}
