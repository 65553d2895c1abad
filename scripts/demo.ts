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
