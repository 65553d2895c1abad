/**
 * The chosen server's libraries for the Ready screen: GET {uri}/library/sections over the connection that
 * won the race, with the server's access token. A reducer on the kernel's runner: a failure is retried by
 * itself with the kernel's backoff — every failure, a 401 too (plex.tv may refresh the server's token), but
 * never faster than the backoff.
 */
import type { PmsApi } from '../../plex/api.js'
import type { LibrarySection } from '../../plex/types.js'
import type { Fault } from '../kernel/faults.js'
import { faultDelay } from '../kernel/policy.js'
import { FlowHost, runnerDeps, type FlowOptions } from '../kernel/host.js'
import type { FlowDefinition } from '../kernel/runner.js'

export type LibrariesState = { kind: 'loading' } | { kind: 'loaded'; sections: LibrarySection[] } | { kind: 'failed'; retryAt: number; fault: Fault }

export interface LibrariesModel {
  state: LibrariesState
  seq: number
  inFlight: number | null
  failures: number
}

export type LibrariesEvent =
  | { type: 'load' }
  | { type: 'timer'; at: number }
  | { type: 'loaded'; seq: number; sections: LibrarySection[] }
  | { type: 'failed'; seq: number; at: number; fault: Fault; random: number }

export function reduceLibraries(m: LibrariesModel, e: LibrariesEvent): LibrariesModel {
  switch (e.type) {
    case 'load':
      return m.inFlight !== null ? m : { ...m, seq: m.seq + 1, inFlight: m.seq + 1, state: { kind: 'loading' } }
    case 'timer':
      return m.state.kind === 'failed' && e.at >= m.state.retryAt ? reduceLibraries(m, { type: 'load' }) : m
    case 'loaded':
      return m.inFlight !== e.seq ? m : { ...m, inFlight: null, failures: 0, state: { kind: 'loaded', sections: e.sections } }
    case 'failed': {
      if (m.inFlight !== e.seq) return m
      if (e.fault.kind === 'aborted') return { ...m, inFlight: null }
      const retryAt = e.at + faultDelay(e.fault, m.failures, e.random)
      return { ...m, inFlight: null, failures: m.failures + 1, state: { kind: 'failed', retryAt, fault: e.fault } }
    }
  }
}

export interface LibrariesOptions extends FlowOptions {
  pms: PmsApi
  uri: string
  /** The server's access token (the user token when plex.tv sent none). */
  token: string
  timeoutMs?: number
}

const LOADING: LibrariesModel = { state: { kind: 'loading' }, seq: 0, inFlight: null, failures: 0 }

export class LibrariesSession {
  private readonly host: FlowHost<LibrariesModel, LibrariesEvent, 'librarySections'>

  constructor(options: LibrariesOptions) {
    const { pms, uri, token } = options
    const flow: FlowDefinition<LibrariesModel, LibrariesEvent, 'librarySections'> = {
      reduce: reduceLibraries,
      request: (m) => (m.inFlight === null ? null : { seq: m.inFlight, call: 'librarySections' }),
      wakeAt: (m) => (m.state.kind === 'failed' ? m.state.retryAt : null),
      describe: () => ({ call: 'librarySections', uri }),
      perform: async ({ seq }, signal, pace) => {
        const sections = await pms.librarySections(uri, token, { signal, pace })
        return () => ({ type: 'loaded', seq, sections })
      },
      failed: (seq, fault, at, r) => ({ type: 'failed', seq, at, fault, random: r }),
      timer: (at) => ({ type: 'timer', at }),
    }
    this.host = new FlowHost(flow, runnerDeps(options, options.timeoutMs), LOADING)
  }

  get state(): LibrariesState {
    return this.host.model.state
  }

  subscribe(listener: (state: LibrariesState) => void): () => void {
    return this.host.watch((m) => m.state, listener)
  }

  start(): void {
    this.host.start(LOADING, { type: 'load' })
  }

  stop(): void {
    this.host.stop()
  }
}
