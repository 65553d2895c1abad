/**
 * What a host app receives: a `plexlink:ready` event on the window and a message to the parent frame,
 * with tokens only when settings opted in.
 */
import { describe, expect, it } from 'vitest'
import { publishReady, publishSignedOut, type ReadyDetail } from '../../src/platform/hostEvents.js'

function fakeWindow(framed: boolean) {
  const events: { type: string; detail: unknown }[] = []
  const posted: { message: unknown; origin: string }[] = []
  const parent = { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) }
  const win = {
    CustomEvent: class {
      constructor(
        readonly type: string,
        readonly init: { detail: unknown },
      ) {}
    } as unknown as typeof CustomEvent,
    dispatchEvent: (e: Event) => {
      events.push({ type: e.type, detail: (e as unknown as { init: { detail: unknown } }).init.detail })
      return true
    },
    parent: undefined as unknown as Window,
  }
  win.parent = (framed ? parent : win) as unknown as Window
  return { win, events, posted }
}

const detail: ReadyDetail = {
  account: { id: 1, title: 'Alex' },
  user: { uuid: 'u1', title: 'Jordan' },
  server: { clientIdentifier: 's1', name: 'Living Room', owned: true },
  connection: { uri: 'http://192.168.1.20:32400', kind: 'local', secure: false, latencyMs: 12 },
}

describe('host app events', () => {
  const HOST = 'https://launcher.example'

  it('without opting in, the event and the parent message carry who and where, and no token', () => {
    const { win, events, posted } = fakeWindow(true)
    publishReady(win, detail, { share: false, token: 'user-token-SECRET', serverToken: 'pms-token-SECRET', hostOrigin: HOST })
    expect(events).toEqual([{ type: 'plexlink:ready', detail: { type: 'plexlink:ready', ...detail } }])
    expect(posted).toEqual([{ message: { type: 'plexlink:ready', ...detail }, origin: HOST }])
    expect(JSON.stringify([events, posted])).not.toContain('SECRET')
  })

  it('posts to the parent only when hostOrigin names an origin, and never to "*"; the same-window event fires regardless', () => {
    for (const hostOrigin of ['', '*', 'launcher.example', 'javascript:alert(1)', 'https://launcher.example/path']) {
      const { win, events, posted } = fakeWindow(true)
      publishReady(win, detail, { share: true, token: 'user-token-SECRET', serverToken: null, hostOrigin })
      publishSignedOut(win, hostOrigin)
      expect([hostOrigin, posted]).toEqual([hostOrigin, []])
      expect(events.map((e) => e.type)).toEqual(['plexlink:ready', 'plexlink:signedout'])
    }
    const { win, posted } = fakeWindow(true)
    publishSignedOut(win, `${HOST}/`)
    expect(posted).toEqual([{ message: { type: 'plexlink:signedout' }, origin: HOST }])
  })

  it('a connection URI that is not http or https is never handed over', () => {
    for (const uri of ['data:text/html,<script>alert(1)</script>', 'javascript:alert(1)', 'file:///etc/passwd', 'ftp://192.168.1.20']) {
      const { win, events, posted } = fakeWindow(true)
      const message = publishReady(win, { ...detail, connection: { ...detail.connection, uri } }, { share: false, token: 't', serverToken: null, hostOrigin: HOST })
      expect([uri, message, events, posted]).toEqual([uri, null, [], []])
    }
  })

  it('with shareTokenWithHost, the tokens are included', () => {
    const { win, events } = fakeWindow(false)
    const message = publishReady(win, detail, { share: true, token: 'user-token-1', serverToken: 'pms-token-2', hostOrigin: '' })
    expect(message).toMatchObject({ token: 'user-token-1', serverToken: 'pms-token-2' })
    expect(events[0]!.detail).toBe(message)
  })

  it('a page that is not framed posts nothing to itself; sign-out is announced', () => {
    const { win, events, posted } = fakeWindow(false)
    publishSignedOut(win, HOST)
    expect(posted).toEqual([])
    expect(events).toEqual([{ type: 'plexlink:signedout', detail: { type: 'plexlink:signedout' } }])
  })
})
