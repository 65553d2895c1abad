/**
 * Turns the after-linking states (Home users, PIN pad, servers, claim, ready) into what the screens say.
 * Every fault says what happened and what happens next; nothing here fetches or decides.
 */
import type { ClaimState } from '../linking/claim.js'
import type { ConnectionKind, ServerRaceResult, ServerRow } from '../linking/connectionRace.js'
import { FREE_ATTEMPTS, PIN_LENGTH } from '../linking/homePin.js'
import type { HomeUsersState } from '../linking/homeUsers.js'
import type { PickerError } from '../linking/pickerFaults.js'
import type { ServerPickerState } from '../linking/serverPicker.js'
import type { HomeUser, LibrarySection, Resource } from '../plex/types.js'
import { formatMinutesSeconds } from './components/Countdown.js'
import type { StatusSpec } from './components/StatusLine.js'
import { capitalise, secondsUntil } from './linkWords.js'
import type { PinPadModel } from './screens/PinPadScreen.js'
import type { ReadyActionId, ReadyModel } from './screens/ReadyScreen.js'
import type { ServerListModel, ServerRowSpec } from './screens/ServerListScreen.js'
import type { UserPickerModel, UserTileSpec } from './screens/UserPickerScreen.js'

/** What went wrong talking to plex.tv, without the remedy. */
export function pickerFaultCause(error: PickerError): string {
  switch (error.fault) {
    case 'network':
      return "can't reach plex.tv"
    case 'timeout':
      return 'plex.tv is not answering'
    case 'server':
      return error.status ? `plex.tv is having trouble (error ${error.status})` : 'plex.tv is having trouble'
    case 'badResponse':
      return "plex.tv sent an answer this TV couldn't read"
    case 'rateLimited':
      return 'plex.tv asked this TV to slow down'
    case 'unauthorized':
      return "this TV's sign-in is no longer valid"
    case 'invalidPin':
      return 'plex.tv asked for a PIN'
  }
}

/** The remedy: an automatic retry with its countdown, or what the person can do. */
function nextStep(error: PickerError, retryAt: number | null, now: number): string {
  if (error.fault === 'unauthorized') return 'Press OK to sign in again.'
  if (retryAt === null) return 'Press OK to try again.'
  const s = secondsUntil(retryAt, now)
  return s <= 0 ? 'Trying again now…' : `Trying again in ${s} s — press OK to try now.`
}

// ─── Who's watching ─────────────────────────────────────────────────────────────────────────────────

export function userTiles(users: readonly HomeUser[]): UserTileSpec[] {
  return users.map((u) => ({
    name: u.title || u.username || 'Unnamed user',
    thumb: u.thumb || null,
    admin: u.admin,
    managed: u.restricted,
    pinProtected: u.protected,
  }))
}

const PICKER_HINTS = [
  { key: 'OK', label: 'Choose' },
  { key: 'Back', label: 'Menu' },
]

/**
 * The picker for the states that show it (`retryAt`: the controller's automatic retry of a failed load;
 * `greeting`: "Linked as NAME" right after linking, until something else needs saying).
 */
export function userPickerModel(state: HomeUsersState, now: number, retryAt: number | null, greeting: string | null = null): UserPickerModel {
  switch (state.kind) {
    case 'picking': {
      const failed = state.failure
      const who = failed ? state.users.find((u) => u.uuid === failed.uuid)?.title ?? 'that user' : ''
      const status: StatusSpec | null = failed
        ? {
            text: `Couldn't switch to ${who} — ${pickerFaultCause(failed.error)}. ${failed.error.retryable ? 'Press OK on them to try again.' : nextStep(failed.error, null, now)}`,
            tone: 'error',
          }
        : greeting !== null
          ? { text: greeting, tone: 'ok' }
          : null
      return { users: userTiles(state.users), status, busy: false, hints: PICKER_HINTS }
    }
    case 'switching':
      return { users: userTiles(state.users), status: { text: `Switching to ${state.user.title}…`, tone: 'busy' }, busy: true, hints: PICKER_HINTS }
    case 'pin':
      return { users: userTiles(state.users), status: null, busy: false, hints: PICKER_HINTS }
    case 'loadFailed':
      return {
        users: [],
        status: { text: `Couldn't load your Plex Home — ${pickerFaultCause(state.error)}. ${nextStep(state.error, retryAt, now)}`, tone: 'error' },
        busy: false,
        hints: [{ key: 'OK', label: state.error.fault === 'unauthorized' ? 'Sign in again' : 'Try now' }, { key: 'Back', label: 'Menu' }],
      }
    case 'idle':
    case 'loading':
    case 'ready':
      return { users: [], status: { text: 'Loading your Plex Home…', tone: 'busy' }, busy: true }
  }
}

// ─── PIN pad ────────────────────────────────────────────────────────────────────────────────────────

export function pinPadModel(state: Extract<HomeUsersState, { kind: 'pin' }>, now: number): PinPadModel {
  const { pad, user } = state
  const base = { name: user.title, thumb: user.thumb || null, filled: pad.digits.length, locked: false, busy: false }
  switch (pad.status) {
    case 'submitting':
      return { ...base, message: 'Checking…', tone: 'busy', busy: true }
    case 'coolingDown': {
      const left = pad.coolDownUntil === null ? 0 : Math.max(0, pad.coolDownUntil - now)
      return { ...base, message: `Too many wrong PINs. Try again in ${formatMinutesSeconds(Math.ceil(left / 1000))}`, tone: 'warn', locked: true }
    }
    case 'wrong': {
      const left = FREE_ATTEMPTS - pad.attempts
      const warning = left === 1 ? ' One more wrong PIN means a short wait.' : ''
      return { ...base, message: `Wrong PIN — try again.${warning}`, tone: 'error' }
    }
    case 'done':
      return { ...base, filled: PIN_LENGTH, message: 'PIN accepted', tone: 'ok', busy: true }
    case 'entering':
      if (pad.fault !== null) {
        const cause = pickerFaultCause({ fault: pad.fault, status: null, retryable: true, retryAfterMs: null })
        return { ...base, message: `Couldn't check the PIN — ${cause}. Type it again.`, tone: 'error' }
      }
      return { ...base, message: null, tone: 'info' }
  }
}

// ─── Servers ────────────────────────────────────────────────────────────────────────────────────────

const KIND_WORD: Record<ConnectionKind, string> = { local: 'LAN', remote: 'Remote', relay: 'Relay' }

export function connectionWords(best: NonNullable<ServerRaceResult['best']>, onlyRelay: boolean) {
  return {
    via: KIND_WORD[best.kind],
    latency: `${Math.max(1, Math.round(best.latencyMs))} ms`,
    secure: best.secure,
    note: onlyRelay ? 'Relay only — video quality is limited' : null,
  }
}

/** "today", "yesterday", "3 days ago"; null when plex.tv sent no usable date. */
export function lastSeenWords(iso: string, now: number): string | null {
  const at = Date.parse(iso)
  if (!Number.isFinite(at) || at <= 0) return null
  const hours = Math.floor((now - at) / 3_600_000)
  if (hours < 1) return 'just now'
  if (hours < 24) return hours === 1 ? 'an hour ago' : `${hours} hours ago`
  const days = Math.floor(hours / 24)
  return days === 1 ? 'yesterday' : `${days} days ago`
}

function unreachableReason(result: ServerRaceResult, now: number): string {
  if (result.unavailable === 'offline') {
    const seen = lastSeenWords(result.resource.lastSeenAt, now)
    return seen ? `Offline — last seen ${seen}` : 'Offline'
  }
  if (result.unavailable === 'no-connections') return 'No address to connect to'
  const reasons = new Set(result.failures.map((f) => f.reason))
  if (reasons.size === 1 && reasons.has('unauthorized')) return 'This user has no access to it'
  if (reasons.size === 1 && reasons.has('wrong-server')) return 'Its address now answers as another server'
  return 'Not answering on any of its addresses'
}

function ownerWords(resource: Resource): string | null {
  return resource.owned ? null : `Shared by ${resource.sourceTitle || 'a friend'}`
}

export function serverRowSpec(row: ServerRow, now: number, chosenId: string | null): ServerRowSpec {
  const base = { name: row.resource.name || 'Unnamed server', owner: ownerWords(row.resource), chosen: row.resource.clientIdentifier === chosenId }
  if (row.status === 'probing') return { ...base, status: { kind: 'testing', text: 'Testing connections…' }, focusedHint: null }
  const { result } = row
  if (result.best === null) return { ...base, status: { kind: 'unreachable', reason: unreachableReason(result, now) }, focusedHint: 'Press OK to test again' }
  return { ...base, status: { kind: 'online', ...connectionWords(result.best, result.onlyRelay) }, focusedHint: null }
}

export function claimRow(claim: ClaimState, accountTitle: string): ServerListModel['claim'] {
  const where = 'the Plex Media Server on this device'
  switch (claim.kind) {
    case 'claimable':
      return { label: `Claim this server for ${accountTitle}`, detail: `Adds ${where} to your account` }
    case 'claiming':
      return { label: 'Claiming this server…', detail: claim.step === 'token' ? 'Asking plex.tv for a claim token' : 'Handing the claim to the server' }
    case 'claimFailed':
      return { label: `Claim this server for ${accountTitle}`, detail: `That didn't work — ${claim.step === 'token' ? pickerFaultCause(claim.error) : 'the server refused the claim'}. Press OK to try again.` }
    case 'claimed':
      return { label: 'Claimed — it is now in your list', detail: null }
    default:
      return null
  }
}

export interface ServerListContext {
  now: number
  chosenId: string | null
  claim: ClaimState
  accountTitle: string
  /** A sentence from the controller, e.g. "Couldn't reach Living Room — choose another server". */
  notice: StatusSpec | null
}

export function serverListModel(state: ServerPickerState, ctx: ServerListContext): ServerListModel {
  const claim = claimRow(ctx.claim, ctx.accountTitle)
  switch (state.kind) {
    case 'idle':
    case 'loading':
      return { claim, servers: [], empty: null, status: { text: 'Asking plex.tv for your servers…', tone: 'busy' } }
    case 'loadFailed':
      return {
        claim,
        servers: [],
        empty: null,
        status: { text: `Couldn't get your servers — ${pickerFaultCause(state.error)}. ${nextStep(state.error, state.retryAt, ctx.now)}`, tone: 'error' },
        hints: [{ key: 'OK', label: state.error.fault === 'unauthorized' ? 'Sign in again' : 'Try now' }, { key: 'Back', label: 'Menu' }],
      }
    case 'list': {
      const servers = state.list.rows.map((row) => serverRowSpec(row, ctx.now, ctx.chosenId))
      const testing = state.list.rows.filter((r) => r.status === 'probing').length
      const status: StatusSpec | null = ctx.notice ?? (testing > 0 ? { text: `Testing connections to ${testing} of ${servers.length} servers…`, tone: 'busy' } : null)
      return {
        claim,
        servers,
        empty: servers.length === 0 && claim === null ? 'No Plex Media Servers on this account yet. Set one up, then press OK to look again.' : null,
        status,
        hints: [{ key: 'OK', label: servers.length === 0 ? 'Look again' : 'Choose' }, { key: 'Back', label: 'Menu' }],
      }
    }
  }
}

// ─── Ready ──────────────────────────────────────────────────────────────────────────────────────────

const LIBRARY_KIND: Record<string, string> = { movie: 'Movies', show: 'TV Shows', artist: 'Music', photo: 'Photos' }

export type LibrariesState =
  | { kind: 'loading' }
  | { kind: 'loaded'; sections: LibrarySection[] }
  | { kind: 'failed'; retryAt: number }

export interface ReadyContext {
  account: string
  user: { name: string; thumb: string | null } | null
  result: ServerRaceResult & { best: NonNullable<ServerRaceResult['best']> }
  libraries: LibrariesState
  canChangeUser: boolean
  now: number
}

export function readyModel(ctx: ReadyContext): ReadyModel {
  const { libraries } = ctx
  const sections = libraries.kind === 'loaded' ? libraries.sections : []
  const librariesNote =
    libraries.kind === 'loading'
      ? 'Loading the libraries…'
      : libraries.kind === 'failed'
        ? `Couldn't load the libraries — trying again in ${secondsUntil(libraries.retryAt, ctx.now)} s`
        : sections.length === 0
          ? 'No libraries on this server yet'
          : null
  const actions: ReadyActionId[] = ctx.canChangeUser ? ['change-user', 'change-server', 'sign-out'] : ['change-server', 'sign-out']
  return {
    account: ctx.account,
    user: ctx.user,
    server: ctx.result.resource.name,
    connection: connectionWords(ctx.result.best, ctx.result.onlyRelay),
    libraries: sections.map((s) => ({ title: s.title, kind: LIBRARY_KIND[s.type] ?? capitalise(s.type) })),
    librariesNote,
    actions,
    hints: [
      { key: 'OK', label: 'Select' },
      { key: 'Back', label: 'Menu' },
    ],
  }
}
