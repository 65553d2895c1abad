/**
 * A tiny real HTTP server on 127.0.0.1:0 for wire-layer tests: each test sets a handler, and every request
 * (method, URL, headers, body) is recorded so tests can assert on what went over the wire.
 */
import { createServer, type IncomingMessage, type ServerResponse, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => void

export interface TinyServer {
  url: string
  requests: RecordedRequest[]
  /** Resolves as soon as the server has received the next request (for "hang" and "abort" tests). */
  nextRequest(): Promise<RecordedRequest>
  handle(handler: Handler): void
  close(): Promise<void>
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

export async function startTinyServer(): Promise<TinyServer> {
  let handler: Handler = (_req, res) => {
    res.writeHead(500)
    res.end()
  }
  const requests: RecordedRequest[] = []
  const waiters: Array<(r: RecordedRequest) => void> = []
  const sockets = new Set<Socket>()

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      requests.push(recorded)
      waiters.splice(0).forEach((w) => w(recorded))
      handler(Object.assign(req, { body }), res)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    handle(h) {
      handler = h
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
