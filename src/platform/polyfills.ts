/**
 * Only what the target engines lack and this app (or a library it bundles) calls unguarded. Imported first
 * by src/index.ts, so it runs before any other module of the bundle. Versions: MDN browser-compat-data.
 *
 * dist/es6 (Chromium ≥ 63, WPE WebKit 2.22 ≈ Safari 12):
 *  - `globalThis`             Chromium 71, Safari 12.1 — src/linking/clock.ts, src/platform/identity.ts
 *  - `Object.fromEntries`     Chromium 73, Safari 12.1 — src/platform/i18n.ts (at module load)
 *  - `Array.prototype.at`     Chromium 92, Safari 15.4 — src/linking/diagnostics.ts
 *  - `AbortController`        Chromium 66, Safari 12.1 — every request's deadline (src/flows/kernel/deadline.ts)
 *  - `String.prototype.trimEnd` Chromium 66, Safari 12 — src/plex/inputs.ts (shortening names)
 *  - `Object.hasOwn`          Chromium 93, Safari 15.4 — @noble/hashes (the device key's SHA-256, src/platform/deviceKey.ts)
 * dist/es5 (Chromium 38) adds nothing here: the SDK's polyfills (core-js 2, whatwg-fetch, URLSearchParams)
 * load first and cover ES2015–2017 built-ins; the ones above are missing there too.
 * Left out on purpose: `fetch` (axios talks XMLHttpRequest), `Intl.Segmenter` and `crypto.randomUUID`
 * (feature-detected where used). tests/unit/engine-apis.test.ts fails when the code starts using an API
 * newer than the targets that is neither here nor detected.
 */

type Listener = (this: unknown, event: { type: string }) => void

interface AbortSignalLike {
  aborted: boolean
  reason: unknown
  onabort: Listener | null
  addEventListener(type: string, listener: Listener, options?: boolean | { once?: boolean }): void
  removeEventListener(type: string, listener: Listener): void
  dispatchEvent(event: { type: string }): boolean
}

/** Defines a global the way the engine's own would be: writable, configurable, not enumerable. */
function defineGlobal(name: string, value: unknown): void {
  Object.defineProperty(self, name, { configurable: true, writable: true, value })
}

if (typeof globalThis === 'undefined') defineGlobal('globalThis', self)

if (typeof Object.hasOwn !== 'function') {
  Object.defineProperty(Object, 'hasOwn', {
    configurable: true,
    writable: true,
    value: function hasOwn(object: object, key: PropertyKey): boolean {
      return Object.prototype.hasOwnProperty.call(object, key)
    },
  })
}

if (typeof Object.fromEntries !== 'function') {
  Object.defineProperty(Object, 'fromEntries', {
    configurable: true,
    writable: true,
    value: function fromEntries(entries: Iterable<readonly [PropertyKey, unknown]>): Record<PropertyKey, unknown> {
      const out: Record<PropertyKey, unknown> = {}
      for (const [key, value] of entries) out[key] = value
      return out
    },
  })
}

if (typeof Array.prototype.at !== 'function') {
  Object.defineProperty(Array.prototype, 'at', {
    configurable: true,
    writable: true,
    value: function at(this: unknown[], index: number): unknown {
      const i = Math.trunc(index) || 0
      const k = i < 0 ? this.length + i : i
      return k < 0 || k >= this.length ? undefined : this[k]
    },
  })
}

if (typeof String.prototype.trimEnd !== 'function') {
  Object.defineProperty(String.prototype, 'trimEnd', {
    configurable: true,
    writable: true,
    value: function trimEnd(this: string): string {
      return String(this).replace(/[\s\uFEFF\xA0]+$/, '')
    },
  })
}
if (typeof String.prototype.trimStart !== 'function') {
  Object.defineProperty(String.prototype, 'trimStart', {
    configurable: true,
    writable: true,
    value: function trimStart(this: string): string {
      return String(this).replace(/^[\s\uFEFF\xA0]+/, '')
    },
  })
}

/** An AbortSignal as the DOM's: `aborted`, `reason`, 'abort' listeners (with `once`), `onabort`. */
class AbortSignalPolyfill implements AbortSignalLike {
  aborted = false
  reason: unknown = undefined
  onabort: Listener | null = null
  private listeners: { listener: Listener; once: boolean }[] = []

  addEventListener(type: string, listener: Listener, options?: boolean | { once?: boolean }): void {
    if (type !== 'abort' || this.listeners.some((l) => l.listener === listener)) return
    this.listeners.push({ listener, once: typeof options === 'object' && options !== null && options.once === true })
  }

  removeEventListener(type: string, listener: Listener): void {
    if (type === 'abort') this.listeners = this.listeners.filter((l) => l.listener !== listener)
  }

  dispatchEvent(event: { type: string }): boolean {
    if (event.type !== 'abort') return true
    const now = this.listeners
    this.listeners = now.filter((l) => !l.once)
    if (this.onabort) this.onabort.call(this, event)
    for (const l of now) l.listener.call(this, event)
    return true
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason
  }
}

class AbortControllerPolyfill {
  readonly signal = new AbortSignalPolyfill()

  abort(reason?: unknown): void {
    if (this.signal.aborted) return
    this.signal.aborted = true
    this.signal.reason = reason === undefined ? abortError() : reason
    this.signal.dispatchEvent({ type: 'abort' })
  }
}

function abortError(): Error {
  const e = new Error('signal is aborted without reason')
  e.name = 'AbortError'
  return e
}

if (typeof AbortController === 'undefined') {
  defineGlobal('AbortController', AbortControllerPolyfill)
  defineGlobal('AbortSignal', AbortSignalPolyfill)
}

export {}
