/**
 * The offline demo: the plex.tv simulator, its fake Plex Media Servers and the built app, all on
 * this machine. Open the TV URL in a browser (arrow keys, Enter = OK, Backspace/Escape = Back) and
 * the phone URL in another window to link the code.
 */
import { startSimulator } from '../sim/index.js'
import { startAppServer } from './appServer.js'
import { simulatorSettings } from './simulatorSettings.js'

const simPort = Number(process.env.SIM_PORT ?? 32480)
const appPort = Number(process.env.APP_PORT ?? 8080)
const host = process.env.HOST ?? '127.0.0.1'
const root = process.env.APP_ROOT ?? 'build'

/**
 * The demo stays on this machine. Serving it to the network would mean handing the TV a plex.tv whose
 * control API (/__sim/) links any code, injects faults and resets the world for whoever asks, and fake
 * servers whose addresses are 127.0.0.1, which a TV cannot reach; the simulator refuses that on purpose.
 * A TV on the network tries the app against the real plex.tv instead, from a static build (below).
 */
if (host !== '127.0.0.1' && host !== 'localhost') {
  console.error(`npm run demo serves this machine only (HOST=${host} is not supported).
The plex.tv simulator stays on loopback: its control API links any code and injects faults, and its fake
Plex Media Servers answer on 127.0.0.1, which a TV cannot reach.
To try the app on a TV on your network against the real plex.tv, serve the static build instead:
  npm run build && HOST=0.0.0.0 npx tsx scripts/serve.ts build
(that serves only the built files; the TV talks to plex.tv itself).`)
  process.exit(2)
}

const sim = await startSimulator({ port: simPort, host })
const app = await startAppServer({ root, port: appPort, host, settings: simulatorSettings(sim) })

console.log(`
PlexLink TV demo (offline, against the plex.tv simulator)
  TV app:            ${app.url}
  Phone link page:   ${sim.linkPageUrl}
  plex.tv simulator: ${sim.url}  (clients.plex.tv: ${sim.clientsUrl})
  Control API:       ${sim.controlUrl}
  Unclaimed local Plex Media Server (to claim): ${sim.unclaimedServerUrl}
  Fake Plex Media Servers: ${sim.pms().length} connection endpoints, listed at ${sim.controlUrl}/pms
Keys: arrows, Enter = OK, Backspace or Escape = Back, digits for PINs. Ctrl+C stops.`)

const stop = async () => {
  await app.close()
  await sim.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
