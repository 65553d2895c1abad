/**
 * Serves a built app folder (`build/` or `dist/…`) on loopback. For the demo, the e2e tests and the
 * benchmarks it answers `/settings.json` with the folder's own settings merged with overrides (the
 * simulator's base URLs, the inspector for tests), so one build serves every run whatever port the
 * simulator got. The app cannot tell: it reads settings.json exactly as it would in production.
 */
import { createServer, type Server } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
}

export type SettingsOverride = Record<string, unknown>

export interface AppServerOptions {
  root: string
  port?: number
  host?: string
  /** Deep-merged into the folder's settings.json when it is requested. */
  settings?: SettingsOverride
}

export interface RunningAppServer {
  url: string
  close(): Promise<void>
}

export function deepMerge<T extends Record<string, unknown>>(base: T, extra: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key]
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value
  }
  return out as T
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export async function startAppServer(opts: AppServerOptions): Promise<RunningAppServer> {
  const root = resolve(opts.root)
  const server: Server = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^(\.\.[/\\])+/, '')
      const file = join(root, relative)
      if (!file.startsWith(root)) {
        res.writeHead(403).end()
        return
      }
      if (relative === '/settings.json' && opts.settings) {
        const own = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
        const merged = deepMerge(own, opts.settings)
        res.writeHead(200, { 'Content-Type': TYPES['.json']!, 'Cache-Control': 'no-store' })
        res.end(JSON.stringify(merged))
        return
      }
      const info = await stat(file)
      if (!info.isFile()) throw new Error('not a file')
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      })
      res.end(await readFile(file))
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    }
  })
  const sockets = new Set<import('node:net').Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy()
        server.close(() => ok())
      }),
  }
}
