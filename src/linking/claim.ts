/**
 * Claiming a local, unclaimed Plex Media Server (plex-api.md §10, §11) — e.g. a Raspberry Pi running its
 * own server next to the TV app.
 *
 *  probe(): GET {localUri}/identity (no token). `claimed: false` → `claimable`; `claimed: true` →
 *           `alreadyClaimed`; no answer → `absent` (nothing to offer, not an error to show loudly).
 *  claim(): GET plex.tv /api/claim/token.json with the user token → "claim-…" (valid ~4 minutes, so it is
 *           fetched right before use and never kept), then POST {localUri}/myplex/claim?token=claim-… →
 *           `claimed`. The caller refreshes the server list afterwards (the new server shows up in
 *           /api/v2/resources once the PMS has finished its exchange with plex.tv).
 *  Failures → `claimFailed` with the step and a typed error; `claim()` again retries from the token.
 *
 * The local address comes from settings (`AppConfig.localServerUrl`, default http://127.0.0.1:32400).
 * `ClaimSession` owns its one request (AbortController + Clock deadline); `stop()` cancels it.
 */
import type { PlexTvApi, PmsApi } from '../plex/api.js'
import { defaultConfig } from '../platform/config.js'
import type { Clock } from './clock.js'
import { LatestRequest } from './deadline.js'
import { classifyPickerError, type PickerError } from './pickerFaults.js'

export const DEFAULT_CLAIM_TIMEOUT_MS = 10_000

export type ClaimStep = 'token' | 'claim'

export type ClaimState =
  | { kind: 'idle' }
  | { kind: 'probing'; uri: string }
  /** Nothing answered at the address (or not a PMS). */
  | { kind: 'absent'; uri: string; error: PickerError }
  | { kind: 'alreadyClaimed'; uri: string; machineIdentifier: string }
  | { kind: 'claimable'; uri: string; machineIdentifier: string; version: string }
  | { kind: 'claiming'; uri: string; machineIdentifier: string; step: ClaimStep }
  | { kind: 'claimed'; uri: string; machineIdentifier: string }
  | { kind: 'claimFailed'; uri: string; machineIdentifier: string; step: ClaimStep; error: PickerError }

export interface ClaimOptions {
  client: PlexTvApi
  pms: PmsApi
  clock: Clock
  userToken: string
  /** The local server's address; settings' `localServerUrl`. */
  localUri?: string
  timeoutMs?: number
}

export type ClaimListener = (state: ClaimState) => void

export class ClaimSession {
  private current: ClaimState = { kind: 'idle' }
  private readonly request: LatestRequest
  private readonly listeners = new Set<ClaimListener>()
  readonly uri: string
  private readonly timeoutMs: number

  constructor(private readonly options: ClaimOptions) {
    this.uri = options.localUri ?? defaultConfig.localServerUrl
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS
    this.request = new LatestRequest(options.clock, this.timeoutMs)
  }

  get state(): ClaimState {
    return this.current
  }

  subscribe(listener: ClaimListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  probe(): void {
    const { pms } = this.options
    const uri = this.uri
    this.set({ kind: 'probing', uri })
    this.send(
      (signal) => pms.identity(uri, { signal, timeoutMs: this.timeoutMs }),
      (id) =>
        this.set(
          id.claimed
            ? { kind: 'alreadyClaimed', uri, machineIdentifier: id.machineIdentifier }
            : { kind: 'claimable', uri, machineIdentifier: id.machineIdentifier, version: id.version },
        ),
      (error) => this.set({ kind: 'absent', uri, error }),
    )
  }

  /** From `claimable` (or `claimFailed`, to retry): claim token, then the claim itself. */
  claim(): void {
    const s = this.current
    if (s.kind !== 'claimable' && s.kind !== 'claimFailed') return
    const { client, pms, userToken } = this.options
    const { uri, machineIdentifier } = s
    this.set({ kind: 'claiming', uri, machineIdentifier, step: 'token' })
    this.send(
      (signal) => client.getClaimToken(userToken, { signal, timeoutMs: this.timeoutMs }),
      (claimToken) => {
        this.set({ kind: 'claiming', uri, machineIdentifier, step: 'claim' })
        this.send(
          (signal) => pms.claim(uri, claimToken, { signal, timeoutMs: this.timeoutMs }),
          () => this.set({ kind: 'claimed', uri, machineIdentifier }),
          (error) => this.set({ kind: 'claimFailed', uri, machineIdentifier, step: 'claim', error }),
        )
      },
      (error) => this.set({ kind: 'claimFailed', uri, machineIdentifier, step: 'token', error }),
    )
  }

  /** Cancels the request in flight; back to idle. */
  stop(): void {
    this.cancel()
    this.set({ kind: 'idle' })
  }

  private send<T>(run: (signal: AbortSignal) => Promise<T>, ok: (value: T) => void, fail: (error: PickerError) => void): void {
    this.request.send(run, ok, (error) => {
      const c = classifyPickerError(error)
      if (c !== 'aborted') fail(c)
    })
  }

  private cancel(): void {
    this.request.cancel()
  }

  private set(next: ClaimState): void {
    this.current = next
    for (const listener of [...this.listeners]) listener(next)
  }
}
