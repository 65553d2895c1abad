/**
 * Faults injected through the simulator's control API: each shows its own words on the TV, and the
 * TV recovers by itself once the fault clears. A network fault is never called "expired".
 */
import { test, expect } from './fixtures.js'

const POLL = { method: 'GET', path: '/api/v2/pins/' }

test('plex.tv answering 503 → "having trouble (error 503)", then waiting again', async ({ tv, world }) => {
  await tv.open()
  const code = await tv.waitForCode()
  await world.sim.addFault({ ...POLL, kind: 'status', status: 503, durationMs: 60_000 })
  await tv.waitForText(/^plex\.tv is having trouble \(error 503\) — retrying in \d+ s\. Press OK to retry now\.$/)
  expect(await tv.code()).toBe(code) // the code stays up: someone may be typing it
  await world.sim.clearFaults()
  await tv.waitForText('Waiting for you to enter the code…', 20_000)
})

test('connection reset → "Can\'t reach plex.tv", OK retries at once, recovery', async ({ tv, world }) => {
  await tv.open()
  await tv.waitForCode()
  await world.sim.addFault({ ...POLL, kind: 'reset', durationMs: 60_000 })
  await tv.waitForText(/^Can't reach plex\.tv — retrying in \d+ s\. Press OK to retry now\.$/)
  expect((await tv.texts()).join(' ')).not.toMatch(/expired/i)
  await world.sim.clearFaults()
  await world.sim.clearLog()
  await tv.press('Enter')
  await tv.waitForText('Waiting for you to enter the code…', 5_000)
})

// plex.tv does not expose Retry-After to browsers (plex-api.md §0): the TV cannot read it and waits its own 5 s
test('429 with Retry-After → "asked this TV to slow down", no request for at least 5 s', async ({ tv, world }) => {
  await tv.open()
  await tv.waitForCode()
  await world.sim.addFault({ ...POLL, kind: 'rateLimit', retryAfterSec: 6, count: 1 })
  await tv.waitForText(/^plex\.tv asked this TV to slow down — checking again in \d+ s\.$/)
  await tv.waitForText('Waiting for you to enter the code…', 15_000)
  // measured from the 429 itself on the simulator's clock, not from when the words were seen
  const polls = (await world.sim.log()).filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/pins/'))
  const limited = polls.findIndex((r) => r.status === 429)
  expect(limited).toBeGreaterThanOrEqual(0)
  const after = polls.slice(limited + 1)
  expect(after.length).toBeGreaterThan(0)
  for (const r of after) expect(r.time).toBeGreaterThanOrEqual(polls[limited]!.time + 5_000)
})

test('malformed JSON → "couldn\'t read", then recovery', async ({ tv, world }) => {
  await tv.open()
  await tv.waitForCode()
  await world.sim.addFault({ ...POLL, kind: 'malformed', durationMs: 60_000 })
  await tv.waitForText(/^plex\.tv sent an answer this TV couldn't read — retrying in \d+ s/)
  await world.sim.clearFaults()
  await tv.waitForText('Waiting for you to enter the code…', 10_000)
})

test('an expiring code is renewed without a key press; the QR follows', async ({ tv, world }) => {
  await world.sim.setPinLifetime(8) // renewal when a quarter of the lifetime is left: after ~6 s here
  await tv.open()
  const first = await tv.waitForCode()
  const second = await tv.waitForCode(first)
  expect(second).not.toBe(first)
  const link = world.sim.linkPageUrl.replace(/\/$/, '')
  await expect.poll(() => tv.decodeQr()).toBe(`${link}/?pin=${second}`)
})

test('an unattended TV stops after 4 codes expire in a row; OK starts again', async ({ tv, world }) => {
  await world.sim.setPinLifetime(3)
  await tv.open()
  await tv.waitForText('4 codes expired with nobody linking. Press OK for a new code.', 30_000)
  await expect.poll(() => tv.code()).toBe('') // no code left on screen
  await world.sim.clearLog()
  await tv.page.waitForTimeout(2_000) // an observation window: an idle TV asks plex.tv nothing
  expect(await world.sim.log()).toEqual([])
  await world.sim.setPinLifetime(900)
  await tv.press('Enter')
  await tv.waitForCode()
})

test('a hanging poll → "not answering" once the request times out, then recovery', async ({ tv, world }) => {
  await tv.open()
  const code = await tv.waitForCode()
  await world.sim.addFault({ ...POLL, kind: 'hang', durationMs: 120_000 })
  // requestTimeoutMs (10 s by default) has to pass before the TV may call it a fault
  await tv.waitForText(/^plex\.tv is not answering — retrying in \d+ s\. Press OK to retry now\.$/, 30_000)
  expect(await tv.code()).toBe(code)
  await world.sim.clearFaults()
  await tv.waitForText('Waiting for you to enter the code…', 30_000)
})

test('429 without Retry-After → "slow down", at least 5 s, then waiting again', async ({ tv, world }) => {
  await tv.open()
  await tv.waitForCode()
  await world.sim.addFault({ ...POLL, kind: 'rateLimit', count: 1 })
  await tv.waitForText(/^plex\.tv asked this TV to slow down — checking again in [5-9] s\.$/)
  await tv.waitForText('Waiting for you to enter the code…')
})

test('a 401 on a pin is a server fault, not "expired" and not "signed out"', async ({ tv, world }) => {
  await tv.open()
  const code = await tv.waitForCode()
  // held until its words are seen (one failed poll is on screen for under a second), then cleared
  await world.sim.addFault({ ...POLL, kind: 'status', status: 401, durationMs: 60_000 })
  await tv.waitForText(/^plex\.tv is having trouble \(error 401\) — retrying in \d+ s\. Press OK to retry now\.$/)
  expect(await tv.code()).toBe(code)
  await world.sim.clearFaults()
  await tv.waitForText('Waiting for you to enter the code…')
  expect(await tv.code()).toBe(code)
})

test('no code at all (502 on creating one) → "No code yet", then a code by itself', async ({ tv, world }) => {
  await world.sim.addFault({ method: 'POST', path: '/api/v2/pins', kind: 'status', status: 502, durationMs: 60_000 })
  await tv.open()
  await tv.waitForText(/^No code yet: plex\.tv is having trouble \(error 502\) — retrying in \d+ s\. Press OK to retry now\.$/)
  expect(await tv.code()).toBe('')
  await world.sim.clearFaults()
  await tv.waitForCode()
})

test('a code plex.tv expired early (404/1020) is replaced by a new one at once', async ({ tv, world }) => {
  await tv.open()
  const first = await tv.waitForCode()
  expect(await world.sim.expirePin(first)).toBe(true)
  const second = await tv.waitForCode(first)
  const link = world.sim.linkPageUrl.replace(/\/$/, '')
  await expect.poll(() => tv.decodeQr()).toBe(`${link}/?pin=${second}`)
})

test('linked while /user fails: the TV says it is linked and why it waits, then moves on by itself', async ({ tv, world }) => {
  await tv.open()
  const code = await tv.waitForCode()
  await world.sim.addFault({ method: 'GET', path: '/api/v2/user', kind: 'status', status: 503, durationMs: 60_000 })
  expect(await world.sim.link(code, 'owner')).toBe(204)
  await tv.waitForText(/^Linked! Your account has not loaded yet: plex\.tv is having trouble \(error 503\) — retrying in \d+ s/)
  expect(await tv.code()).toBe('')
  await tv.waitForNoText('Enter this code:')
  await world.sim.clearFaults()
  await tv.press('Enter')
  await tv.waitForText("Who's watching?")
})

test('"Get a new code" during an outage keeps the working code and its QR until the new one is there', async ({ tv, world }) => {
  // Before: the code was forgotten at once, leaving empty cells and a grey QR while plex.tv failed.
  await tv.open()
  const code = await tv.waitForCode()
  const link = world.sim.linkPageUrl.replace(/\/$/, '')
  await world.sim.addFault({ method: 'POST', path: '/api/v2/pins', exact: true, kind: 'status', status: 503, durationMs: 60_000 })
  await tv.keys('Escape')
  await tv.waitForText('Get a new code')
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'Enter') // Diagnostics · Device name · Read aloud · Language · Get a new code
  await tv.waitForText(/plex\.tv is having trouble \(error 503\)/)
  expect(await tv.code()).toBe(code)
  await expect.poll(() => tv.decodeQr()).toBe(`${link}/?pin=${code}`)
  await world.sim.clearFaults()
  const next = await tv.waitForCode(code)
  await expect.poll(() => tv.decodeQr()).toBe(`${link}/?pin=${next}`)
})

// With a device key (auth auto, Chromium's WebCrypto Ed25519) a poll's call first fetches a nonce: the
// pacing must hold between the polls plex.tv sees, not between the calls the TV started (live, a slow nonce
// left two polls 869 ms apart while OK was pressed).
test('OK pressed 20 times during an outage, the first poll behind a slow nonce: polls reach plex.tv at least a second apart', async ({ tv, world }) => {
  await world.sim.addFault({ method: 'GET', path: '/api/v2/auth/nonce', kind: 'delay', delayMs: 700, count: 1 })
  await world.sim.addFault({ ...POLL, kind: 'status', status: 503, durationMs: 60_000 })
  await tv.open()
  await tv.waitForCode()
  await tv.waitForText(/^plex\.tv is having trouble \(error 503\)/)
  for (let i = 0; i < 20; i++) {
    await tv.press('Enter')
    await tv.page.waitForTimeout(150)
  }
  await tv.page.waitForTimeout(1_000)
  const log = await world.sim.log()
  expect(log.filter((e) => e.path === '/api/v2/auth/nonce')).toHaveLength(1)
  const polls = log.filter((e) => e.method === 'GET' && e.path.startsWith('/api/v2/pins/')).map((e) => e.time)
  expect(polls.length).toBeGreaterThanOrEqual(3)
  const gaps = polls.slice(1).map((t, i) => t - polls[i]!)
  // the TV spaces its sends 1000 ms apart; their arrival here carries the browser's dispatch jitter (±10 ms
  // measured, more on a loaded machine). Pacing from the call's start instead let the second poll in 300 ms
  // after the first (the first waited 700 ms for its nonce).
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(850)
})
