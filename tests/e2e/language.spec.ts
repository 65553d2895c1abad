/**
 * Languages in the real app: Arabic mirrors the layout but keeps the link code left to right (and the QR
 * still decodes to it); the menu switches the language and the TV remembers it.
 */
import { test, expect } from './fixtures.js'

test('Arabic: the screen is in Arabic and mirrored, the code reads left to right and its QR still decodes', async ({ tv, world, page }) => {
  await page.addInitScript(() => localStorage.setItem('plexlink.language', 'ar'))
  await tv.open()
  const code = await tv.waitForCode()
  await tv.waitForText('اربط هذا التلفاز بحسابك في Plex')
  await tv.waitForText('بانتظار إدخال الرمز…')
  // left to right: each character's cell is drawn to the right of the one before
  const xs = await tv.drawnX('[ref="Code"] > [ref^="Cell"]')
  expect(xs).toHaveLength(4)
  expect([...xs].sort((a, b) => a - b)).toEqual(xs)
  // mirrored: the steps moved to the right half, the QR to the left, where a phone still reads it
  const [titleX] = await tv.drawnX('[ref="Title"]')
  expect(titleX).toBeGreaterThan(700)
  await expect.poll(() => tv.decodeQrOnScreen()).toEqual({ data: `${world.sim.linkPageUrl.replace(/\/$/, '')}/?pin=${code}`, x: expect.any(Number) })
  expect((await tv.decodeQrOnScreen())!.x).toBeLessThan(0.3)
})

test('the menu switches the language in place (same code, no reload), and the TV keeps it after a restart', async ({ tv, page }) => {
  let loads = 0
  page.on('load', () => loads++)
  await tv.open()
  const code = await tv.waitForCode()
  await tv.keys('Escape')
  await tv.waitForText('Language: English')
  await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'Enter') // Diagnostics · Device name · Read aloud · Language
  await tv.waitForText('Diesen Fernseher mit deinem Plex-Konto verbinden')
  await tv.waitForText('Warte auf die Eingabe des Codes …')
  expect(await tv.code()).toBe(code)
  expect(loads).toBe(1)
  await page.reload()
  await tv.waitForText('Warte auf die Eingabe des Codes …')
})

test('Arabic sentences holding a Latin name or a number are drawn right to left; the code and the address stay left to right', async ({ tv, page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('plexlink.language', 'ar')
    // what reaches the screen: every text Lightning draws, with the direction the canvas lays it out in
    const drawn: { text: string; direction: string }[] = []
    ;(window as unknown as { drawn: typeof drawn }).drawn = drawn
    const fillText = CanvasRenderingContext2D.prototype.fillText
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
      drawn.push({ text, direction: this.direction })
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth)
    }
  })
  await tv.open()
  const code = await tv.waitForCode()
  await tv.waitForText('بانتظار إدخال الرمز…')
  const drawn = await page.evaluate(() => (window as unknown as { drawn: { text: string; direction: string }[] }).drawn)
  const directionOf = (fragment: string) => [...new Set(drawn.filter((d) => d.text.includes(fragment)).map((d) => d.direction))]
  // "…في Plex" and "…باسم «Chrome on Linux»…": an ltr paragraph would put the Latin words first for an Arabic reader
  expect(directionOf('اربط هذا التلفاز بحسابك في Plex')).toEqual(['rtl'])
  expect(directionOf('سيظهر هذا التلفاز باسم')).toEqual(['rtl'])
  for (const ch of code) {
    const cells = drawn.filter((d) => d.text === ch) // each code character is its own text, in its cell
    expect(cells.length).toBeGreaterThan(0)
    expect(cells.map((d) => d.direction)).not.toContain('rtl')
  }
  expect(drawn.filter((d) => /^[\x20-\x7e]+\/link$/.test(d.text)).map((d) => d.direction)).not.toContain('rtl')
  expect(drawn.some((d) => /^[\x20-\x7e]+\/link$/.test(d.text))).toBe(true)
})
