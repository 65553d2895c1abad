/**
 * The account credential at run time: the token flow (tokenLifecycle.ts) on the kernel's runner, its
 * storage, and `keyedPlexTv`, the plex.tv client the rest of the app uses once a device key exists:
 *  - a code is created with the key's JWK and polled with a device JWT (linkProof.ts), so linking gives a
 *    Plex JWT (plex-api.md §9 A, A2); the link flow itself (renewal, faults, idle cap, pacing) is unchanged;
 *  - every call made with the account token goes out with the newest one: a refresh replaces the token
 *    under the screens that hold the old string;
 *  - a 498 or 401 on such a call is reported to the token flow (`rejectedElsewhere`); after a 498 the call
 *    waits for the refresh and is made once more with the new token, no sooner than 1 s after the first.
 * Storage: `{credential, keyRegistered}` under `storageKeys.jwtCredential` whenever they change, and the
 * credential's token under `storageKeys.authToken` (what startup reads) in the same step.
 */
import type { PlexTvApi, RequestOptions } from '../../plex/api.js'
import { PinExpired, ServerError, Unauthorized } from '../../plex/errors.js'
import { signDeviceJwt, type DeviceSigner, type PlexJwtApi } from '../../plex/jwt.js'
import { readPlexJwt } from '../../plex/jwtCodec.js'
import { isPlexJwtError } from '../../plex/jwtErrors.js'
import type { Pin } from '../../plex/types.js'
import type { KeyValueStore } from '../../platform/storage.js'
import { ACCOUNT_KEYS, storageKeys } from '../../platform/storageKeys.js'
import type { Clock } from '../kernel/clock.js'
import { isTokenExpired } from '../kernel/faults.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { FlowDefinition } from '../kernel/runner.js'
import { jwtFaultOf, kernelCallOf, performJwtCall } from './effects.js'
import { fetchProof, proofStep, reduceProof, type PollProof } from './linkProof.js'
import {
  initialJwtModel,
  jwtFacts,
  jwtRequest,
  jwtWakeAt,
  reduceJwt,
  type Activity,
  type Credential,
  type JwtCall,
  type JwtEvent,
  type JwtModel,
  type SignOutReason,
} from './tokenLifecycle.js'

function tokenFlow(api: PlexJwtApi, key: DeviceSigner, clientIdentifier: string, now: () => number): FlowDefinition<JwtModel, JwtEvent, JwtCall> {
  return {
    reduce: reduceJwt,
    request: (m) => jwtRequest(m, now()),
    wakeAt: jwtWakeAt,
    // the runner classifies failures with the kernel's vocabulary: 498 → tokenExpired, 422 → keyRejected or
    // thumbprintTaken, 401 on a refresh → revoked, 401 on a registration → unauthorized (faults.ts)
    describe: (call) => ({ call: kernelCallOf(call) }),
    perform: ({ seq, call }, signal, pace) => performJwtCall(seq, call, { api, key, clientIdentifier }, { signal, pace }),
    failed: (seq, fault, at, random) => ({ type: 'failed', seq, at, fault: jwtFaultOf(fault), random }),
    timer: (at) => ({ type: 'timer', at }),
  }
}

function isBusy(a: Activity): boolean {
  return a.kind === 'registering' || a.kind === 'fetchingNonce' || a.kind === 'exchanging' || a.kind === 'backingOff'
}

interface Stored {
  credential: Credential | null
  keyRegistered: boolean
}

/** What was kept: the stored JWT credential when it is still the account token, else the token as a legacy one. */
export function loadCredential(store: KeyValueStore): Stored {
  const token = store.get(storageKeys.authToken)
  let kept: Stored | null = null
  try {
    const raw: unknown = JSON.parse(store.get(storageKeys.jwtCredential) ?? 'null')
    if (typeof raw === 'object' && raw !== null) {
      const r = raw as { credential?: unknown; keyRegistered?: unknown }
      const c = r.credential as Credential | null | undefined
      const validCredential =
        c === null ||
        (typeof c === 'object' &&
          c !== undefined &&
          typeof c.token === 'string' &&
          (c.kind === 'legacy' || (c.kind === 'jwt' && [c.iat, c.exp, c.offsetMs, c.receivedAt].every((n) => typeof n === 'number') && typeof c.thumbprint === 'string')))
      if (validCredential && typeof r.keyRegistered === 'boolean') kept = { credential: c ?? null, keyRegistered: r.keyRegistered }
    }
  } catch {
    kept = null
  }
  if (token === null) return { credential: null, keyRegistered: false }
  if (kept?.credential && kept.credential.token === token) return kept
  // a token stored by a legacy link (or by an older version): legacy, with whatever we knew of the key
  return { credential: { kind: 'legacy', token }, keyRegistered: kept?.keyRegistered ?? false }
}

export interface AccountCredentialOptions extends FlowOptions {
  api: PlexJwtApi
  store: KeyValueStore
  clientIdentifier: string
}

/** The token flow, running while this TV has a key. Without a key (legacy), `token()` passes tokens through. */
export class AccountCredential {
  private host: FlowHost<JwtModel, JwtEvent, JwtCall> | null = null
  /** Every account token this run has held: a screen holding one of them gets the newest. */
  private readonly known = new Set<string>()
  private readonly waiters = new Set<() => void>()
  private readonly signedOutListeners = new Set<(reason: SignOutReason, keyed: boolean) => void>()
  private key: DeviceSigner | null = null

  constructor(private readonly options: AccountCredentialOptions) {
    const stored = options.store.get(storageKeys.authToken)
    if (stored !== null) this.known.add(stored)
  }

  /** Starts the token flow with this TV's key; `migrate`: a legacy token is exchanged for a JWT. */
  start(key: DeviceSigner, migrate: boolean): void {
    if (this.host !== null) return
    this.key = key
    const { options } = this
    const host = new FlowHost(
      tokenFlow(options.api, key, options.clientIdentifier, () => options.clock.now()),
      runnerDeps(options),
      initialJwtModel(loadCredential(options.store)),
    )
    host.watch(
      (m) => m,
      (next, prev) => this.changed(next, prev),
    )
    this.host = host
    const stored = loadCredential(options.store)
    host.start(initialJwtModel(stored), { type: 'start', at: options.clock.now(), keyKid: key.jwk.kid, migrate })
  }

  stop(): void {
    this.host?.stop()
  }

  /** Sign-out from the menu: the credential is forgotten here too, so no refresh writes it back. */
  forget(): void {
    const host = this.host
    if (host === null || this.key === null) return
    this.known.clear()
    host.start(initialJwtModel({ credential: null, keyRegistered: false }), { type: 'start', at: this.options.clock.now(), keyKid: this.key.jwk.kid, migrate: false })
  }

  get model(): JwtModel | null {
    return this.host?.model ?? null
  }

  /** For Diagnostics: kind, expiry and last refresh (device ms), never the token. */
  facts(): ReturnType<typeof jwtFacts> {
    const model = this.host?.model
    if (model) return jwtFacts(model)
    const token = this.options.store.get(storageKeys.authToken)
    return token === null ? { kind: 'none', expiresAt: null, refreshedAt: null } : { kind: 'legacy', expiresAt: null, refreshedAt: null }
  }

  /** Whether `held` is (or was, this run) the account token, not a Home user's. */
  holds(held: string): boolean {
    return this.host !== null && this.known.has(held)
  }

  /** The token to send for an account token a screen holds (a refreshed one replaces it). */
  token(held: string): string {
    const c = this.host?.model.credential
    return c && this.known.has(held) ? c.token : held
  }

  /** Linking with a key gave a Plex JWT. False when it is not one for this key (then it is kept as given). */
  linked(token: string): boolean {
    this.known.add(token)
    const claims = readPlexJwt(token, this.options.clientIdentifier)
    if (!this.host || !this.key || claims === null || claims.thumbprint !== this.key.jwk.kid) return false
    this.host.dispatch({ type: 'linked', at: this.options.clock.now(), token, claims: { iat: claims.iat, exp: claims.exp, thumbprint: claims.thumbprint } })
    return true
  }

  /** A call with the account token got 498 or 401. */
  rejected(status: 498 | 401): void {
    this.host?.dispatch({ type: 'rejectedElsewhere', at: this.options.clock.now(), status })
  }

  /** A refresh, a registration or its backoff is under way. */
  busy(): boolean {
    const a = this.host?.model.activity
    return a !== undefined && isBusy(a)
  }

  /** There is an account credential (the token flow has not signed the TV out). */
  signedIn(): boolean {
    return (this.host?.model.credential ?? null) !== null
  }

  /** This TV's key stands for it at plex.tv: it holds a Plex JWT or registered its key (sign-out then renews the device). */
  usesKey(): boolean {
    const m = this.host?.model
    return m !== undefined && (m.credential?.kind === 'jwt' || m.keyRegistered)
  }

  /**
   * plex.tv ended this TV's sign-in (422 or 401 on a refresh, a key that no longer matches): the account is
   * already forgotten in storage; `listener` gets why, once per sign-out, and whether plex.tv knew the TV by
   * its key (false: a legacy token refused, as without a key). Returns the unsubscribe function.
   */
  onSignedOut(listener: (reason: SignOutReason, keyed: boolean) => void): () => void {
    this.signedOutListeners.add(listener)
    return () => this.signedOutListeners.delete(listener)
  }

  /** Resolves when the credential next changes or the flow settles (idle, signed out), or on `signal`. */
  settled(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      if (!this.host || signal?.aborted) return resolve()
      this.waiters.add(done)
      signal?.addEventListener('abort', done)
    })
  }

  private changed(next: JwtModel, prev: JwtModel): void {
    // stopping puts the host back on the model it was made with (the credential kept at start): that is no
    // change of the credential, and writing it would bring back a token a sign-out has just removed
    if (!this.host?.running) return
    const { store } = this.options
    if (next.credential !== prev.credential || next.keyRegistered !== prev.keyRegistered) {
      // one step: the new token is written over the old (a migration never drops the legacy token first)
      if (next.credential !== null) {
        this.known.add(next.credential.token)
        store.set(storageKeys.authToken, next.credential.token)
      }
      store.set(storageKeys.jwtCredential, JSON.stringify({ credential: next.credential, keyRegistered: next.keyRegistered }))
      // signed out by plex.tv (422/401 on a refresh): the account and what was chosen with it go; the next
      // call made with the old token is refused and the screens go back to linking
      if (next.credential === null && prev.credential !== null) for (const k of ACCOUNT_KEYS) store.remove(k)
    }
    if (next.credential !== prev.credential || (isBusy(prev.activity) && !isBusy(next.activity))) for (const w of [...this.waiters]) w()
    const out = next.activity
    // keyed: plex.tv knew this TV by its key (a Plex JWT, or the key registered), not only by a legacy token
    const keyed = prev.credential?.kind === 'jwt' || prev.keyRegistered
    if (out.kind === 'signedOut' && prev.activity.kind !== 'signedOut') for (const l of [...this.signedOutListeners]) l(out.reason, keyed)
  }
}

export interface KeyedPlexTvOptions {
  plain: PlexTvApi
  jwtApi: PlexJwtApi
  account: AccountCredential
  /** This TV's key, when it links with one (settings `auth` and the engine: linkProof.linksWithKey). */
  key: Promise<DeviceSigner | null>
  /**
   * The key a new code is asked with when it differs from `key`: on a first start, the key the moment it is
   * made, before IndexedDB keeps it (platform/deviceKey.ts startDeviceKey). Default: `key`.
   */
  pinKey?: Promise<DeviceSigner | null>
  clock: Clock
  /** Where the key each code was asked with is kept, so a code resumed after a reload is checked too. */
  store: KeyValueStore
}

/** How many codes' keys are kept: a link screen holds at most a couple of codes at a time (flows/link/renewal.ts). */
const PIN_KEYS_KEPT = 8

/** The key (kid) each recent code was asked with, as stored; anything unreadable counts as none. */
function loadPinKeys(store: KeyValueStore): Map<number, string> {
  const out = new Map<number, string>()
  try {
    const parsed: unknown = JSON.parse(store.get(storageKeys.pinKeys) ?? '[]')
    if (!Array.isArray(parsed)) return out
    for (const entry of parsed as unknown[]) {
      if (Array.isArray(entry) && Number.isInteger(entry[0]) && typeof entry[1] === 'string') out.set(entry[0] as number, entry[1])
    }
  } catch {
    // a cache, not a record: a code without its key on file is polled as before
  }
  return out
}

function savePinKeys(store: KeyValueStore, keys: Map<number, string>): void {
  store.set(storageKeys.pinKeys, JSON.stringify([...keys].slice(-PIN_KEYS_KEPT)))
}

/** How long a call waits for a refresh after a 498 before giving up (the caller's own backoff then applies). */
const REFRESH_WAIT_MS = 20_000

/** A call's options for a request made to prepare it: its abort and timeout, not its pacing gate. */
function preparing(opts: RequestOptions | undefined): RequestOptions {
  return { ...(opts?.signal ? { signal: opts.signal } : {}), ...(opts?.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) }
}

/** The plex.tv client of a TV with a device key (see the top of this file). */
export function keyedPlexTv(o: KeyedPlexTvOptions): PlexTvApi {
  const { plain, jwtApi, account, clock } = o
  let proof: PollProof = { kind: 'none' }
  /**
   * The key (kid) each code was asked with, this run's and the last runs': a reload on a first start can come
   * before IndexedDB kept the key the shown code was asked with, and plex.tv refuses every poll of that code
   * signed with another key (422) until it expires.
   */
  const askedWith = loadPinKeys(o.store)
  /** Once the kept key is known, every new code is asked with it. */
  let pinKey = o.pinKey ?? o.key
  void o.key.then(
    () => (pinKey = o.key),
    () => undefined,
  )
  /** plex.tv's clock minus the device's, from the newest pin's createdAt (a device JWT's times are plex.tv's). */
  let offsetMs = 0

  async function deviceJwt(key: DeviceSigner, opts?: RequestOptions): Promise<string> {
    const at = clock.now()
    const step = proofStep(proof, at)
    if ('poll' in step) return step.poll
    proof = fetchProof(proof, at)
    try {
      // one nonce per device JWT, which serves every poll for its 5 minutes (nonces are rate-limited, §9)
      // (a request that prepares the poll: it is not the poll, so it does not take the poll's pacing slot)
      const nonce = await jwtApi.getNonce(preparing(opts))
      proof = reduceProof(proof, { type: 'nonce', nonce })
      const signed = await signDeviceJwt(key, { nonce, clientIdentifier: plain.identity.clientIdentifier, serverNowSec: (clock.now() + offsetMs) / 1000 })
      proof = reduceProof(proof, { type: 'signed', deviceJwt: signed, at: clock.now() })
      return signed
    } catch (error) {
      proof = reduceProof(proof, { type: 'failed' })
      throw error
    }
  }

  function learnClock(pin: Pin): void {
    const created = Date.parse(pin.createdAt)
    if (Number.isFinite(created)) offsetMs = created - clock.now()
  }

  /**
   * A call made with the account token: the newest token. A 498 (and a 401 while the TV holds a key) goes to the
   * token flow, never straight to "signed out": the call waits for the refresh and is made once more with the
   * new token. When the flow ends signed out instead (revoked, 422), the refusal is passed on as it came; the
   * app has already left the screen that made the call (App follows `AccountCredential.onSignedOut`).
   */
  async function withAccount<T>(held: string, opts: RequestOptions | undefined, run: (token: string) => Promise<T>): Promise<T> {
    // the token flow starts once the key is loaded: a 498 at start-up must find it running
    await o.key
    try {
      return await run(account.token(held))
    } catch (error) {
      const expired = isTokenExpired(error)
      // a Home user's token refused is that user's business, not the account's
      if ((!expired && !(error instanceof Unauthorized)) || !account.holds(held)) throw error
      const before = account.token(held)
      account.rejected(expired ? 498 : 401)
      if (account.busy()) await waitForRefresh(opts?.signal)
      if (opts?.signal?.aborted || !account.signedIn() || account.token(held) === before) throw error
      // once more, through the call's own pace gate (opts.pace): it leaves a second after the first at the earliest
      return run(account.token(held))
    }
  }

  async function waitForRefresh(signal: AbortSignal | undefined): Promise<void> {
    const giveUp = new AbortController()
    const timer = clock.setTimeout(() => giveUp.abort(), REFRESH_WAIT_MS)
    const onAbort = () => giveUp.abort()
    signal?.addEventListener('abort', onAbort)
    try {
      await account.settled(giveUp.signal)
    } finally {
      clock.clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }

  return {
    identity: plain.identity,
    async createPin(opts) {
      const key = await pinKey
      if (key === null) return plain.createPin(opts)
      const pin = await jwtApi.createPin(key.jwk, opts)
      askedWith.set(pin.id, key.jwk.kid)
      savePinKeys(o.store, askedWith)
      learnClock(pin)
      return pin
    },
    async getPin(id, opts) {
      const key = await o.key
      // asked with a key this TV could not keep (IndexedDB refused it, or a reload came first): a token for it
      // would be lost at the next start, and after a reload plex.tv refuses its polls; so the code is dropped as
      // plex.tv drops an expired one, and the next is asked with the kept key
      const asked = askedWith.get(id)
      if (asked !== undefined && asked !== key?.jwk.kid) throw new PinExpired('asked with a key this TV could not keep')
      if (key === null) return plain.getPin(id, opts)
      try {
        const pin = await jwtApi.pollPin(id, await deviceJwt(key, opts), opts)
        learnClock(pin)
        if (pin.authToken) account.linked(pin.authToken)
        return pin
      } catch (error) {
        if (!isPlexJwtError(error)) throw error
        // a device JWT plex.tv does not take (stale nonce, clock): a fresh one next time; the link flow backs off
        proof = reduceProof(proof, { type: 'rejected' })
        throw new ServerError(422)
      }
    },
    linkPin: (code, token, opts) => withAccount(token, opts, (t) => plain.linkPin(code, t, opts)),
    getUser: (token, opts) => withAccount(token, opts, (t) => plain.getUser(t, opts)),
    getResources: (token, opts) => withAccount(token, opts, (t) => plain.getResources(t, opts)),
    getHomeUsers: (token, opts) => withAccount(token, opts, (t) => plain.getHomeUsers(t, opts)),
    // a Home user's token is not the account's: account.token() passes it through unchanged
    switchHomeUser: (token, uuid, pin, opts) => withAccount(token, opts, (t) => plain.switchHomeUser(t, uuid, pin, opts)),
    getClaimToken: (token, opts) => withAccount(token, opts, (t) => plain.getClaimToken(t, opts)),
    ping: (opts) => plain.ping(opts),
  }
}
