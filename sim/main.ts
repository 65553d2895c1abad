/**
 * `npm run sim` (tsx sim/main.ts): the plex.tv simulator and its fake Plex Media Servers on their own,
 * for the offline demo and for poking at with curl. Port from --port N, else SIM_PORT, else 32480.
 * Loopback only. Prints every URL it serves and stops on Ctrl+C (SIGINT) or SIGTERM.
 */
import { startSimulator } from './index.js'

function portFromArgs(argv: string[], env: NodeJS.ProcessEnv): number {
  const flag = argv.findIndex((a) => a === '--port' || a.startsWith('--port='))
  const raw = flag < 0 ? env.SIM_PORT ?? '32480' : argv[flag]!.includes('=') ? argv[flag]!.slice(7) : argv[flag + 1] ?? ''
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`sim: not a port number: "${raw}" (use --port N or SIM_PORT=N)`)
    process.exit(2)
  }
  return port
}

const sim = await startSimulator({ port: portFromArgs(process.argv.slice(2), process.env) })
const pms = sim.pms()
const width = Math.max(...pms.map((p) => p.name.length))
console.log(`plex.tv simulator (loopback only; see sim/README.md)
  plex.tv base URL   ${sim.url}
  clients.plex.tv    ${sim.clientsUrl}            (the same API on its own origin)
  phone link page    ${sim.linkPageUrl}      (?pin=CODE prefills)
  control API        ${sim.controlUrl}
  unclaimed server   ${sim.unclaimedServerUrl}
  fake Plex Media Server connections:
${pms.map((p) => `    ${p.name.padEnd(width)}  ${p.uri}  ${p.mode.padEnd(6)}  ${p.server}`).join('\n')}
Ctrl+C stops it.`)

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`\n${signal}: closing the simulator`)
  void sim.close().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
