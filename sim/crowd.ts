/**
 * A crowded world for screenshots and benchmarks: the owner's Plex Home and server list grown (or cut) to
 * a chosen size. The seeded users and servers come first, then generated ones with long, accented and
 * non-Latin names, shared and offline servers among them, so layouts are tried where they break.
 */
import type { HomeUserFixture, ServerFixture } from './fixtures.js'

const USER_NAMES = [
  'Großmutter Hildegard von Hohenzollern-Sigmaringen', 'Олександра', 'محمد', 'Zoë', 'Kai', 'Benedikt Maximilian Sebastian',
  'Lucía', '健太', 'Priya', 'Søren', 'Ngozi', 'Ελένη', 'Tomás', 'Aarav', 'Chloé', 'Mateusz', 'Yuki', 'Oluwaseun',
  'Ingrid', 'Dmitri', 'Fatima', 'Liam', 'Ana-Maria', 'Hiroshi', 'Élodie', 'Björn', 'Noa', 'Rafael', 'Siobhán', 'Wei',
]

/** Names for the servers after the first round: short, so the numbers that tell them apart stay visible. */
const MORE_SERVER_NAMES = ['NAS', 'Garage', 'Attic', 'Den', 'Loft', 'Lab', 'Barn', 'Dock']

const SERVER_NAMES = [
  'Dachboden-Server im Haus am See mit sehr langem Namen', '東京のメディアサーバー', 'Сервер на даче', 'خادم العائلة',
  'NAS', 'Garage', 'Office Synology DS920+', 'Ferienwohnung', 'Studio', 'Kids Room', 'Shed', 'Media Closet',
]

export function crowdUsers(count: number): HomeUserFixture[] {
  return Array.from({ length: count }, (_, i) => {
    const uuid = `c0ffee${String(i).padStart(10, '0')}`
    const title = USER_NAMES[i % USER_NAMES.length]! + (i >= USER_NAMES.length ? ` ${Math.floor(i / USER_NAMES.length) + 1}` : '')
    return {
      id: 70_000_000 + i, uuid, title, username: null, email: null, friendlyName: '',
      // no picture for every third one: the tile falls back to initials
      thumb: i % 3 === 0 ? '' : `https://plex.tv/users/${uuid}/avatar?c=${1_700_000_000 + i}`,
      hasPassword: false, restricted: i % 4 === 1, updatedAt: 1_700_000_000 + i,
      restrictionProfile: i % 4 === 1 ? 'older_kid' : null, admin: false, guest: false, protected: i % 5 === 2,
      pin: i % 5 === 2 ? '0000' : null, token: `crowd-token-${uuid}`,
    }
  })
}

export function crowdServers(count: number): ServerFixture[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `c0ffee${String(i).padStart(26, '0')}`
    const shared = i % 5 === 3
    const offline = i % 7 === 6
    const relayOnly = i % 9 === 4
    return {
      name: i < SERVER_NAMES.length ? SERVER_NAMES[i]! : `${MORE_SERVER_NAMES[i % MORE_SERVER_NAMES.length]} ${i + 1}`,
      clientIdentifier: id, owned: !shared, presence: !offline, relay: true, accessToken: `pms-token-crowd-${i}`,
      sourceTitle: shared ? 'Großmutter Hildegard' : null, ownerId: shared ? 9_912_100 + i : null,
      productVersion: '1.41.6.9685-d301f511a', platform: 'Linux', platformVersion: '6.1', device: 'PC',
      lastSeenDaysAgo: offline ? 1 + (i % 12) : 0, httpsRequired: false, publicAddressMatches: true,
      connections: [
        { endpoint: `crowd-${i}`, protocol: relayOnly ? 'https' : 'http', IPv6: false, local: !relayOnly, relay: relayOnly, latencyMs: 4 + ((i * 7) % 40), mode: offline ? 'refuse' : 'ok' },
      ],
    }
  })
}
