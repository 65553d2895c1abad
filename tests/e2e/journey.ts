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

/**
 * "Who's watching?" with the owner's Home users drawn. The title is up while the users load; keys sent
 * then are lost (arrows move nothing in an empty grid) or land on the list as it arrives, so a test
 * waits for a user's tile before it presses anything.
 */
export async function ownerUsersShown(tv: Tv): Promise<void> {
  await tv.waitForText("Who's watching?")
  await tv.waitForText('Jordan')
}
