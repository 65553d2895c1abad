/**
 * Mounts a real Lightning component tree in jsdom (canvas2d renderer over vitest-canvas-mock) and
 * feeds it key presses the way a remote would, through Lightning's own key handling.
 */
import { Lightning } from '@lightningjs/sdk'
import { baseKeyMap } from '../../src/platform/keys.js'

export interface Mounted<T extends Lightning.Component> {
  app: Lightning.Application
  component: T
  press(key: string | number): void
  /** The refs of the focus path, outermost first (e.g. ["Harness", "Menu"]). */
  focusPath(): string[]
  /** Runs Lightning's frame loop once, so patches and text updates are applied. */
  frame(): void
  destroy(): void
}

const KEY_CODES: Record<string, number> = {
  Left: 37,
  Up: 38,
  Right: 39,
  Down: 40,
  Enter: 13,
  Back: 8,
}

export function mount<T extends Lightning.Component>(type: new (...args: never[]) => T): Mounted<T> {
  class Harness extends Lightning.Application {
    static override _template() {
      return { Subject: { type } }
    }
    override _getFocused() {
      return this.tag('Subject') as Lightning.Component
    }
  }
  const app = new Harness({ stage: { w: 1920, h: 1080, canvas2d: true, autostart: false, useImageWorker: false }, keys: baseKeyMap, debug: false } as never)
  const component = app.tag('Subject') as unknown as T
  const frame = () => (app.stage as unknown as { drawFrame(): void }).drawFrame()
  frame()
  return {
    app,
    component,
    press(key) {
      const keyCode = typeof key === 'number' ? key : KEY_CODES[key] ?? key.charCodeAt(0)
      const digit = typeof key === 'string' && /^[0-9]$/.test(key) ? key : undefined
      const event = new KeyboardEvent('keydown', { keyCode, key: digit ?? String(key) } as KeyboardEventInit)
      ;(app as unknown as { _receiveKeydown(e: KeyboardEvent): void })._receiveKeydown(event)
      frame()
    },
    focusPath() {
      return (app.focusPath ?? []).map((c) => c.ref ?? c.constructor.name)
    },
    frame,
    destroy() {
      app.destroy()
    },
  }
}
