/**
 * `npm run sim`: the plex.tv simulator on its own (port from --port, SIM_PORT, or 32480).
 * Prints every URL it serves and stops on Ctrl+C.
 */
import { startSimulator } from './index.js'

const arg = process.argv.indexOf('--port')
const port = Number(arg > 0 ? process.argv[arg + 1] : process.env.SIM_PORT ?? 32480)
const sim = await startSimulator({ port, host: process.env.HOST ?? '127.0.0.1' })
console.log(`plex.tv simulator
  plex.tv base URL:  ${sim.url}
  Phone link page:   ${sim.linkPageUrl}
  Control API:       ${sim.controlUrl}  (see sim/README.md)`)
const stop = () => void sim.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
