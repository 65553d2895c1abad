/**
 * Linking with the device key in WPE WebKit 2.38 (RDK set-top boxes), the shipped dist/es6 build with
 * `auth: "auto"`: WPE 2.38 has no Ed25519 in WebCrypto, so TweetNaCl makes and holds the key (its seed in
 * localStorage) and signs the device JWTs. Checked at the simulator: the key came with the code, the polls'
 * device JWTs verified against it, and a Plex JWT bound to it was issued; the TV went on with that JWT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../sim/index.js'
import { startAppServer, type RunningAppServer } from '../../scripts/appServer.js'
import { simulatorSettings } from '../../scripts/simulatorSettings.js'
import { DRAWN_BOXES, codeIn, type DrawnBox } from './lightningScreen.js'
import { WpeSession } from './webdriver.js'

type Simulator = Awaited<ReturnType<typeof startSimulator>>

/** cog's headless view is 800×600 (see link-to-ready.test.ts): the same layout, scaled. */
const WPE_STAGE = { w: 800, h: 450, precision: 800 / 1920 }

let sim: Simulator
let app: RunningAppServer
let wpe: WpeSession

const texts = async (): Promise<string[]> => (await wpe.run<DrawnBox[]>(DRAWN_BOXES)).map((b) => b.text)

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const start = Date.now()
  let last = await read()
  while (!ok(last)) {
    if (Date.now() - start > timeoutMs) throw new Error(`WPE: no ${what} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`)
    await new Promise((done) => setTimeout(done, 200))
    last = await read()
  }
  return last
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
  const settings = simulatorSettings(sim)
  app = await startAppServer({
    root: 'dist/es6',
    settings: { ...settings, appSettings: { ...settings.appSettings, plex: { ...settings.appSettings.plex, auth: 'auto' }, stage: WPE_STAGE } },
  })
  wpe = await WpeSession.start()
})

afterAll(async () => {
  await wpe?.close()
  await app?.close()
  await sim?.close()
})

interface SimJwt {
  devices: { clientIdentifier: string; kid: string; exchanged: boolean; registeredWithLegacyToken: boolean; revoked: boolean }[]
}

describe('dist/es6 in WPE WebKit links with its device key (auth "auto")', () => {
  it('TweetNaCl signs: the simulator registers the key from the code and issues a Plex JWT bound to it', async () => {
    await wpe.navigate(app.url)
    const code = codeIn(await until('link code', texts, (t) => codeIn(t) !== ''))
    // no Ed25519 in WPE 2.38's WebCrypto: the key is TweetNaCl's, its seed in the app's storage
    const engine = await wpe.run<{ seed: boolean; clientIdentifier: string | null }>(
      "return { seed: localStorage.getItem('plexlink.deviceKey.ed25519') !== null, clientIdentifier: localStorage.getItem('plexlink.clientIdentifier') }",
    )
    expect(engine.seed).toBe(true)
    expect(engine.clientIdentifier).not.toBeNull()
    expect(await sim.link(code, 'owner')).toBe(204)
    await until("Who's watching", texts, (t) => t.includes("Who's watching?"))
    const state = (await fetch(`${sim.controlUrl}/jwt`).then((r) => r.json())) as SimJwt
    expect(state.devices).toEqual([
      expect.objectContaining({ clientIdentifier: engine.clientIdentifier, exchanged: true, registeredWithLegacyToken: false, revoked: false }),
    ])
    // the token the TV keeps is that Plex JWT: three base64url parts, bound (thumbprint) to the registered kid
    const token = await wpe.run<string | null>("return localStorage.getItem('plexlink.authToken')")
    const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString('utf8')) as { thumbprint: string; iss: string }
    expect(claims).toMatchObject({ iss: 'plex.tv', thumbprint: state.devices[0]!.kid })
    // and it works: /user answered it with 200
    expect((await sim.log()).some((r) => r.path === '/api/v2/user' && r.status === 200)).toBe(true)
  })
})
