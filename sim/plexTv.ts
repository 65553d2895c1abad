/**
 * plex.tv's routes: the phone's /link page, pictures and QR images (no client identifier needed), then the
 * API under /api/ (client identifier required, plex-api.md §1). API routes are a table: a new family of
 * routes (e.g. sim/jwt*.ts) exports its own `ApiRoute[]` and is added to API_ROUTES below.
 */
import QRCode from 'qrcode'
import { linkPageHtml } from './linkPage.js'
import { bodyField, errorBody, railsBoolean, wantsJson, type Exchange } from './http.js'
import { avatarPng, homeJson, pinJson, playerDevice, resourceJson, userJson, userXml, v1HomeUsers } from './plexTvAnswers.js'
import type { IncomingMessage } from 'node:http'
import type { PlexTvHost, Principal, SimPin, SimWorld } from './world.js'

/** What a plex.tv route sees: the world and plex.tv's base URL (links, QR images and pictures live there). */
export interface PlexTv {
  world: SimWorld
  baseUrl: string
  /** Headers every plex.tv answer carries: CORS and Date. */
  headers(req: IncomingMessage): Record<string, string>
}

/** An API request that passed the client identifier check. */
export interface ApiRequest extends Exchange {
  /** The path without a `.json` suffix. */
  apiPath: string
  /** The route's path pattern matched against apiPath. */
  match: RegExpExecArray
  clientId: string
  token: string | null
  /** Whose token it is; null for none or an unknown one. */
  principal: Principal | null
  /** An X-Plex-* value from a header or the query (plex-api.md §0). */
  plex(name: string): string | null
}

export interface ApiRoute {
  method: string
  path: RegExp
  handle(r: ApiRequest, tv: PlexTv): void | Promise<void>
}

const unauthorized = (r: ApiRequest) => r.send(401, errorBody(1001, 'User could not be authenticated', 401))

const coreRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: /^\/api\/v2\/pins$/,
    handle(r, { world, baseUrl }) {
      // plex.tv reads `strong` as a Rails boolean: strong=1, =True, =on… all mean true (sim/http.ts railsBoolean)
      const strong = railsBoolean(r.url.searchParams.get('strong') ?? bodyField(r.req, r.body, 'strong')) === true
      const now = world.now()
      const pin: SimPin = {
        id: world.nextId,
        code: world.newCode(strong),
        strong,
        clientIdentifier: r.clientId,
        product: r.plex('X-Plex-Product') ?? '',
        createdAt: now,
        expiresAt: now + (strong ? world.lifetime.strong : world.lifetime.pin) * 1000,
        authToken: null,
      }
      world.nextId += 1 + Math.floor(world.random() * 997)
      world.pins.set(pin.id, pin)
      r.send(201, pinJson(world, pin, baseUrl), {}, 'pin')
    },
  },
  {
    method: 'GET',
    path: /^\/api\/v2\/pins\/(\d+)$/,
    handle(r, { world, baseUrl }) {
      const pin = world.pins.get(Number(r.match[1]))
      // expired, unknown, or asked for by another client identifier: 404/1020 (plex-api.md §3)
      if (!pin || pin.expiresAt <= world.now() || pin.clientIdentifier !== r.clientId) return r.send(404, errorBody(1020, 'Code not found or expired'))
      r.send(200, pinJson(world, pin, baseUrl), {}, 'pin')
    },
  },
  {
    method: 'PUT',
    path: /^\/api\/v2\/pins\/link$/,
    handle(r, { world }) {
      if (!r.token || !r.principal) return unauthorized(r)
      const status = world.linkCode(bodyField(r.req, r.body, 'code') ?? '', r.token)
      return status === 204 ? r.send(204, undefined) : r.send(404, errorBody(1020, 'Code not found or expired'))
    },
  },
  {
    method: 'GET',
    path: /^\/api\/v2\/user$/,
    handle(r) {
      if (!r.principal) return unauthorized(r)
      r.send(200, userAnswer(r, userJson(r.principal)), {}, 'user')
    },
  },
  {
    method: 'GET',
    path: /^\/api\/v2\/resources$/,
    handle(r, { world }) {
      if (!r.principal) return unauthorized(r)
      const flag = (name: string) => ['1', 'true'].includes(r.url.searchParams.get(name) ?? '')
      const include = { https: flag('includeHttps'), relay: flag('includeRelay'), IPv6: flag('includeIPv6') }
      const account = r.principal.account
      r.send(200, [...world.serversFor(account).map((srv) => resourceJson(world, srv, include)), ...(account === world.owner ? [playerDevice] : [])], {}, 'resources')
    },
  },
  {
    method: 'GET',
    path: /^\/api\/v2\/home\/users$/,
    handle(r, { world }) {
      if (!r.principal) return unauthorized(r)
      r.send(200, homeJson(world, r.principal), {}, 'home')
    },
  },
  {
    method: 'POST',
    path: /^\/api\/v2\/home\/users\/([^/]+)\/switch$/,
    handle(r, { world }) {
      const answer = switchHomeUser(r, world)
      if (answer.status !== 201) return r.send(answer.status, answer.body)
      r.send(201, userAnswer(r, answer.body), {}, 'user')
    },
  },
  // v1, XML only (python-plexapi's HOMEUSERS = https://plex.tv/api/home/users; plex-api.md §8.1)
  {
    method: 'GET',
    path: /^\/api\/home\/users$/,
    handle(r, { world }) {
      if (!r.principal) return unauthorized(r)
      r.send(200, v1HomeUsers(homeJson(world, r.principal)), {}, 'MediaContainer')
    },
  },
  // v1 switch: `<user … authenticationToken="…">` (python-plexapi switchHomeUser reads authenticationToken)
  {
    method: 'POST',
    path: /^\/api\/home\/users\/([^/]+)\/switch$/,
    handle(r, { world }) {
      const answer = switchHomeUser(r, world)
      if (answer.status !== 201) return r.send(answer.status, answer.body)
      r.send(201, userXml({ ...answer.body, authenticationToken: answer.body.authToken }), {}, 'user')
    },
  },
  {
    method: 'GET',
    path: /^\/api\/claim\/token$/,
    handle(r, { world }) {
      if (!r.principal) return unauthorized(r)
      r.send(200, { token: world.issueClaimToken(r.principal.account) }, {}, 'MediaContainer')
    },
  },
]

/** The user object in the format asked for: XML writes subscribedAt as plex.tv's XML does. */
function userAnswer(r: ApiRequest, user: ReturnType<typeof userJson>) {
  return wantsJson(r.req, r.path) ? user : userXml(user)
}

/** A Home switch (v1 and v2 alike): 201 with the user switched to, or an error status and envelope. */
function switchHomeUser(r: ApiRequest, world: SimWorld):
  | { status: 201; body: ReturnType<typeof userJson> }
  | { status: 401 | 403 | 404; body: ReturnType<typeof errorBody> } {
  if (!r.principal) return { status: 401, body: errorBody(1001, 'User could not be authenticated', 401) }
  const wanted = r.match[1]!
  const pin = r.url.searchParams.get('pin') ?? bodyField(r.req, r.body, 'pin')
  const notFound = { status: 404, body: errorBody(1002, 'Not found', 404) } as const
  const invalidPin = { status: 403, body: errorBody(1041, 'Invalid PIN', 403) } as const
  if (r.principal.account !== world.owner) {
    // an account without a Home has a Home of one (see home/users): switching to itself works, as to an
    // unprotected user; any PIN sent is wrong, there is none
    const self = r.principal.account.user
    if (wanted !== self.uuid && wanted !== String(self.id)) return notFound
    if (pin !== null) return invalidPin
    return { status: 201, body: userJson({ account: r.principal.account, homeUser: null }) }
  }
  const target = world.currentHome().find((u) => u.uuid === wanted || String(u.id) === wanted)
  if (!target) return notFound
  // plex.tv demands a PIN for a protected user and checks any PIN that is sent, even for an unprotected
  // user (plex-api.md §8.2, §13.9: a 1041 can come when protected is false); a user without a PIN has
  // no right PIN, so any PIN sent for them is wrong
  const pinOk = pin === null ? !target.protected : pin === target.pin
  if (!pinOk) return invalidPin
  return { status: 201, body: userJson({ account: world.owner, homeUser: target }) }
}

/** Every API route, in the order they are tried. Add new route families here. */
export const API_ROUTES: readonly ApiRoute[] = [...coreRoutes]

/** Answers one plex.tv or clients.plex.tv request (faults already applied). */
export async function handlePlexTv(x: Exchange, site: PlexTvHost, tv: PlexTv): Promise<void> {
  const { world, baseUrl } = tv
  const { req, res, url, method, path, body, arrived, send } = x
  if (path === '/link' || path === '/link/') {
    const accounts = world.accounts
    if (method === 'POST') {
      const form = new URLSearchParams(body)
      const account = accounts.find((a) => a.key === form.get('account')) ?? accounts[0]!
      const status = world.linkCode(form.get('code') ?? '', account.token)
      return send(200, linkPageHtml({ accounts, selected: account.key, code: form.get('code') ?? '', result: status === 204 ? 'linked' : 'not-found' }))
    }
    return send(200, linkPageHtml({ accounts, selected: url.searchParams.get('account') ?? 'owner', code: url.searchParams.get('pin') ?? '', result: null }))
  }

  // A Home user's or account's picture (`thumb`): a PNG that needs no token. Whether plex.tv lets a
  // page on another origin draw it into WebGL (CORS on the image) is not documented; answered with
  // the API's own CORS here, and the app falls back to initials when a picture does not load.
  const avatarMatch = /^\/users\/([0-9a-f]+)\/avatar$/.exec(path)
  if (method === 'GET' && avatarMatch) {
    world.requestLog.push({ host: site, method, path, time: arrived, status: 200 })
    res.writeHead(200, { ...tv.headers(req), 'Content-Type': 'image/png' })
    res.end(avatarPng(avatarMatch[1]!))
    return
  }

  // The pin's `qr` field points here: a PNG that needs no token and encodes the prefilled link page
  // (plex-api.md §5; the encoded URL is UNCERTAIN there, the likeliest value is used).
  const qrMatch = /^\/api\/v2\/pins\/qr\/([A-Za-z0-9]+)$/.exec(path)
  if (method === 'GET' && qrMatch) {
    const png = await QRCode.toBuffer(`${baseUrl}/link/?pin=${qrMatch[1]}`, { margin: 2, scale: 8 })
    world.requestLog.push({ host: site, method, path, time: arrived, status: 200 })
    res.writeHead(200, { ...tv.headers(req), 'Content-Type': 'image/png' })
    res.end(png)
    return
  }

  // X-Plex-* values may come as headers or as query parameters (plex-api.md §0)
  const plex = (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? url.searchParams.get(name) ?? null
  const clientId = plex('X-Plex-Client-Identifier')
  const token = plex('X-Plex-Token')
  const apiPath = path.replace(/\.json$/, '')

  if (!apiPath.startsWith('/api/')) return send(404, errorBody(1002, 'Not found', 404))
  if (!clientId) return send(400, errorBody(1000, 'X-Plex-Client-Identifier is missing', 400))

  for (const route of API_ROUTES) {
    if (route.method !== method) continue
    const match = route.path.exec(apiPath)
    if (!match) continue
    return route.handle({ ...x, apiPath, match, clientId, token, principal: world.principalOf(token), plex }, tv)
  }
  send(404, errorBody(1002, 'Not found', 404))
}
