/**
 * The link step end to end: the built app in Chromium, the plex.tv simulator over HTTP, a second
 * page standing in for the phone.
 */
import { test, expect } from './fixtures.js'

test('the TV shows a 4-character code from plex.tv and a phone linking it moves the TV on', async ({ tv, world, context }) => {
  await tv.open()
  const code = await tv.waitForCode()
  await tv.waitForText('Waiting for you to enter the code…')

  const phone = await context.newPage()
  await phone.setViewportSize({ width: 390, height: 844 })
  await phone.goto(world.sim.linkPageUrl)
  await phone.fill('#code', code.toLowerCase().split('').join(' ')) // case and spaces do not matter
  await phone.click('#submit')
  await expect(phone.locator('#result')).toContainText(/linked/i)

  // the TV notices by itself (how fast is `npm run bench`'s business) and says who it is linked to
  await tv.waitForText(/^Linked as Alex$/)
  await tv.waitForText("Who's watching?")
  expect(await tv.code()).toBe('')
})

test('the QR code decodes to the link page with the code filled in', async ({ tv, world, page }) => {
  await tv.open()
  const code = await tv.waitForCode()
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    await page.setViewportSize(viewport)
    await page.reload()
    expect(await tv.waitForCode()).toBe(code) // a reload keeps the same code
    // polled: the QR texture reaches the screen a frame or two after the code's text
    await expect.poll(() => tv.decodeQr()).toBe(`${world.sim.linkPageUrl.replace(/\/$/, '')}/?pin=${code}`)
  }
})

test('a first start asks plex.tv for its code at once, while the fonts are still on their way', async ({ tv, world, page }) => {
  // the fonts take 1.5 s to arrive: Lightning builds no screen before they are in
  let fontsReleasedAt = Infinity
  await page.route('**/*.woff', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500))
    fontsReleasedAt = Math.min(fontsReleasedAt, Date.now())
    await route.continue()
  })
  await tv.open()
  await tv.waitForCode()
  const asked = (await world.sim.log()).filter((e) => e.method === 'POST' && e.path === '/api/v2/pins')
  expect(asked).toHaveLength(1)
  expect(asked[0]!.time).toBeLessThan(fontsReleasedAt)
})

/**
 * Records, at the end of every frame Lightning draws, the characters in the link screen's code cells (from
 * Lightning's own tree, not the inspector's mirror, which can lag a frame).
 */
function recordLinkFrames(): void {
  const frames: string[] = []
  ;(window as unknown as { __linkFrames: string[] }).__linkFrames = frames
  interface El { text?: { text?: string } | null; childList?: { _items: El[] } }
  const texts = (e: El): string => (e.text?.text ?? '') + (e.childList?._items ?? []).map(texts).join('')
  const hook = () => {
    let app: { stage?: { on(event: string, f: () => void): void }; tag(path: string): El | undefined } | undefined
    try {
      app = (0, eval)('app') as typeof app
    } catch {
      app = undefined
    }
    if (!app?.stage) return void requestAnimationFrame(hook)
    const a = app
    a.stage!.on('frameEnd', () => {
      const code = a.tag('App.Screens.Current.Code')
      if (code) frames.push(texts(code))
    })
  }
  requestAnimationFrame(hook)
}

test("a code kept from the last run is in the link screen's first frame, with plex.tv not answering at all", async ({ tv, world, page }) => {
  await tv.open()
  const code = await tv.waitForCode()
  // a reload (a crash restart, a TV back from suspend) with plex.tv out of reach: nothing can come from the wire
  const plexTv = [new URL(world.sim.url).origin, new URL(world.sim.clientsUrl).origin]
  await page.route((url) => plexTv.includes(url.origin), (route) => route.abort('internetdisconnected'))
  await page.addInitScript(recordLinkFrames)
  await page.reload()
  await tv.waitForCode()
  const frames = await page.evaluate(() => (window as unknown as { __linkFrames: string[] }).__linkFrames)
  expect(frames[0]).toBe(code)
})

test("a reload before the first start's key was kept: the code asked with that key gives way to a new one, which links", async ({ tv, world, page }) => {
  // the first start's IndexedDB never answers: the TV reloads before it has kept the key its code was asked with
  await page.addInitScript(() => {
    if (sessionStorage.getItem('e2e.reloaded') === null) indexedDB.open = () => ({}) as IDBOpenDBRequest
  })
  await tv.open()
  const first = await tv.waitForCode()
  const firstPin = (await world.sim.log()).find((e) => e.method === 'POST' && e.path === '/api/v2/pins')
  expect(firstPin?.status).toBe(201)
  await world.sim.clearLog()
  await page.evaluate(() => sessionStorage.setItem('e2e.reloaded', '1'))
  await page.reload()

  // the next start makes another key; plex.tv would refuse every poll of the old code signed with it (422)
  const next = await tv.waitForCode(first)
  expect(await world.sim.link(next, 'owner')).toBe(204)
  await tv.waitForText(/^Linked as Alex$/)
  const log = await world.sim.log()
  expect(log.filter((e) => e.status === 422).map((e) => `${e.method} ${e.path}`)).toEqual([])
  expect(log.some((e) => e.method === 'GET' && e.path.startsWith('/api/v2/pins/') && e.status === 200)).toBe(true)
})
