/**
 * The wire as a TV really meets it, in Chromium: plex.tv and clients.plex.tv on two origins (Plex Home
 * calls go to clients.plex.tv, the rest to plex.tv), Plex Media Servers over https under plex.direct names
 * with a certificate (the simulator's CA, trusted by this test Chromium only), and a server whose CORS
 * answer lets only Plex's own web app in.
 */
import { test, expect, type Tv, type World } from './fixtures.js'
import { ownerUsersShown } from './journey.js'

async function toServers(tv: Tv, world: World): Promise<void> {
  await tv.open()
  const code = await tv.waitForCode()
  expect(await world.sim.link(code, 'owner')).toBe(204)
  await ownerUsersShown(tv)
  // Mia: managed, no PIN
  await tv.keys('ArrowRight', 'Enter')
  await tv.waitForText('Choose a server')
  await tv.waitForNoText('Testing connections', 20_000)
}

test('Home and keyed (JWT) calls go to clients.plex.tv, the rest to plex.tv; the best connection is https under plex.direct, with a padlock', async ({ tv, world, page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { ready: unknown[] }
    w.ready = []
    window.addEventListener('plexlink:ready', (e) => w.ready.push((e as CustomEvent).detail))
  })
  await toServers(tv, world)

  const log = await world.sim.log()
  const hostOf = (prefix: string) => [...new Set(log.filter((e) => e.path.startsWith(prefix)).map((e) => e.host))]
  expect(hostOf('/api/v2/home/users')).toEqual(['clients.plex.tv'])
  // auth "auto" (the default) links with the device key in Chromium (WebCrypto Ed25519): the JWT pin
  // endpoints are documented on clients.plex.tv (plex-api.md §0, §9)
  expect(hostOf('/api/v2/pins')).toEqual(['clients.plex.tv'])
  expect(hostOf('/api/v2/resources')).toEqual(['plex.tv'])

  // Basement 4K is first (reachable, owned, by name); Living Room's best is its LAN https address
  await expect.poll(() => page.$$eval('[type="LockIcon"]', (els) => els.filter((e) => e.checkVisibility()).length)).toBeGreaterThan(0)
  // focus followed whichever server was on top when the list was first drawn (navigation.spec: the list
  // holds still): go to the top first, then to the third row
  await tv.keys('ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowDown', 'ArrowDown', 'Enter')
  await tv.waitForText('Movies')
  const ready = await page.evaluate(() => (window as unknown as { ready: { server: { name: string }; connection: { uri: string; secure: boolean } }[] }).ready)
  expect(ready.map((r) => r.server.name)).toEqual(['Living Room'])
  expect(ready[0]!.connection.secure).toBe(true)
  expect(ready[0]!.connection.uri).toMatch(/^https:\/\/127-0-0-\d+\.[0-9a-f]{32}\.plex\.direct:\d+$/)
})

test("a shared server whose token calls allow only app.plex.tv (CORS) says so on its row, not 'not answering'", async ({ tv, world }) => {
  for (const endpoint of ['grandma-remote', 'grandma-relay']) await world.sim.configureConnection(endpoint, { cors: 'appPlexTvForGuests' })
  await toServers(tv, world)
  await tv.waitForText("Answers, but lets only Plex's own apps in from here")
  expect((await tv.texts()).some((t) => t.includes('Not answering on any of its addresses'))).toBe(false)
})
