/**
 * Ready shows the person the picker showed (issue 14 item 13): the same picture, carried through the
 * remembered choice, so a restart that lands straight on Ready draws it too. A choice remembered before
 * pictures were kept still loads (initials, as on the picker without a picture), and a picture URL that
 * was tampered with in storage is checked again before it is fetched.
 */
import type { Page } from '@playwright/test'
import { test, expect, type Tv } from './fixtures.js'
import { linkAs, serversSettled } from './journey.js'

interface AvatarView {
  /** The picture asked for ('' for none). */
  src: string
  /** The initials' circle: 0 once the picture has loaded and shows. */
  circleAlpha: number
  initials: string
}

/** Every avatar on screen, in tree order, read from Lightning's elements behind the inspector's nodes. */
function avatars(page: Page, scope = ''): Promise<AvatarView[]> {
  return page.$$eval(`${scope} [ref="Avatar"]`, (els) =>
    els
      .filter((e) => e.checkVisibility())
      .map((e) => {
        type El = { alpha: number; texture: { src?: string } | null; text: { text: string } | null }
        const child = (ref: string) => (e.querySelector(`[ref="${ref}"]`) as unknown as { element: El }).element
        return {
          src: child('Picture').texture?.src ?? '',
          circleAlpha: child('Circle').alpha,
          // the element's own text: an invisible text is never drawn, so the inspector may not know it
          initials: child('Initials').text?.text ?? '',
        }
      }),
  )
}

const readyAvatar = async (page: Page) => (await avatars(page, '[ref="User"]'))[0]

async function ready(tv: Tv): Promise<void> {
  await tv.waitForText('Ready')
  await tv.waitForText('Living Room')
}

test('Ready draws the picture the picker drew, after choosing and after a restart; an old or tampered remembered choice draws initials', async ({ tv, world, page }) => {
  const mia = world.sim.fixtures.home.users.find((u) => u.title === 'Mia')!
  await linkAs(tv, world, 'owner')
  await tv.waitForText('Mia')
  // the picker: Mia (second tile) with her picture (as the simulator's plex.tv serves it), loaded
  await expect.poll(async () => (await avatars(page))[1]?.circleAlpha).toBe(0)
  const picture = (await avatars(page))[1]!.src
  expect(picture).toContain(`/users/${mia.uuid}/avatar`)
  const shown = { src: picture, circleAlpha: 0, initials: 'M' }

  await tv.keys('ArrowRight', 'Enter')
  await serversSettled(tv)
  await tv.keys('ArrowDown', 'ArrowDown', 'Enter') // Basement 4K · Cabin · Living Room
  await ready(tv)
  await expect.poll(() => readyAvatar(page)).toEqual(shown)
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('plexlink.pickerSelection') ?? 'null') as { user: Record<string, unknown> })
  expect((await stored()).user.thumb).toBe(picture)

  // a restart lands on Ready from the remembered choice (Mia has no PIN): the same picture
  await page.reload()
  await ready(tv)
  await expect.poll(() => readyAvatar(page)).toEqual(shown)

  // a choice remembered by an older version has no picture: it still loads, with Mia's initials
  const rewrite = (thumb: string | null) =>
    page.evaluate((thumb) => {
      const s = JSON.parse(localStorage.getItem('plexlink.pickerSelection')!) as { user: Record<string, unknown> }
      if (thumb === null) delete s.user.thumb
      else s.user.thumb = thumb
      localStorage.setItem('plexlink.pickerSelection', JSON.stringify(s))
    }, thumb)
  await rewrite(null)
  await page.reload()
  await ready(tv)
  await expect.poll(() => readyAvatar(page)).toEqual({ src: '', circleAlpha: 1, initials: 'M' })

  // a picture URL changed in storage to another host, or to one carrying a token, is not fetched
  const asked: string[] = []
  page.on('request', (r) => asked.push(r.url()))
  for (const thumb of ['https://tracker.example/p.png?who=mia', `${picture}&X-Plex-Token=${mia.token}`]) {
    await rewrite(thumb)
    await page.reload()
    await ready(tv)
    await expect.poll(() => readyAvatar(page)).toEqual({ src: '', circleAlpha: 1, initials: 'M' })
  }
  expect(asked.filter((u) => u.includes('tracker.example') || u.includes(mia.token))).toEqual([])
})
