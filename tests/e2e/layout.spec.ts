/**
 * Nothing collides, spills or leaves the title-safe area, on every screen, with the longest strings, in
 * English, German and Arabic, at 1920×1080 and 1280×720. Where Lightning drew each text is read from the
 * render tree (tests/e2e/layoutProbe.ts); the world is the crowded one (40 users and servers with long and
 * non-Latin names), the device name is 40 wide characters, and the link screen is tried in its fault states.
 */
import { test, expect, type Tv } from './fixtures.js'
import { layoutProblems } from './layoutProbe.js'
import { en } from '../../src/i18n/en.js'
import { arFile as ar, deFile as de } from '../support/languages.js'
import { DEVICE_NAME_MAX } from '../../src/flows/deviceName/deviceName.js'

const DICTIONARIES = { en, de: { ...en, ...de }, ar: { ...en, ...ar } }
type Lang = keyof typeof DICTIONARIES

/** The widest name the keyboard allows: 40 characters, mostly W. */
const LONG_DEVICE_NAME = 'Wohnzimmer-Fernseher WWW Erdgeschoss West'.padEnd(DEVICE_NAME_MAX, 'W').slice(0, DEVICE_NAME_MAX)

async function expectClean(tv: Tv, where: string): Promise<void> {
  await tv.page.waitForTimeout(300) // the last texts' textures and flex layout
  const report = await tv.page.evaluate(layoutProblems)
  expect(report.texts.length, `${where}: texts found`).toBeGreaterThan(0)
  expect(report.problems, where).toEqual([])
  expect(await crampedButtons(tv), `${where}: button labels touching their edges`).toEqual([])
}

/**
 * Buttons whose label comes within 12 stage pixels of the button's left or right edge ("Abbrechen" on a
 * PIN key filled it edge to edge): inside the button, so not a spill, but cramped from 3 m.
 */
function crampedButtons(tv: Tv): Promise<string[]> {
  return tv.page.$$eval('[type="FocusButton"]', (els) =>
    els
      .filter((e) => e.checkVisibility())
      .flatMap((e) => {
        type El = { core: { getCornerPoints(): number[] }; text: { text: string } | null }
        const across = (el: El) => {
          const c = el.core.getCornerPoints()
          const xs = [c[0]!, c[2]!, c[4]!, c[6]!]
          return { x1: Math.min(...xs), x2: Math.max(...xs) }
        }
        const button = (e as unknown as { element: El }).element
        const label = (e.querySelector('[ref="Label"]') as unknown as { element: El } | null)?.element
        const text = label?.text?.text ?? ''
        if (!label || text === '') return []
        const b = across(button)
        const l = across(label)
        return l.x1 - b.x1 < 12 || b.x2 - l.x2 < 12 ? [`"${text}" at ${Math.round(l.x1)}–${Math.round(l.x2)} in a button at ${Math.round(b.x1)}–${Math.round(b.x2)}`] : []
      }),
  )
}

/** Waits until the link screen's status sentence is not `previous` any more, and returns it. */
async function nextStatus(tv: Tv, previous: string): Promise<string> {
  let now = ''
  await expect
    .poll(
      async () => {
        now = (await tv.page.$eval('[ref="Status"] [ref="Text"]', (e) => e.getAttribute('texture-text') ?? '').catch(() => '')) ?? ''
        return now !== '' && now !== previous
      },
      { timeout: 20_000 },
    )
    .toBe(true)
  return now
}

for (const lang of ['en', 'de', 'ar'] as const satisfies readonly Lang[]) {
  for (const [width, height] of [
    [1920, 1080],
    [1280, 720],
  ] as const) {
    const words = DICTIONARIES[lang]
    const next = lang === 'ar' ? 'ArrowLeft' : 'ArrowRight'

    test.describe(`${lang} at ${width}×${height}`, () => {
      // long journeys (link, faults, five screens; or 40 users and 40 servers raced): on a loaded 2-core
      // machine they ran close to the 60 s default, so they get three times that; nothing here is a speed check
      test.slow()
      test.beforeEach(async ({ page }) => {
        await page.setViewportSize({ width, height })
        await page.addInitScript(
          ([l, name]) => {
            localStorage.setItem('plexlink.language', l)
            localStorage.setItem('plexlink.deviceName', name)
          },
          [lang, LONG_DEVICE_NAME] as const,
        )
      })

      test('link screen, its faults, diagnostics, menu and device name', async ({ tv, world }) => {
        await world.sim.setWorld({ homeUsers: 40, servers: 40 })
        await tv.open()
        await tv.waitForCode()
        let status = await nextStatus(tv, '')
        await expectClean(tv, 'link: waiting')
        for (const fault of [
          { kind: 'reset', durationMs: 60_000 },
          { kind: 'status', status: 503, durationMs: 60_000 },
          { kind: 'rateLimit', retryAfterSec: 30, count: 1 },
        ] as const) {
          await world.sim.clearFaults()
          await world.sim.addFault({ path: '/api/v2/pins/', ...fault })
          status = await nextStatus(tv, status)
          await expectClean(tv, `link: ${fault.kind}`)
        }
        await world.sim.clearFaults()
        await tv.keys('0')
        await tv.waitForText(words['diag.causeNetworkOk'])
        await expectClean(tv, 'diagnostics')
        // Reset this TV asks with the shell's confirmation, over the Diagnostics screen
        await tv.keys(next, 'Enter')
        await tv.waitForText(words['diag.resetTitle'])
        await expectClean(tv, 'reset question')
        await tv.keys('Escape')
        await tv.waitForNoText(words['diag.resetTitle'])
        await tv.keys('Escape')
        await tv.waitForCode()
        await tv.keys('Escape')
        await tv.waitForText(words['menu.newCode'])
        await expectClean(tv, 'menu')
        await tv.keys('ArrowDown', 'Enter') // Diagnostics · Device name
        await tv.waitForText(words['name.title'])
        await tv.waitForText(LONG_DEVICE_NAME)
        await expectClean(tv, 'device name')
      })

      test('who is watching, PIN pad, servers and ready', async ({ tv, world }) => {
        await world.sim.setWorld({ homeUsers: 40, servers: 40 })
        await tv.open()
        const code = await tv.waitForCode()
        await world.sim.link(code, 'owner')
        await tv.waitForText(words['users.title'])
        await tv.waitForText('Hildegard')
        await expectClean(tv, 'users')
        // the protected seeded user (third tile): the PIN pad, then a wrong PIN
        await tv.keys(next, next, 'Enter')
        await tv.waitForText(words['pin.title'].split('{name}')[0]!.trim())
        await tv.keys('9', '9', '9', '9')
        await tv.waitForText(words['pin.wrong'])
        await expectClean(tv, 'PIN pad, wrong PIN')
        await tv.keys('Escape')
        await tv.waitForText(words['users.title'])
        // Mia, the managed user without a PIN: the server list
        await tv.keys(lang === 'ar' ? 'ArrowRight' : 'ArrowLeft', 'Enter')
        await tv.waitForText(words['servers.title'])
        await tv.waitForNoText(words['servers.testing'], 30_000)
        await expectClean(tv, 'servers')
        // down to the server with the longest name, then Ready
        for (let i = 0; i < 45; i++) {
          const focused = await tv.page.evaluate(() =>
            [...document.querySelectorAll('[type="ServerRow"]')].some(
              (row) =>
                (row as unknown as { element: { scale: number } }).element.scale > 1 &&
                [...row.querySelectorAll('[texture-text]')].some((t) => (t.getAttribute('texture-text') ?? '').startsWith('Dachboden')),
            ),
          )
          if (focused) break
          // the page's mirror of the tree can lag a frame under load: wait until "N of 40" has moved on
          const position = () => tv.page.$eval('[ref="Position"]', (e) => e.getAttribute('texture-text') ?? '')
          const before = await position()
          await tv.keys('ArrowDown')
          await expect.poll(position, { timeout: 5_000 }).not.toBe(before)
          await tv.page.waitForTimeout(60)
        }
        await tv.keys('Enter')
        await tv.waitForText(words['ready.title'])
        await tv.waitForText(words['library.movie'])
        await expectClean(tv, 'ready')
      })
    })
  }
}
