/** The control API under /__sim/ (JSON): what tests, benchmarks and the demo use to steer the simulator. */
import { FAULT_KINDS, type Faults, type FaultSpec } from './faults.js'
import type { Send } from './http.js'
import type { EndpointConfig } from './pms.js'
import type { SimWorld } from './world.js'

/** What GET /__sim answers: the control routes, for a person poking at the demo with curl. */
export const CONTROL_ROUTES = [
  'POST /__sim/reset',
  'GET|POST /__sim/config {lifetimeSec?, pinLifetimeSec?, strongPinLifetimeSec?, clockSkewSec?}',
  'POST /__sim/expire {id} | {code}',
  'POST /__sim/link {code, account}',
  'GET|POST|DELETE /__sim/faults {method?, path, exact?, kind, status?, retryAfterSec?, delayMs?, count?, durationMs?}',
  'GET|DELETE /__sim/log',
  'POST /__sim/world {homeUsers?: 0..60 | null, servers?: 0..(seeded + crowdServers) | null}',
  'GET /__sim/pins',
  'GET /__sim/pms',
  'POST /__sim/pms/{endpoint} {mode?, latencyMs?, wrongIdentity?, cors?: any|appPlexTvForGuests|none}',
]

export function isControlPath(path: string): boolean {
  return path === '/__sim' || path.startsWith('/__sim/')
}

export function control(world: SimWorld, faults: Faults, method: string, path: string, body: string, send: Send): void {
  let input: Record<string, unknown> = {}
  try {
    const parsed: unknown = body ? JSON.parse(body) : {}
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
    input = parsed as Record<string, unknown>
  } catch {
    return send(400, { error: 'the control API takes a JSON object body' })
  }
  const route = `${method} ${path.replace(/\/$/, '')}`
  const seconds = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
  const config = () => ({ pinLifetimeSec: world.lifetime.pin, strongPinLifetimeSec: world.lifetime.strong, clockSkewSec: world.clockSkewSec })
  switch (route) {
    case 'GET /__sim':
      return send(200, { routes: CONTROL_ROUTES })
    case 'POST /__sim/reset':
      faults.clear()
      return void world.reset().then(() => send(200, { ok: true }))
    case 'GET /__sim/pms':
      return send(200, world.pmsList())
    case 'GET /__sim/config':
      return send(200, config())
    case 'POST /__sim/config': {
      // lifetimeSec sets both kinds; pinLifetimeSec / strongPinLifetimeSec one kind (new pins only)
      for (const k of ['lifetimeSec', 'pinLifetimeSec', 'strongPinLifetimeSec'] as const) {
        if (input[k] !== undefined && !seconds(input[k])) return send(400, { error: `${k} must be a number of seconds >= 0` })
      }
      if (input.clockSkewSec !== undefined && typeof input.clockSkewSec !== 'number') return send(400, { error: 'clockSkewSec must be a number' })
      if (typeof input.lifetimeSec === 'number') world.lifetime = { pin: input.lifetimeSec, strong: input.lifetimeSec }
      if (typeof input.pinLifetimeSec === 'number') world.lifetime.pin = input.pinLifetimeSec
      if (typeof input.strongPinLifetimeSec === 'number') world.lifetime.strong = input.strongPinLifetimeSec
      if (typeof input.clockSkewSec === 'number') world.clockSkewSec = input.clockSkewSec
      return send(200, config())
    }
    case 'POST /__sim/expire': {
      const code = String(input.code ?? '').replace(/\s+/g, '').toLowerCase()
      const pin = [...world.pins.values()].find((p) => p.id === input.id || (code !== '' && p.code.toLowerCase() === code))
      if (!pin) return send(404, { expired: false })
      pin.expiresAt = world.now()
      return send(200, { expired: true, id: pin.id })
    }
    case 'POST /__sim/link': {
      const account = world.accounts.find((a) => a.key === (input.account ?? 'owner'))
      if (!account) return send(400, { error: `unknown account; one of ${world.accounts.map((a) => a.key).join(', ')}` })
      return send(200, { status: world.linkCode(String(input.code ?? ''), account.token) })
    }
    case 'POST /__sim/faults': {
      const kind = FAULT_KINDS.find((k) => k === input.kind)
      if (typeof input.path !== 'string' || !input.path.startsWith('/')) return send(400, { error: 'path must start with /' })
      if (!kind) return send(400, { error: `kind must be one of ${FAULT_KINDS.join(', ')}` })
      const numbers: Partial<Record<'count' | 'durationMs' | 'delayMs' | 'retryAfterSec' | 'status', number>> = {}
      for (const k of ['count', 'durationMs', 'delayMs', 'retryAfterSec', 'status'] as const) {
        const v = input[k]
        if (v === undefined) continue
        if (!seconds(v)) return send(400, { error: `${k} must be a number >= 0` })
        numbers[k] = v
      }
      const f: FaultSpec = {
        path: input.path, kind, ...numbers,
        ...(typeof input.method === 'string' ? { method: input.method } : {}),
        ...(input.exact !== undefined ? { exact: input.exact === true } : {}),
      }
      return send(200, { faults: faults.add(f) })
    }
    case 'POST /__sim/world': {
      const size = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 60)
      if (input.homeUsers !== undefined && !size(input.homeUsers)) return send(400, { error: 'homeUsers must be null or 0..60' })
      const servers = input.servers
      if (servers !== undefined && servers !== null && !(typeof servers === 'number' && Number.isInteger(servers) && servers >= 0 && servers <= world.maxServers)) {
        return send(400, { error: `servers must be null or 0..${world.maxServers}` })
      }
      if (input.homeUsers !== undefined) world.size.homeUsers = input.homeUsers as number | null
      if (input.servers !== undefined) world.size.servers = input.servers as number | null
      return send(200, { homeUsers: world.currentHome().length, servers: world.ownerServers().length })
    }
    case 'GET /__sim/faults':
      return send(200, faults.list())
    case 'DELETE /__sim/faults':
      faults.clear()
      return send(200, { ok: true })
    case 'GET /__sim/log':
      return send(200, world.requestLog)
    case 'DELETE /__sim/log':
      world.requestLog = []
      return send(200, { ok: true })
    case 'GET /__sim/pins':
      return send(200, [...world.pins.values()].map((p) => ({ id: p.id, code: p.code, strong: p.strong, expiresAt: p.expiresAt, linked: p.authToken !== null })))
    default: {
      const pmsMatch = /^POST \/__sim\/pms\/([^/]+)$/.exec(route)
      const endpoint = pmsMatch ? world.endpoints.get(decodeURIComponent(pmsMatch[1]!)) : undefined
      if (pmsMatch && !endpoint) return send(404, { error: `no fake PMS endpoint ${pmsMatch[1]}; GET /__sim/pms lists them` })
      if (endpoint) {
        const change: Partial<EndpointConfig> = {}
        if (input.mode !== undefined) {
          if (input.mode !== 'ok' && input.mode !== 'refuse' && input.mode !== 'hang') return send(400, { error: 'mode must be ok, refuse or hang' })
          change.mode = input.mode
        }
        if (input.latencyMs !== undefined) {
          if (!seconds(input.latencyMs)) return send(400, { error: 'latencyMs must be a number >= 0' })
          change.latencyMs = input.latencyMs
        }
        if (input.wrongIdentity !== undefined) change.wrongIdentity = input.wrongIdentity === true
        if (input.cors !== undefined) {
          if (input.cors !== 'any' && input.cors !== 'appPlexTvForGuests' && input.cors !== 'none') return send(400, { error: 'cors must be any, appPlexTvForGuests or none' })
          change.cors = input.cors
        }
        return void endpoint.configure(change).then(() => send(200, { name: endpoint.name, uri: endpoint.uri, ...endpoint.config }))
      }
      return send(404, { error: `no control route ${route}` })
    }
  }
}
