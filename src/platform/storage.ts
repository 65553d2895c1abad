/** Small synchronous key/value storage: localStorage on a TV, a Map in tests and where storage is blocked. */
export interface KeyValueStore {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, string>()
  get(key: string): string | null {
    return this.values.get(key) ?? null
  }
  set(key: string, value: string): void {
    this.values.set(key, value)
  }
  remove(key: string): void {
    this.values.delete(key)
  }
}

/**
 * localStorage under a key prefix. Some TV browsers throw on access (private mode, quota 0):
 * then it quietly keeps values in memory for this run instead of crashing the app.
 */
export class BrowserStore implements KeyValueStore {
  private readonly fallback = new MemoryStore()
  constructor(private readonly prefix = 'plexlink.') {}

  private storage(): Storage | null {
    try {
      return typeof localStorage === 'undefined' ? null : localStorage
    } catch {
      return null
    }
  }

  get(key: string): string | null {
    try {
      return this.storage()?.getItem(this.prefix + key) ?? this.fallback.get(key)
    } catch {
      return this.fallback.get(key)
    }
  }

  set(key: string, value: string): void {
    this.fallback.set(key, value)
    try {
      this.storage()?.setItem(this.prefix + key, value)
    } catch {
      /* quota or privacy mode: the in-memory copy keeps this run working */
    }
  }

  remove(key: string): void {
    this.fallback.remove(key)
    try {
      this.storage()?.removeItem(this.prefix + key)
    } catch {
      /* see set() */
    }
  }
}
