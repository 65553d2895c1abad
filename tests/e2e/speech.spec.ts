/**
 * Reading aloud in Chromium: the Web Speech API is replaced before the app loads by one that behaves like
 * the real engine — `speak` queues, speaking starts on a later task, `cancel` drops whatever has not been
 * spoken — so the test hears exactly what a person would (the code spelt out, a new code, "Linked as NAME").
 */
import type { Page } from '@playwright/test'
import { startAppServer } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { test, expect, Tv } from './fixtures.js'

async function recordSpeech(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const said: string[] = []
    ;(window as unknown as { __said: string[] }).__said = said
    class Utterance {
      lang = ''
      rate = 1
      constructor(readonly text: string) {}
    }
    let queue: Utterance[] = []
    const speakNext = () => {
      const next = queue.shift()
      if (next) said.push(next.text)
    }
    const synth = {
      speak(u: Utterance) {
        queue.push(u)
        setTimeout(speakNext, 0)
      },
      cancel() {
        queue = []
      },
    }
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true })
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
  })
  return () => page.evaluate(() => [...(window as unknown as { __said: string[] }).__said])
}

const spelt = (code: string) => `Your code is ${code.split('').join(', ')}`

test('the code is read aloud when it appears and when it changes, then "Linked as NAME"', async ({ tv, world, page }) => {
  const said = await recordSpeech(page)
  await world.sim.setPinLifetime(8) // renewal when a quarter of the lifetime is left: after ~6 s
  await tv.open()
  const first = await tv.waitForCode()
  await expect.poll(said).toEqual([spelt(first)])
  const second = await tv.waitForCode(first)
  await expect.poll(said).toEqual([spelt(first), spelt(second)])
  await world.sim.link(second, 'owner')
  await expect.poll(said).toEqual([spelt(first), spelt(second), 'Linked as Alex'])
})

test('speech off in settings: silent, and the menu turns it on for the next code', async ({ world, page }) => {
  const settings = simulatorSettings(world.sim, { inspector: true })
  const app = await startAppServer({ root: 'build', settings: { ...settings, appSettings: { plex: { ...settings.appSettings.plex, speech: false } } } })
  try {
    await world.sim.reset()
    const said = await recordSpeech(page)
    const tv = new Tv(page, app.url)
    await tv.open()
    const first = await tv.waitForCode()
    await tv.waitForText('Waiting for you to enter the code…')
    expect(await said()).toEqual([])
    await tv.keys('Escape')
    await tv.waitForText('Read the code aloud: Off')
    await tv.keys('ArrowDown', 'ArrowDown', 'ArrowDown', 'Enter') // Read the code aloud: Off → On
    await tv.waitForNoText('Read the code aloud')
    await tv.keys('Escape')
    await tv.waitForText('Read the code aloud: On')
    await tv.keys('Enter') // Get a new code
    const second = await tv.waitForCode(first)
    await expect.poll(said).toEqual([spelt(second)])
  } finally {
    await app.close()
  }
})
