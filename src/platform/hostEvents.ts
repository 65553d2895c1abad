/**
 * Tells a host app what was chosen, so PlexLink TV can be embedded (an iframe in a launcher, or a page
 * that loads it): a `plexlink:ready` CustomEvent on `window`, and the same object posted to the parent
 * frame — only to the origin settings name in `hostOrigin` (none by default: a frame we were put in by
 * an unknown page learns nothing). A `plexlink:signedout` event/message follows a sign-out.
 *
 * The token is included only when settings say `shareTokenWithHost: true`; otherwise no secret leaves the
 * app. A connection URI that is not http:/https: is never handed over. Documented in README ("Host apps").
 */
import { isWebUri } from '../plex/inputs.js'

export const READY_EVENT = 'plexlink:ready'
export const SIGNED_OUT_EVENT = 'plexlink:signedout'

export interface ReadyDetail {
  account: { id: number; title: string }
  user: { uuid: string; title: string } | null
  server: { clientIdentifier: string; name: string; owned: boolean }
  connection: { uri: string; kind: 'local' | 'remote' | 'relay'; secure: boolean; latencyMs: number }
}

export interface ReadyMessage extends ReadyDetail {
  type: typeof READY_EVENT
  /** The chosen user's token for the server step, only with `shareTokenWithHost`. */
  token?: string
  /** The server's own access token, only with `shareTokenWithHost`. */
  serverToken?: string
}

type HostWindow = Pick<Window, 'dispatchEvent' | 'parent'> & { CustomEvent: typeof CustomEvent }

/** `hostOrigin` as postMessage's target origin: an exact http(s) origin ("https://launcher.example"), else null. */
export function hostTargetOrigin(hostOrigin: string): string | null {
  if (!isWebUri(hostOrigin)) return null
  const origin = new URL(hostOrigin).origin
  return hostOrigin.replace(/\/$/, '') === origin ? origin : null
}

function publish(win: HostWindow, type: string, message: object, hostOrigin: string): void {
  win.dispatchEvent(new win.CustomEvent(type, { detail: message }))
  // an embedding frame can't add listeners to our window: post it up, to the configured host's origin only
  // (postMessage to '*' would hand who/where — and with shareTokenWithHost the tokens — to any page that
  // frames us); the browser drops the message when the parent is on another origin
  const target = hostTargetOrigin(hostOrigin)
  if (target !== null && win.parent && win.parent !== (win as unknown)) win.parent.postMessage(message, target)
}

export interface PublishOptions {
  share: boolean
  token: string
  serverToken: string | null
  /** settings' `hostOrigin`: the parent frame's origin, '' for none (then only the same-window event). */
  hostOrigin: string
}

/** Publishes the choice; null (nothing published) when the connection URI is not http:/https:. */
export function publishReady(win: HostWindow, detail: ReadyDetail, options: PublishOptions): ReadyMessage | null {
  if (!isWebUri(detail.connection.uri)) return null
  const message: ReadyMessage = { type: READY_EVENT, ...detail }
  if (options.share) {
    message.token = options.token
    if (options.serverToken !== null) message.serverToken = options.serverToken
  }
  publish(win, READY_EVENT, message, options.hostOrigin)
  return message
}

export function publishSignedOut(win: HostWindow, hostOrigin: string): void {
  publish(win, SIGNED_OUT_EVENT, { type: SIGNED_OUT_EVENT }, hostOrigin)
}
