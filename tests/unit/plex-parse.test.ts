/** Body parsing: strict on the fields we rely on, lenient on Plex's boolean spellings, never echoing values. */
import { describe, expect, it } from 'vitest'
import { BadResponse } from '../../src/plex/errors.js'
import {
  flexibleBool,
  isServer,
  parseAccount,
  parseClaimToken,
  parseHome,
  parseJsonBody,
  parseLibrarySections,
  parsePin,
  parsePmsIdentity,
  parsePmsRoot,
  parseResources,
  parseSwitchedUser,
} from '../../src/plex/parse.js'
import { parseRetryAfter } from '../../src/plex/transport.js'

const SECRET = 'CV5xoxjTpFKUzBTShsaf'

function badResponse(fn: () => unknown): BadResponse {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(BadResponse)
    const err = e as BadResponse
    expect(err.detail).not.toContain(SECRET)
    expect(err.message).not.toContain(SECRET)
    return err
  }
  throw new Error('expected BadResponse')
}

const pin = { id: 1, code: 'ABCD', clientIdentifier: 'c', expiresIn: 900, createdAt: 'a', expiresAt: 'b', authToken: null, qr: 'q' }

describe('parseJsonBody', () => {
  it('parses JSON, rejects anything else', () => {
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 })
    expect(badResponse(() => parseJsonBody('')).detail).toBe('empty body')
    expect(badResponse(() => parseJsonBody('<html>')).detail).toBe('body is not JSON')
    expect(badResponse(() => parseJsonBody('{"authToken":"' + SECRET)).detail).toBe('body is not JSON')
  })
})

describe('flexibleBool', () => {
  it.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ['1', true],
    ['0', false],
    ['true', true],
    ['FALSE', false],
    [undefined, false],
    [null, false],
  ])('%j → %j', (input, expected) => {
    expect(flexibleBool(input, 'x')).toBe(expected)
  })
  it('rejects what it cannot read, naming the field', () => {
    expect(badResponse(() => flexibleBool({}, 'resources[0].owned')).detail).toBe('resources[0].owned is not a boolean')
    expect(badResponse(() => flexibleBool('yes', 'x')).detail).toBe('x is not a boolean')
  })
})

describe('parsePin', () => {
  it('keeps the fields we use', () => {
    expect(parsePin({ ...pin, authToken: SECRET, extra: 1 })).toEqual({ ...pin, authToken: SECRET })
    expect(parsePin({ ...pin, qr: undefined, authToken: '' })).toMatchObject({ qr: null, authToken: null })
  })
  it('names a missing or wrong-typed field, never the value', () => {
    expect(badResponse(() => parsePin({ ...pin, id: '1' })).detail).toBe('pin.id is missing or not an integer')
    expect(badResponse(() => parsePin({ ...pin, code: undefined })).detail).toBe('pin.code is missing or not a string')
    expect(badResponse(() => parsePin({ ...pin, authToken: { value: SECRET } })).detail).toBe('pin.authToken is not a string')
    expect(badResponse(() => parsePin([pin])).detail).toBe('pin is not an object')
  })
})

describe('account, home, switch', () => {
  it('parses the account with defaults for display-only fields', () => {
    expect(parseAccount({ id: 1, uuid: 'u', username: 'n', title: 't', authToken: SECRET })).toEqual({
      id: 1,
      uuid: 'u',
      username: 'n',
      title: 't',
      friendlyName: '',
      email: '',
      thumb: '',
      homeAdmin: false,
      homeSize: 0,
    })
    expect(badResponse(() => parseAccount({ id: 1, username: 'n', title: 't' })).detail).toBe('user.uuid is missing or not a string')
    // a managed user (after a Home switch) has username and email null
    expect(parseAccount({ id: 2, uuid: 'k', username: null, email: null, title: 'Kids' })).toMatchObject({ username: '', email: '' })
  })

  it('parses the Home with v1-style booleans and no users', () => {
    const home = parseHome({ id: 1, name: 'H', users: [{ id: 2, uuid: 'u2', title: 'Kids', admin: '0', restricted: '1', protected: 0 }] })
    expect(home.users[0]).toMatchObject({ admin: false, restricted: true, protected: false, username: null, restrictionProfile: null })
    expect(parseHome({ id: 1 }).users).toEqual([])
    expect(badResponse(() => parseHome({ id: 1, users: {} })).detail).toBe('home.users is not an array')
    expect(badResponse(() => parseHome({ id: 1, users: [{ id: 2, title: 'x' }] })).detail).toBe('home.users[0].uuid is missing or not a string')
  })

  it('needs the switched user token', () => {
    expect(parseSwitchedUser({ uuid: 'u', title: 't', authToken: SECRET, profile: {} })).toEqual({ uuid: 'u', title: 't', authToken: SECRET })
    expect(badResponse(() => parseSwitchedUser({ uuid: 'u', title: 't' })).detail).toBe('user.authToken is missing or not a string')
  })

  it('reads a claim token and rejects anything that is not one', () => {
    expect(parseClaimToken({ token: 'claim-xyz' })).toBe('claim-xyz')
    expect(badResponse(() => parseClaimToken({ token: SECRET })).detail).toBe('claim.token is not a claim token')
  })
})

describe('parseResources', () => {
  const server = {
    name: 'Den',
    clientIdentifier: 'm1',
    provides: 'server, ',
    owned: '1',
    accessToken: SECRET,
    ownerId: null,
    connections: [
      { protocol: 'https', address: '10.0.0.2', port: 32400, uri: 'https://10-0-0-2.h.plex.direct:32400', local: '1', relay: '0', IPv6: false },
      { protocol: 'ftp', address: 'x', port: 1, uri: 'ftp://x' },
      7,
    ],
  }
  it('skips non-object devices and unusable connections, splits provides', () => {
    const [r, ...rest] = parseResources([server, 42, null, { name: 'TV', clientIdentifier: 'c2', provides: 'player' }])
    expect(rest.map((x) => x.name)).toEqual(['TV'])
    expect(r!.provides).toEqual(['server'])
    expect(r!.owned).toBe(true)
    expect(r!.connections).toEqual([
      { protocol: 'https', address: '10.0.0.2', port: 32400, uri: 'https://10-0-0-2.h.plex.direct:32400', local: true, relay: false, IPv6: false },
    ])
    expect(isServer(r!)).toBe(true)
    expect(isServer(rest[0]!)).toBe(false)
  })
  it('names the broken field with its index', () => {
    expect(badResponse(() => parseResources({})).detail).toBe('resources is not an array')
    expect(badResponse(() => parseResources([1, { ...server, clientIdentifier: 5 }])).detail).toBe(
      'resources[1].clientIdentifier is missing or not a string',
    )
    expect(badResponse(() => parseResources([{ ...server, connections: [{ protocol: 'http', address: 'a', port: '32400', uri: 'u' }] }])).detail).toBe(
      'resources[0].connections[0].port is missing or not an integer',
    )
  })
})

describe('PMS bodies', () => {
  it('unwraps MediaContainer', () => {
    expect(parsePmsIdentity({ MediaContainer: { machineIdentifier: 'm', claimed: '0', version: '1.2' } })).toEqual({
      machineIdentifier: 'm',
      claimed: false,
      version: '1.2',
    })
    expect(parsePmsRoot({ MediaContainer: { machineIdentifier: 'm', friendlyName: 'Den', version: '1', myPlexUsername: '' } }).myPlexUsername).toBeNull()
    expect(parseLibrarySections({ MediaContainer: { Directory: [{ key: 3, type: 'artist', title: 'Music' }] } })).toEqual([
      { key: '3', type: 'artist', title: 'Music' },
    ])
    expect(badResponse(() => parsePmsIdentity({ MediaContainer: {} })).detail).toBe('MediaContainer.machineIdentifier is missing or not a string')
    expect(badResponse(() => parseLibrarySections({ MediaContainer: { Directory: [{ type: 'movie', title: 'M' }] } })).detail).toBe(
      'MediaContainer.Directory[0].key is missing',
    )
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z')
  it('reads seconds and HTTP-dates; null when absent or unreadable', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(null, now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
    expect(parseRetryAfter('-5', now)).toBeNull()
    expect(parseRetryAfter('1.5', now)).toBeNull()
    expect(parseRetryAfter('later', now)).toBeNull()
  })
})
