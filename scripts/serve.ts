/**
 * Serves a built folder as it is (no settings override): `tsx scripts/serve.ts build [port]`.
 * For running against the real plex.tv, or on a kiosk.
 */
import { startAppServer } from './appServer.js'

const root = process.argv[2] ?? 'build'
const port = Number(process.argv[3] ?? process.env.APP_PORT ?? 8080)
const host = process.env.HOST ?? '127.0.0.1'
const server = await startAppServer({ root, port, host })
console.log(`Serving ${root} at ${server.url}`)
const stop = () => void server.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
