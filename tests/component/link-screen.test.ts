import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Lightning } from '@lightningjs/sdk'
import { BadResponse, NetworkError, ServerError, Timeout } from '../../src/plex/errors.js'
import { defaultConfig } from '../../src/platform/config.js'
import { MemoryStore } from '../../src/platform/storage.js'
import type { Services } from '../../src/services.js'
import { ErrorLog } from '../../src/flows/diagnostics/errorLog.js'
import { Pacer } from '../../src/flows/kernel/pacer.js'
import { ManualVisibility } from '../../src/flows/kernel/visibility.js'
import { Voice } from '../../src/platform/speech.js'
import { FakeSpeech } from '../support/fakeSpeech.js'
import { LinkController } from '../../src/ui/controllers/LinkController.js'
import { LinkCodeScreen } from '../../src/ui/screens/LinkCodeScreen.js'
import { FakeClock } from '../support/fakeClock.js'
import { ACCOUNT, FakePlex, IDENTITY } from '../support/fakePlex.js'
import { mount, type Mounted } from '../support/mountLightning.js'

function text(screen: Lightning.Element, path: string): string {
  return ((screen.tag(path) as Lightning.Element | undefined)?.text?.text as string) ?? ''
}

function codeCells(screen: LinkCodeScreen): string {
  const cells = screen.tag('Code') as Lightning.Element
  return cells.children.map((c) => ((c.tag('Char') as Lightning.Element | undefined)?.text?.text as string) ?? '').join('')
}

describe('link-code screen driven by the link-code session', () => {
  let m: Mounted<LinkCodeScreen>
  let clock: FakeClock
  let plexTv: FakePlex
  let speech: FakeSpeech
  let linked: string[]
  let controller: LinkController
  let shared: Services

  beforeEach(() => {
    m = mount(LinkCodeScreen)
    clock = new FakeClock()
    plexTv = new FakePlex(clock)
    speech = new FakeSpeech()
    linked = []
    shared = {
      config: defaultConfig,
      store: new MemoryStore(),
      clock,
      identity: IDENTITY,
      plexTv,
      pms: plexTv.pms,
      voice: new Voice(speech),
      errors: new ErrorLog(),
      pacer: new Pacer(),
      visibility: new ManualVisibility(),
    }
    controller = new LinkController(shared, m.component, () => true, (_t, account) => {
      linked.push(account.title)
      // what App does next: the flow moves on and the link screen's controller is disposed
      controller.dispose()
    })
    m.component.onIntent = (intent) => {
      if (intent === 'ok') controller.ok()
    }
  })

  afterEach(() => {
    controller.dispose()
    m.destroy()
  })

  it('shows the code, the prefilled QR link, a countdown, and reads the code aloud', async () => {
    controller.start()
    await clock.advanceAsync(0)
    expect(codeCells(m.component)).toBe('7RQZ')
    expect((m.component.tag('QrPanel.Qr') as unknown as { payload: string }).payload).toBe('https://plex.tv/link/?pin=7RQZ')
    expect(text(m.component, 'Status.Text')).toBe('Waiting for you to enter the code…')
    expect(text(m.component, 'Countdown.Label')).toBe('Code expires in 15:00')
    expect(speech.spoken).toEqual(['Your code is 7, R, Q, Z'])
    await clock.advanceAsync(32_000)
    expect(text(m.component, 'Countdown.Label')).toBe('Code expires in 14:28')
  })

  it('says "can\'t reach plex.tv", keeps the code, retries on OK, and recovers by itself', async () => {
    controller.start()
    await clock.advanceAsync(0)
    plexTv.outage('getPin', () => new NetworkError('ECONNREFUSED'))
    await clock.advanceAsync(1_000)
    expect(text(m.component, 'Status.Text')).toMatch(/^Can't reach plex\.tv — retrying in \d+ s\. Press OK to retry now\.$/)
    expect(text(m.component, 'Status.Text')).not.toMatch(/expired/i)
    expect(codeCells(m.component)).toBe('7RQZ')
    const before = plexTv.count('getPin')
    m.press('Enter')
    await clock.advanceAsync(1_000) // in the next allowed slot: a second after the failed poll
    expect(plexTv.count('getPin')).toBeGreaterThan(before)
    plexTv.endOutage()
    await clock.advanceAsync(31_000)
    expect(text(m.component, 'Status.Text')).toBe('Waiting for you to enter the code…')
  })

  it('names the HTTP status of a server error', async () => {
    controller.start()
    await clock.advanceAsync(0)
    plexTv.failNext('getPin', new ServerError(503))
    await clock.advanceAsync(1_000)
    expect(text(m.component, 'Status.Text')).toMatch(/^plex\.tv is having trouble \(error 503\) — retrying in \d+ s/)
  })

  it('says "Linked as NAME" when the code is linked, then hands over — and the words survive the screen change', async () => {
    // Before: the link screen's dispose() cancelled speech in the same tick, so "Linked as NAME" was never heard.
    controller.start()
    await clock.advanceAsync(0)
    plexTv.link('7RQZ')
    await clock.advanceAsync(1_000)
    expect(text(m.component, 'Status.Text')).toBe(`Linked as ${ACCOUNT.friendlyName || ACCOUNT.title}`)
    expect(linked).toEqual([ACCOUNT.title])
    expect(speech.spoken).toEqual(['Your code is 7, R, Q, Z', `Linked as ${ACCOUNT.friendlyName || ACCOUNT.title}`])
  })

  it('leaving the screen while the code is being read silences the code', async () => {
    controller.start()
    // Only promise work: the code arrives and is handed to speech, whose engine speaks on a later task.
    // (Disposing right after start() would abort POST /pins first, and nothing would be said whatever
    // dispose() did about speech.)
    for (let i = 0; i < 50 && codeCells(m.component) === ''; i++) await Promise.resolve()
    expect(codeCells(m.component)).toBe('7RQZ')
    controller.dispose()
    await clock.advanceAsync(0)
    expect(speech.spoken).toEqual([])
  })

  it('speaks each code once: not again when the screen is shown again with the same code', async () => {
    controller.start()
    await clock.advanceAsync(0)
    controller.dispose()
    const again = new LinkController(shared, m.component, () => true, () => undefined)
    again.start()
    await clock.advanceAsync(1_000)
    expect(speech.spoken).toEqual(['Your code is 7, R, Q, Z'])
    again.dispose()
  })

  it('no code yet: says so in one sentence for every fault, with what happens next', async () => {
    const causes: Array<[Error, string]> = [
      [new NetworkError('ECONNREFUSED'), "Can't reach plex.tv"],
      [new Timeout(10_000), 'plex.tv is not answering'],
      [new ServerError(502), 'plex.tv is having trouble (error 502)'],
      [new BadResponse('cut off'), "plex.tv sent an answer this TV couldn't read"],
    ]
    for (const [i, [error, cause]] of causes.entries()) {
      plexTv.outage('createPin', () => error as never)
      if (i === 0) controller.start()
      else m.press('Enter') // retry now
      await clock.advanceAsync(0)
      expect(text(m.component, 'Status.Text')).toBe(`No code yet: ${cause} — retrying in ${text(m.component, 'Status.Text').match(/in (\d+) s/)?.[1]} s. Press OK to retry now.`)
      expect(codeCells(m.component)).toBe('')
      await clock.advanceAsync(1_000) // the next press comes a second later (one request a second)
    }
  })

  it('linked, but the account does not load: the steps, the code and the QR give way to what happens next', async () => {
    const visible = (ref: string) => ((m.component as Lightning.Element).tag(ref) as Lightning.Element).visible
    controller.start()
    await clock.advanceAsync(0)
    expect(['Step1', 'Step2', 'Step3', 'Code', 'Countdown', 'QrPanel'].map(visible)).toEqual([true, true, true, true, true, true])
    plexTv.outage('getUser', () => new Timeout(10_000))
    plexTv.link('7RQZ')
    await clock.advanceAsync(1_000)
    expect(text(m.component, 'Status.Text')).toMatch(/^Linked! Your account has not loaded yet: plex\.tv is not answering — retrying in \d+ s\. Press OK to retry now\.$/)
    expect(['Step1', 'Step2', 'Step3', 'Code', 'Countdown', 'QrPanel'].map(visible)).toEqual([false, false, false, false, false, false])
    plexTv.outage('getUser', () => new ServerError(503))
    await clock.advanceAsync(31_000)
    expect(text(m.component, 'Status.Text')).toMatch(/^Linked! Your account has not loaded yet: plex\.tv is having trouble \(error 503\) — retrying in \d+ s/)
    plexTv.endOutage()
    await clock.advanceAsync(31_000)
    expect(linked).toEqual([ACCOUNT.title])
  })

  it('leaves no timer and no request behind when the screen is left', async () => {
    plexTv.latencyMs = 5_000 // a request is in flight when we leave
    controller.start()
    await clock.advanceAsync(5_000)
    await clock.advanceAsync(1_500)
    expect(plexTv.inFlight).toBe(1)
    controller.dispose()
    await clock.advanceAsync(0)
    expect(plexTv.inFlight).toBe(0)
    expect(clock.pendingTimers()).toBe(0)
  })
})
