/**
 * A server that answers /identity but whose token call fails in transit — in a browser, its CORS answer
 * refusing this app's origin — is told apart from a server that does not answer, and the row says so.
 * Real sockets: the fake PMS drops the connection of the token call, as a browser's CORS check surfaces it
 * (a network error with no status).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { raceConnections } from '../../src/flows/servers/race.js'
import { systemClock } from '../../src/flows/kernel/clock.js'
import { parseResources } from '../../src/plex/parse.js'
import { createPmsClient } from '../../src/plex/pmsClient.js'
import { serverRowSpec } from '../../src/ui/pickerWords.js'
import { json, startTinyServer, type TinyServer } from '../support/tinyHttp.js'

const MID = 'c1d2e3f4a5b6478899aabbccddeeff00'
let pms: TinyServer
beforeAll(async () => {
  pms = await startTinyServer()
  pms.handle((req, res) => {
    if (req.url === '/identity') return json(res, 200, { MediaContainer: { size: 0, claimed: true, machineIdentifier: MID, version: '1.41' } })
    req.socket.destroy()
  })
})
afterAll(() => pms.close())

describe('a blocked token call', () => {
  it("is 'blocked', not 'refused', and the row says the server answers but lets only Plex's own apps in", async () => {
    const [grandma] = parseResources([{
      name: "Grandma's Plex", clientIdentifier: MID, provides: 'server', owned: false, sourceTitle: 'Grandma Rose', presence: true, accessToken: 'shared-token-AAAAAAAA',
      connections: [{ protocol: 'http', address: '127.0.0.1', port: 1, uri: pms.url, local: false, relay: false, IPv6: false }],
    }])
    const result = await raceConnections(grandma!, createPmsClient({ identity: { clientIdentifier: 'c', product: 'p', version: '1', platform: 'x', platformVersion: '1', device: 'd', deviceName: 'n' } }), systemClock).result
    expect(result!.failures).toEqual([{ uri: pms.url, reason: 'blocked' }])
    const row = serverRowSpec({ status: 'settled', resource: grandma!, result: result! }, Date.now(), null)
    expect(row.status).toEqual({ kind: 'unreachable', reason: "Answers, but lets only Plex's own apps in from here" })
  })
})
