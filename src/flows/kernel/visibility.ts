/**
 * Whether the page can be seen. Nothing is sent while it is hidden, in every flow: the runner holds a due
 * request (and aborts the one in flight) until the page is visible again. The browser's source lives in
 * src/platform/visibility.ts; tests pass their own.
 */
export interface PageVisibility {
  readonly hidden: boolean
  /** Called with the new value on every change; returns the unsubscribe function. */
  subscribe(listener: (hidden: boolean) => void): () => void
}

/** For hosts without a page (node tools) and tests that do not care. */
export const alwaysVisible: PageVisibility = { hidden: false, subscribe: () => () => undefined }

/** A switchable visibility, for tests and for hosts that report visibility themselves. */
export class ManualVisibility implements PageVisibility {
  private readonly listeners = new Set<(hidden: boolean) => void>()
  constructor(private value = false) {}

  get hidden(): boolean {
    return this.value
  }

  set(hidden: boolean): void {
    if (hidden === this.value) return
    this.value = hidden
    for (const l of [...this.listeners]) l(hidden)
  }

  subscribe(listener: (hidden: boolean) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
