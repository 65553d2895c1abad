/**
 * Fake Plex Media Servers: one real HTTP listener per connection endpoint, each on its own loopback
 * address (127.0.0.10, .11, …: distinct hosts, like a server's LAN, public and relay addresses), so each
 * connection of a resource can answer quickly, slowly, hang, refuse, or claim to be another server.
 * Paths as plex-api.md §10–§11: /identity (no token), / and /library/sections (401 HTML without the
 * server's accessToken), POST /myplex/claim?token=claim-….
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { toXml } from './xml.js'

export type EndpointMode = 'ok' | 'refuse' | 'hang'

/**
 * How a server answers CORS, as far as public evidence shows it:
 *  - 'any': `Access-Control-Allow-Origin: *`, preflights pass with the requested (X-Plex-*) headers. Default:
 *    SyncLounge runs in browsers at any origin against default servers ("Plex by default will not run into
 *    CORS errors", synclounge/synclounge#81), and Plex Web preflights X-Plex-* headers (PlexKodiConnect#228).
 *  - 'appPlexTvForGuests': a shared server used by someone who is not its owner answered a token call
 *    (`/library/sections`) with `Access-Control-Allow-Origin: https://app.plex.tv` (ricoloic/plexy#4), so a
 *    browser on any other origin may not read it. Here every call carrying a token gets that answer (the
 *    fake server cannot tell its owner's tokens from a guest's: set this mode only on a shared server's
 *    endpoints); /identity (no token) and preflights still answer `*` — whether the real preflight does is
 *    UNCERTAIN (the report shows the actual response blocked, not the preflight).
 *  - 'none': no CORS headers at all, as behind a reverse proxy that strips them (synclounge#81).
 */
export type EndpointCors = 'any' | 'appPlexTvForGuests' | 'none'

export interface PmsServerState {
  machineIdentifier: string
  friendlyName: string
  version: string
  platform: string
  platformVersion: string
  accessToken: string | null
  claimed: boolean
  ownerUsername: string | null
  libraries: { key: string; type: string; title: string; agent: string; scanner: string; language: string }[]
}

export interface EndpointConfig {
  mode: EndpointMode
  latencyMs: number
  /** Answer /identity with another machineIdentifier (a stale address now used by another server). */
  wrongIdentity: boolean
  /** CORS answers (see EndpointCors); 'any' as seeded, changed through the control API. */
  cors: EndpointCors
}

/**
 * GET / — the server's capabilities, every field of the plex-api-spec's ServerConfiguration schema
 * (LukeHagar/plex-api-spec plex-api-spec.yaml, components.schemas.ServerConfiguration) with values of the
 * documented types; python-plexapi's PlexServer._loadData reads the same names. An unclaimed server has no
 * myPlex account: myPlex false, no username, signin state "none".
 */
export function serverRoot(t: PmsServerState): Record<string, unknown> {
  return {
    size: 3, allowCameraUpload: false, allowChannelAccess: true, allowMediaDeletion: true, allowSharing: t.claimed, allowSync: true,
    allowTuners: true, backgroundProcessing: true, certificate: true, companionProxy: true, countryCode: 'usa',
    diagnostics: 'logs,databases,streaminglogs', eventStream: true, friendlyName: t.friendlyName, hubSearch: true, itemClusters: true,
    livetv: 7, machineIdentifier: t.machineIdentifier, mediaProviders: true, multiuser: true, musicAnalysis: 2,
    myPlex: t.claimed, myPlexMappingState: t.claimed ? 'mapped' : 'unknown', myPlexSigninState: t.claimed ? 'ok' : 'none',
    myPlexSubscription: t.claimed, myPlexUsername: t.ownerUsername ?? '', offlineTranscode: 1,
    ownerFeatures: t.claimed ? 'camera_upload,cloudsync,content_filter,dvr,hardware_transcoding,home,lyrics,music_videos,pass,sync,trailers,webhooks' : '',
    photoAutoTag: true, platform: t.platform, platformVersion: t.platformVersion, pluginHost: true, pushNotifications: false,
    readOnlyLibraries: false, requestParametersInCookie: true, streamingBrainABRVersion: 3, streamingBrainVersion: 2, sync: true,
    transcoderActiveVideoSessions: 0, transcoderAudio: true, transcoderLyrics: true, transcoderPhoto: true, transcoderSubtitles: true,
    transcoderVideo: true, transcoderVideoBitrates: '64,96,208,320,720,1500,2000,3000,4000,8000,10000,12000,20000',
    transcoderVideoQualities: '0,1,2,3,4,5,6,7,8,9,10,11,12', transcoderVideoResolutions: '128,128,160,240,320,480,768,720,720,1080,1080,1080,1080',
    updatedAt: 1795400000, updater: true, version: t.version, voiceSearch: true,
    Directory: [
      { count: 1, key: 'library', title: 'library' },
      { count: 1, key: 'search', title: 'search' },
      { count: 1, key: 'system', title: 'system' },
    ],
  }
}

const UNAUTHORIZED_HTML = '<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>'

/** An https endpoint: its plex.direct name and the simulator's certificate (sim/tls.ts). */
export interface EndpointTls {
  hostname: string
  chain: string
  key: string
}

export interface ClaimHandler {
  /** Redeems a claim token issued by plex.tv: returns the claiming account's username, or null. */
  redeem(claimToken: string): string | null
}

export class FakePmsEndpoint {
  port = 0
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()

  constructor(
    readonly name: string,
    readonly target: PmsServerState,
    public config: EndpointConfig,
    readonly host: string,
    private readonly claims: ClaimHandler,
    readonly tls: EndpointTls | null = null,
  ) {}

  /** `http://127.0.0.N:PORT`, or `https://127-0-0-N.<hash>.plex.direct:PORT` for an https endpoint. */
  get uri(): string {
    return this.tls ? `https://${this.tls.hostname}:${this.port}` : `http://${this.host}:${this.port}`
  }

  async start(): Promise<void> {
    await this.listen(0)
    if (this.config.mode === 'refuse') await this.stopListening() // keep the port number, refuse connections
  }

  async configure(change: Partial<EndpointConfig>): Promise<void> {
    const wasRefusing = this.config.mode === 'refuse'
    this.config = { ...this.config, ...change }
    if (this.config.mode === 'refuse' && !wasRefusing) await this.stopListening()
    if (this.config.mode !== 'refuse' && wasRefusing) await this.listen(this.port)
  }

  async close(): Promise<void> {
    await this.stopListening()
  }

  private listen(port: number): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res)
    const server: Server = this.tls ? createTlsServer({ cert: this.tls.chain, key: this.tls.key }, handler) : createServer(handler)
    server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    this.server = server
    return new Promise((ok, fail) => {
      server.once('error', fail)
      server.listen(port, this.host, () => {
        this.port = (server.address() as AddressInfo).port
        ok()
      })
    })
  }

  private stopListening(): Promise<void> {
    const server = this.server
    this.server = null
    for (const s of this.sockets) s.destroy()
    return new Promise((ok) => (server ? server.close(() => ok()) : ok()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://pms')
    const token = (req.headers['x-plex-token'] as string | undefined) ?? url.searchParams.get('X-Plex-Token')
    // Plex Web calls a PMS cross-origin, so a PMS answers CORS for any origin too (see EndpointCors)
    const policy = this.config.cors
    const allowOrigin = policy === 'appPlexTvForGuests' && req.method !== 'OPTIONS' && token ? 'https://app.plex.tv' : '*'
    const cors: Record<string, string> = policy === 'none' ? {} : {
      'Access-Control-Allow-Origin': allowOrigin,
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': (req.headers['access-control-request-headers'] as string | undefined) ?? '*',
      'Access-Control-Expose-Headers': 'Location, Date',
      'Access-Control-Max-Age': '86400',
      Vary: 'Origin',
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end()
      return
    }
    if (this.config.mode === 'hang') return // accepted, never answered (closed with the endpoint)
    if (this.config.latencyMs > 0) await new Promise((ok) => setTimeout(ok, this.config.latencyMs))
    const json = /application\/json/.test(req.headers.accept ?? '')
    const sendRoot = (status: number, root: string, container: Record<string, unknown>) => {
      if (json) {
        res.writeHead(status, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({ [root]: container }))
      } else {
        // a PMS answers XML unless asked for JSON (plex-api.md §11)
        res.writeHead(status, { ...cors, 'Content-Type': 'text/xml;charset=utf-8' }).end(toXml(root, container, 'container'))
      }
    }
    const send = (status: number, container: Record<string, unknown>) => sendRoot(status, 'MediaContainer', container)
    const t = this.target
    // An unclaimed server answers without a token (python-plexapi's CI runs its tests against one; its
    // createToken() "Handle unclaimed servers" path); a claimed one wants its access token.
    const authorized = !t.claimed || (t.accessToken !== null && token === t.accessToken)
    // `/library/sections/` is the same as `/library/sections` (python-plexapi's Library.key has the slash)
    const path = url.pathname === '/' ? '/' : url.pathname.replace(/\/+$/, '')

    if (path === '/identity') {
      const machineIdentifier = this.config.wrongIdentity ? `other-${t.machineIdentifier.slice(6)}` : t.machineIdentifier
      return send(200, { size: 0, apiVersion: '1.1.1', claimed: t.claimed, machineIdentifier, version: t.version })
    }
    // Claim (plex-api.md §10): 200 once for a claim token plex.tv issued and that has not expired; 400 for
    // a missing, unknown, expired or used claim token, and when the server is claimed already (the real
    // failure statuses are UNCERTAIN; 400 keeps them apart from the 401 of a wrong access token).
    if (path === '/myplex/claim' && req.method === 'POST') {
      const claimToken = url.searchParams.get('token') ?? ''
      if (t.claimed) return send(400, { size: 0, message: 'Server is already claimed' })
      const owner = this.claims.redeem(claimToken)
      if (!owner) return send(400, { size: 0, message: 'Invalid or expired claim token' })
      t.claimed = true
      t.ownerUsername = owner
      // The server's account, as GET /myplex/account shows it (python-plexapi server.py: claim() returns an
      // Account read from this answer: username, mappingState, signInState, public/private address…). The
      // element name is not in the sources (UNCERTAIN): "MyPlex", the name the PMS uses for /myplex/account.
      return sendRoot(200, 'MyPlex', {
        authToken: t.accessToken ?? '', username: owner, mappingState: 'mapped', mappingError: '', mappingErrorMessage: '',
        signInState: 'ok', publicAddress: '203.0.113.7', publicPort: 32400, privateAddress: this.host, privatePort: this.port,
        subscriptionFeatures: '', subscriptionActive: false, subscriptionState: 'Unknown',
      })
    }
    if (path === '/' || path === '/library/sections') {
      if (!authorized) {
        res.writeHead(401, { ...cors, 'Content-Type': 'text/html' }).end(UNAUTHORIZED_HTML)
        return
      }
      if (path === '/') return send(200, serverRoot(t))
      return send(200, {
        size: t.libraries.length, allowSync: true, title1: 'Plex Library',
        Directory: t.libraries.map((l, i) => ({
          ...l, allowSync: true, art: `/:/resources/${l.type}-fanart.jpg`, composite: `/library/sections/${l.key}/composite/1`,
          filters: true, refreshing: false, thumb: `/:/resources/${l.type}.png`, uuid: `${t.machineIdentifier.slice(0, 8)}-lib-${i}`,
          createdAt: 1700000000 + i, updatedAt: 1795000000, scannedAt: 1795000000, content: true, directory: true,
          contentChangedAt: 123456 + i, hidden: 0, Location: [{ id: i + 1, path: `/data/${l.title}` }],
        })),
      })
    }
    res.writeHead(404, { ...cors, 'Content-Type': 'text/html' }).end('<html><body>404 Not Found</body></html>')
  }
}
