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

/**
 * `lng dist` inlines the settings into index.html (`const appSettings = {…}`, `var` in the es5 build) instead of fetching settings.json. Serving a dist folder, the same overrides are merged there, so
 * the shipped bundle itself runs against the simulator, unchanged.
 */
export function withInlineSettings(html: string, overrides: SettingsOverride): string {
  // the ES6 build declares them with const, the --es5 build with var
  return html.replace(/(const|var|let) (appSettings|platformSettings) = (\{[\s\S]*?\n\})/g, (whole, kind: string, name: string, json: string) => {
    const extra = overrides[name]
    if (!isPlainObject(extra)) return whole
    return `${kind} ${name} = ${JSON.stringify(deepMerge(JSON.parse(json) as Record<string, unknown>, extra), null, 2)}`
  })
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
      if (relative === '/index.html' && opts.settings) {
        const html = withInlineSettings(await readFile(file, 'utf8'), opts.settings)
        res.writeHead(200, { 'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-store' })
        res.end(html)
        return
      }
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
