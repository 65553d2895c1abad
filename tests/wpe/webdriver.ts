/**
 * WPE WebKit — the engine of RDK set-top boxes — driven through WPEWebDriver (W3C WebDriver) with plain
 * fetch: cog in its headless platform (an 800×600 view that does not resize), WebGL on (Mesa, software).
 * Debian 12: `apt-get install -y cog wpewebkit-driver` (WPE WebKit 2.38). Endpoints as in the W3C
 * WebDriver spec: POST /session, /url, /execute/sync, /execute/async, /actions; GET /screenshot.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { PNG } from 'pngjs'

export const WPE_VIEW = { width: 800, height: 600 }

/** WebDriver key values (W3C WebDriver §17.4.2 "keyboard actions", normalised key table). */
export const KEY = {
  Enter: '\uE007',
  Backspace: '\uE003',
  Escape: '\uE00C',
  Left: '\uE012',
  Up: '\uE013',
  Right: '\uE014',
  Down: '\uE015',
} as const

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => ok(port))
    })
  })
}

interface WdValue<T> {
  value: T
}

export class WpeSession {
  private constructor(
    private readonly base: string,
    private readonly driver: ChildProcess,
    readonly id: string,
  ) {}

  /** Starts WPEWebDriver on a free port and opens a session in a fresh headless cog. */
  static async start(): Promise<WpeSession> {
    const port = await freePort()
    const driver = spawn('WPEWebDriver', [`--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    driver.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
    const base = `http://127.0.0.1:${port}`
    const started = Date.now()
    for (;;) {
      if (driver.exitCode !== null) throw new Error(`WPEWebDriver exited (${driver.exitCode}): ${stderr}`)
      try {
        const r = await fetch(`${base}/status`)
        if (r.ok) break
      } catch {
        // not listening yet
      }
      if (Date.now() - started > 10_000) {
        driver.kill()
        throw new Error(`WPEWebDriver did not answer on ${base}: ${stderr}`)
      }
      await new Promise((ok) => setTimeout(ok, 100))
    }
    const capabilities = {
      alwaysMatch: {
        'wpe:browserOptions': { binary: 'cog', args: ['--automation', '--platform=headless', '--enable-webgl=true'] },
      },
    }
    const r = await fetch(`${base}/session`, { method: 'POST', body: JSON.stringify({ capabilities }) })
    const body = (await r.json()) as WdValue<{ sessionId?: string; message?: string }>
    if (!r.ok || !body.value.sessionId) {
      driver.kill()
      throw new Error(`WPEWebDriver refused a session: ${JSON.stringify(body.value)} ${stderr}`)
    }
    return new WpeSession(base, driver, body.value.sessionId)
  }

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    })
    const json = (await r.json()) as WdValue<T>
    if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${r.status} ${JSON.stringify(json.value)}`)
    return json.value
  }

  async navigate(url: string): Promise<void> {
    await this.call('POST', '/url', { url })
  }

  /** Runs `body` (a function body: `arguments[0]`… are the args) in the page and returns its result. */
  async run<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.call<T>('POST', '/execute/sync', { script: body, args })
  }

  /** Presses and releases each key in turn, like a thumb on a remote. */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.call('POST', '/actions', {
        actions: [{ type: 'key', id: 'remote', actions: [{ type: 'keyDown', value: key }, { type: 'keyUp', value: key }] }],
      })
      await this.call('DELETE', '/actions')
    }
  }

  /** The view as the engine drew it (the W3C screenshot of the top-level browsing context). */
  async screenshot(): Promise<PNG> {
    const b64 = await this.call<string>('GET', '/screenshot')
    return PNG.sync.read(Buffer.from(b64, 'base64'))
  }

  async close(): Promise<void> {
    try {
      await this.call('DELETE', '')
    } catch {
      // the browser may be gone already
    }
    this.driver.kill()
    await new Promise((ok) => (this.driver.exitCode !== null ? ok(null) : this.driver.once('exit', ok)))
  }
}
