/**
 * After linking, end to end in Chromium against the simulator and its fake Plex Media Servers: who is
 * watching (PIN pad for a protected user), the server list with every kind of server, the ready screen
 * with the server's libraries, what a reload resumes, sign-out, the claim of a local server, and a
 * remembered server that stopped answering.
 */
import { test, expect, type Tv } from './fixtures.js'
import { linkAs, ownerUsersShown, serversSettled } from './journey.js'

async function typeDigits(tv: Tv, digits: string): Promise<void> {
  await tv.keys(...digits.split(''))
}

test('link → protected user (wrong, then right PIN) → every kind of server → ready with libraries → reload asks the PIN → sign out', async ({ tv, world, page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { hostMessages: unknown[] }
    w.hostMessages = []
    for (const type of ['plexlink:ready', 'plexlink:signedout']) window.addEventListener(type, (e) => w.hostMessages.push((e as CustomEvent).detail))
  })
  await linkAs(tv, world, 'owner')

  // Who's watching: the Home users with their badges; friends with shared libraries are not here
  await tv.waitForText("Who's watching?")
  for (const name of ['Alex', 'Mia', 'Jordan', '美咲', 'Robin', 'Admin', 'Managed', 'PIN']) await tv.waitForText(name)
  expect((await tv.texts()).some((t) => t.includes('Grandma'))).toBe(false)
  // each of them has a picture (thumb): once it has loaded, it is shown instead of the initials
  const initialsShown = () => page.$$eval('[ref="Avatar"] [ref="Circle"]', (els) => els.map((e) => (e as unknown as { element: { alpha: number } }).element.alpha))
  await expect.poll(initialsShown).toEqual([0, 0, 0, 0, 0])

  // Jordan is protected: the pad opens; a wrong PIN says so and clears, the right one goes on
  await tv.keys('ArrowRight', 'ArrowRight', 'Enter')
  await tv.waitForText('Enter the PIN for Jordan')
  await typeDigits(tv, '1111')
  await tv.waitForText('Wrong PIN — try again.')
  await typeDigits(tv, '4321')
  await serversSettled(tv)

  const log = await world.sim.log()
  expect(log.filter((e) => e.path.endsWith('/switch')).map((e) => e.status)).toEqual([403, 201])
  // the servers were asked for with Jordan's token, not the owner's
  expect(log.filter((e) => e.path === '/api/v2/resources').map((e) => e.as)).toEqual(['Jordan'])

  // the server list: LAN, shared, relay-only, and (scrolled to) offline
  // Jordan is a managed user, not the account's owner: claiming is not offered
  expect((await tv.texts()).some((t) => t.startsWith('Claim this server'))).toBe(false)
  await tv.waitForText('Shared by Grandma Rose')
  await tv.waitForText('Relay only — video quality is limited')
  await tv.waitForText('Remote')
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown')
  await tv.waitForText('Offline — last seen 3 days ago')
  await tv.waitForText('Press OK to test again')

  // reachable, then owned, then name: Basement 4K, Cabin, Living Room, Grandma's Plex, Old Laptop
  await tv.keys('ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowDown', 'ArrowDown')
  await tv.keys('Enter')

  // Ready: who and where, and the server's libraries over the chosen connection
  await tv.waitForText('Ready')
  for (const text of ['Alex', 'Jordan', 'Living Room', 'LAN', 'Movies', 'TV Shows', 'Music', 'Photos', 'Change user', 'Change server', 'Sign out']) {
    await tv.waitForText(text)
  }
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }))
  expect(stored).not.toContain('4321') // a Home PIN is never stored
  expect(stored).not.toContain(world.sim.fixtures.home.users.find((u) => u.title === 'Jordan')!.token) // nor a protected user's token

  // the host app heard who and where, with no token (settings did not opt in)
  const ready = (await page.evaluate(() => (window as unknown as { hostMessages: Record<string, unknown>[] }).hostMessages)).at(-1)!
  expect(ready).toMatchObject({ type: 'plexlink:ready', account: { title: 'Alex' }, user: { title: 'Jordan' }, server: { name: 'Living Room', owned: true }, connection: { kind: 'local' } })
  expect(ready.token).toBeUndefined()
  expect(JSON.stringify(ready)).not.toMatch(/token-/)

  // a restart resumes: Jordan is protected, so the PIN is asked again, then straight to ready
  await world.sim.clearLog()
  await page.reload()
  await tv.waitForText('Enter the PIN for Jordan')
  await typeDigits(tv, '4321')
  await tv.waitForText('Ready')
  await tv.waitForText('Living Room')
  await tv.waitForText('Movies')
  expect((await world.sim.log()).some((e) => e.path.startsWith('/api/v2/pins'))).toBe(false)

  // sign out (asked first, Cancel focused): back to a code, the choices forgotten
  await tv.keys('ArrowRight', 'ArrowRight', 'Enter')
  await tv.waitForText('Sign out of Plex on this TV?')
  await tv.keys('ArrowRight', 'Enter')
  await tv.waitForCode()
  expect(await page.evaluate(() => localStorage.getItem('plexlink.pickerSelection'))).toBeNull()
  expect(await page.evaluate(() => localStorage.getItem('plexlink.authToken'))).toBeNull()
  const last = (await page.evaluate(() => (window as unknown as { hostMessages: Record<string, unknown>[] }).hostMessages)).at(-1)
  expect(last).toEqual({ type: 'plexlink:signedout' })
})

test('an unprotected user is resumed at launch without a PIN; a remembered server that stopped answering says so on the list', async ({ tv, world, page }) => {
  await linkAs(tv, world, 'owner')
  await tv.waitForText('Mia')
  await tv.keys('ArrowRight', 'Enter') // Mia: managed, no PIN
  await serversSettled(tv)
  await tv.keys('ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowDown', 'ArrowDown', 'Enter')
  await tv.waitForText('Ready')
  await tv.waitForText('Living Room')

  for (const endpoint of ['living-lan', 'living-lan-v6', 'living-lan-https', 'living-remote', 'living-relay']) {
    await world.sim.configureConnection(endpoint, { mode: 'refuse' })
  }
  await page.reload()
  await tv.waitForText("Couldn't reach Living Room — choose another server, or press OK on it to test again.")
  expect((await tv.texts()).some((t) => t.startsWith('Enter the PIN'))).toBe(false)

  // it comes back: OK on it tests again, and it can be chosen
  for (const endpoint of ['living-lan', 'living-lan-v6', 'living-lan-https', 'living-remote', 'living-relay']) {
    await world.sim.configureConnection(endpoint, { mode: 'ok' })
  }
  await tv.waitForNoText('Testing connections', 20_000)
  // unreachable rows sort last: Basement 4K, Cabin, Grandma's Plex, then Living Room and Old Laptop
  await tv.keys('ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowDown', 'ArrowDown', 'ArrowDown')
  await tv.waitForText('Press OK to test again') // focus on Living Room, unreachable
  await tv.keys('Enter') // test again
  await tv.waitForNoText('Press OK to test again') // testing it again
  // OK while its test is still out only says "Still testing": wait for the answer (focus stays on it as it moves up)
  await tv.waitForNoText('Testing connections', 20_000)
  await tv.keys('Enter')
  await tv.waitForText('Ready')
  await tv.waitForText('Living Room')
})

test('a single-user account goes straight to the servers, and ready offers no user change', async ({ tv, world }) => {
  await linkAs(tv, world, 'single')
  await tv.waitForText('Linked as Sam')
  await serversSettled(tv)
  expect((await tv.texts()).some((t) => t.includes("Who's watching"))).toBe(false)
  await tv.waitForText("Sam's Mac mini")
  await tv.keys('ArrowUp', 'ArrowUp', 'ArrowDown', 'Enter')
  await tv.waitForText('Ready')
  await tv.waitForText('Change server')
  expect((await tv.texts()).includes('Change user')).toBe(false)
})

test('plex.tv failing on the Home users and the servers: each says so, retries by itself, and recovers', async ({ tv, world }) => {
  // three failures in a row: the words stay up through two automatic retries (~0.5–1 s, then ~1–2 s…)
  await world.sim.addFault({ path: '/api/v2/home/users', exact: true, kind: 'status', status: 503, count: 3 })
  await linkAs(tv, world, 'owner')
  await tv.waitForText("Couldn't load your Plex Home. plex.tv is having trouble (error 503).")
  await tv.waitForText('Mia') // the automatic retry
  expect((await world.sim.log()).filter((e) => e.path === '/api/v2/home/users').map((e) => e.status)).toEqual([503, 503, 503, 200])
  // held until its words are seen, then cleared: the automatic retries bring the list by themselves
  await world.sim.addFault({ path: '/api/v2/resources', kind: 'reset', durationMs: 60_000 })
  await tv.keys('ArrowRight', 'Enter')
  await tv.waitForText("Couldn't get your servers. Can't reach plex.tv.")
  await world.sim.clearFaults()
  await serversSettled(tv)
  await tv.waitForText('Living Room')
})

test('the PIN cool-down survives a reload: three wrong PINs, a reload, and the pad still waits', async ({ tv, world, page }) => {
  // Before: the wrong-PIN count lived in memory, so a reload handed out three fresh tries.
  await linkAs(tv, world, 'owner')
  await ownerUsersShown(tv)
  await tv.keys('ArrowRight', 'ArrowRight', 'Enter') // Jordan, protected
  await tv.waitForText('Enter the PIN for Jordan')
  await typeDigits(tv, '1111')
  await tv.waitForText('Wrong PIN — try again.')
  await typeDigits(tv, '2222')
  await tv.waitForText('One more wrong PIN means a short wait.')
  await typeDigits(tv, '3333')
  await tv.waitForText(/^Too many wrong PINs\. Try again in 0:[0-3]\d$/)
  const switches = (await world.sim.log()).filter((e) => e.path.endsWith('/switch')).length
  // the Home users held back after the reload: while they load OK has nothing to choose, so only Back is offered
  await world.sim.addFault({ path: '/api/v2/home/users', exact: true, kind: 'delay', delayMs: 1500, count: 1 })
  await page.reload()
  await tv.waitForText('Loading your Plex Home…')
  expect(await tv.texts()).not.toContain('Choose')
  await ownerUsersShown(tv)
  await tv.waitForText('Choose')
  await tv.keys('ArrowRight', 'ArrowRight', 'Enter')
  await tv.waitForText(/^Too many wrong PINs\. Try again in 0:[0-3]\d$/)
  await typeDigits(tv, '4321') // ignored while cooling down
  expect((await world.sim.log()).filter((e) => e.path.endsWith('/switch')).length).toBe(switches)
  // the count and the end time are stored, never a digit
  const stored = await page.evaluate(() => localStorage.getItem('plexlink.pinAttempts'))
  expect(stored).toMatch(/"attempts":3/)
  expect(stored).not.toMatch(/1111|2222|3333|4321/)
})
