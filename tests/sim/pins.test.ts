import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../sim/index.js'
import { call, CLIENT, typeOf } from './support.js'

let now = Date.UTC(2026, 10, 22, 17, 3, 5)
let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ now: () => now })
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

describe('POST /api/v2/pins (plex-api.md §2)', () => {
  it('answers 201 with the full pin object, field names and JSON types as documented', async () => {
    const res = await call(sim.url, 'POST', '/api/v2/pins')
    expect(res.status).toBe(201)
    const pin = res.json() as Record<string, unknown>
    const expected: Record<string, string> = {
      id: 'number', code: 'string', product: 'string', trusted: 'boolean', qr: 'string', clientIdentifier: 'string',
      location: 'object', expiresIn: 'number', createdAt: 'string', expiresAt: 'string', authToken: 'null', newRegistration: 'null',
    }
    expect(Object.fromEntries(Object.entries(pin).map(([k, v]) => [k, typeOf(v)]))).toEqual(expected)
    expect(pin.code).toMatch(/^[A-Z0-9]{4}$/)
    expect(String(pin.id)).toMatch(/^\d{9,10}$/)
    expect(pin.expiresIn).toBe(900)
    expect(pin.product).toBe('Sim Tests')
    expect(pin.clientIdentifier).toBe(CLIENT)
    expect(Date.parse(pin.expiresAt as string) - Date.parse(pin.createdAt as string)).toBe(900_000)
    expect(Object.keys(pin.location as object).sort()).toEqual(
      ['code', 'european_union_member', 'continent_code', 'country', 'city', 'time_zone', 'postal_code', 'in_privacy_restricted_country', 'in_privacy_restricted_region', 'subdivisions', 'coordinates'].sort(),
    )
  })

  it('strong=true gives a 25-character lower-case code that lives 1800 s', async () => {
    const pin = (await call(sim.url, 'POST', '/api/v2/pins?strong=true')).json() as { code: string; expiresIn: number }
    expect(pin.code).toMatch(/^[a-z0-9]{25}$/)
    expect(pin.expiresIn).toBe(1800)
  })

  it('answers XML without Accept: application/json, and JSON for the .json suffix', async () => {
    const xml = await call(sim.url, 'POST', '/api/v2/pins', { json: false, headers: { 'X-Plex-Client-Identifier': CLIENT } })
    expect(xml.status).toBe(201)
    expect(xml.headers.get('content-type')).toMatch(/xml/)
    expect(xml.text).toMatch(/<pin id="\d+" code="[A-Z0-9]{4}"/)
    const json = await call(sim.url, 'POST', '/api/v2/pins.json', { json: false, headers: { 'X-Plex-Client-Identifier': CLIENT } })
    expect((json.json() as { code: string }).code).toMatch(/^[A-Z0-9]{4}$/)
  })

  it('400 code 1000 without a client identifier; X-Plex-* accepted as query parameters', async () => {
    const missing = await call(sim.url, 'POST', '/api/v2/pins', { json: false, headers: { Accept: 'application/json' } })
    expect(missing.status).toBe(400)
    expect(missing.json()).toEqual({ errors: [{ code: 1000, message: 'X-Plex-Client-Identifier is missing', status: 400 }] })
    const query = await call(sim.url, 'POST', `/api/v2/pins?X-Plex-Client-Identifier=${CLIENT}&X-Plex-Product=Query`, { json: false, headers: { Accept: 'application/json' } })
    expect(query.status).toBe(201)
    expect((query.json() as { product: string }).product).toBe('Query')
  })
})

describe('GET /api/v2/pins/{id} (§3)', () => {
  it('counts expiresIn down, stays null until linked, then carries the token', async () => {
    const pin = (await call(sim.url, 'POST', '/api/v2/pins')).json() as { id: number; code: string }
    now += 24_000
    const polled = (await call(sim.url, 'GET', `/api/v2/pins/${pin.id}`)).json() as { expiresIn: number; authToken: string | null }
    expect(polled.expiresIn).toBe(876) // the spec example: 876 s left, 24 s after creation
    expect(polled.authToken).toBeNull()
    expect(await sim.link(pin.code.toLowerCase(), 'owner')).toBe(204)
    const linked = (await call(sim.url, 'GET', `/api/v2/pins/${pin.id}`)).json() as { authToken: string }
    expect(linked.authToken).toBe(sim.fixtures.accounts.find((a) => a.key === 'owner')!.token)
  })

  it('404 code 1020 once expired, for an unknown id, and for another client identifier', async () => {
    const notFound = { errors: [{ code: 1020, message: 'Code not found or expired' }] }
    const pin = (await call(sim.url, 'POST', '/api/v2/pins')).json() as { id: number }
    const other = await call(sim.url, 'GET', `/api/v2/pins/${pin.id}`, { headers: { 'X-Plex-Client-Identifier': 'someone-else' } })
    expect([other.status, other.json()]).toEqual([404, notFound])
    const unknown = await call(sim.url, 'GET', '/api/v2/pins/123456789')
    expect([unknown.status, unknown.json()]).toEqual([404, notFound])
    now += 900_000
    const expired = await call(sim.url, 'GET', `/api/v2/pins/${pin.id}`)
    expect([expired.status, expired.json()]).toEqual([404, notFound])
  })

  it('the control API sets the lifetime and expires a pin at once', async () => {
    await sim.setPinLifetime(90)
    const pin = (await call(sim.url, 'POST', '/api/v2/pins')).json() as { id: number; code: string; expiresIn: number }
    expect(pin.expiresIn).toBe(90)
    expect(await sim.expirePin(pin.code)).toBe(true)
    expect((await call(sim.url, 'GET', `/api/v2/pins/${pin.id}`)).status).toBe(404)
  })
})

describe('PUT /api/v2/pins/link (§4) and the /link page', () => {
  it('204 with a token, 401 without, 404/1020 for a bad, expired or strong code', async () => {
    const owner = sim.fixtures.accounts.find((a) => a.key === 'owner')!
    const pin = (await call(sim.url, 'POST', '/api/v2/pins')).json() as { id: number; code: string }
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
    expect((await call(sim.url, 'PUT', '/api/v2/pins/link', { headers: form, body: `code=${pin.code}` })).status).toBe(401)
    expect((await call(sim.url, 'PUT', '/api/v2/pins/link', { headers: { ...form, 'X-Plex-Token': owner.token }, body: 'code=ZZZZ' })).status).toBe(404)
    const strong = (await call(sim.url, 'POST', '/api/v2/pins?strong=true')).json() as { code: string }
    expect((await call(sim.url, 'PUT', '/api/v2/pins/link.json', { headers: { ...form, 'X-Plex-Token': owner.token }, body: `code=${strong.code}` })).status).toBe(404)
    const ok = await call(sim.url, 'PUT', '/api/v2/pins/link', { headers: { ...form, 'X-Plex-Token': owner.token }, body: `code=${pin.code}` })
    expect(ok.status).toBe(204)
    expect(ok.text).toBe('')
  })

  it('the phone page prefills ?pin=, links case- and space-insensitively, and says when a code is unknown', async () => {
    const pin = (await call(sim.url, 'POST', '/api/v2/pins')).json() as { id: number; code: string }
    const page = await fetch(`${sim.linkPageUrl}?pin=${pin.code}`).then((r) => r.text())
    expect(page).toContain(`id="code" name="code" value="${pin.code}"`)
    const post = (code: string) =>
      fetch(sim.linkPageUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `account=single&code=${encodeURIComponent(code)}` }).then((r) => r.text())
    expect(await post('QQQQ')).toContain('Code not found or expired')
    expect(await post(` ${pin.code.toLowerCase().split('').join(' ')} `)).toContain('Linked!')
    const linked = (await call(sim.url, 'GET', `/api/v2/pins/${pin.id}`)).json() as { authToken: string }
    expect(linked.authToken).toBe(sim.fixtures.accounts.find((a) => a.key === 'single')!.token)
  })
})

describe('GET /api/v2/pins/qr/{code} (§5)', () => {
  it('serves a PNG without a token that decodes to the prefilled link page', async () => {
    const { PNG } = await import('pngjs')
    const { default: jsQR } = await import('jsqr')
    const pin = (await call(sim.url, 'POST', '/api/v2/pins')).json() as { code: string; qr: string }
    const res = await fetch(pin.qr)
    expect(res.headers.get('content-type')).toBe('image/png')
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()))
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(`${sim.url}/link/?pin=${pin.code}`)
  })
})

describe('CORS (§0)', () => {
  it('passes a browser preflight with the X-Plex headers and exposes Location only, as plex.tv does', async () => {
    const res = await fetch(`${sim.url}/api/v2/user`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://tv.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'accept,x-plex-token,x-plex-client-identifier' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS')
    expect(res.headers.get('access-control-allow-headers')).toBe('accept,x-plex-token,x-plex-client-identifier')
    expect(res.headers.get('access-control-max-age')).toBe('86400')
    expect(res.headers.get('access-control-expose-headers')).toBe('Location')
  })
})
