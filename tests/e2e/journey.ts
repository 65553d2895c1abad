/** Steps of the journey after linking that several specs take, in Chromium against the simulator. */
import { expect, type Tv, type World } from './fixtures.js'

/** Opens the TV and links its code as `account` would at plex.tv/link. */
export async function linkAs(tv: Tv, world: World, account: 'owner' | 'single'): Promise<void> {
  await tv.open()
  const code = await tv.waitForCode()
  expect(await world.sim.link(code, account)).toBe(204)
}

/** Every race settled: the "Testing connections to N of M servers…" line is gone. */
export async function serversSettled(tv: Tv): Promise<void> {
  await tv.waitForText('Choose a server')
  await tv.waitForText('LAN')
  await tv.waitForNoText('Testing connections', 20_000)
}
