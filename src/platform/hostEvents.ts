/**
 * Tells a host app what was chosen, so PlexLink TV can be embedded (an iframe in a launcher, or a page
 * that loads it): a `plexlink:ready` CustomEvent on `window`, and the same object posted to the parent
 * frame when there is one. A `plexlink:signedout` event/message follows a sign-out.
 *
 * The token is included only when settings say `shareTokenWithHost: true`; otherwise no secret leaves the
 * app. Documented in README ("Host apps").
 */
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

function publish(win: HostWindow, type: string, message: Record<string, unknown>): void {
  win.dispatchEvent(new win.CustomEvent(type, { detail: message }))
  // an embedding frame can't add listeners to our window: post it up (structured clone, any origin —
  // the payload carries no secret unless the host opted in through settings it controls)
  if (win.parent && win.parent !== (win as unknown)) win.parent.postMessage(message, '*')
}

export function publishReady(
  win: HostWindow,
  detail: ReadyDetail,
  secrets: { share: boolean; token: string; serverToken: string | null },
): ReadyMessage {
  const message: ReadyMessage = { type: READY_EVENT, ...detail }
  if (secrets.share) {
    message.token = secrets.token
    if (secrets.serverToken !== null) message.serverToken = secrets.serverToken
  }
  publish(win, READY_EVENT, message as unknown as Record<string, unknown>)
  return message
}

export function publishSignedOut(win: HostWindow): void {
  publish(win, SIGNED_OUT_EVENT, { type: SIGNED_OUT_EVENT })
}
