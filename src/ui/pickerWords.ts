/**
 * Turns the after-linking states (Home users, PIN pad, servers, claim, ready) into what the screens say.
 * Every fault says what happened and what happens next; nothing here fetches or decides.
 */
import type { ClaimState } from '../flows/claim/claim.js'
import type { LibrariesState } from '../flows/library/libraries.js'
import type { ConnectionKind, ServerRaceResult, ServerRow } from '../flows/servers/race.js'
import { FREE_ATTEMPTS, PIN_LENGTH } from '../flows/home/pinPad.js'
import type { HomeUsersState } from '../flows/home/reducer.js'
import { isTransient, type Fault } from '../flows/kernel/faults.js'
import type { ServerPickerState } from '../flows/servers/serverList.js'
import type { HomeUser, Resource } from '../plex/types.js'
import { formatMinutesSeconds } from './components/Countdown.js'
import { backHints, okBackHints } from './components/KeyHints.js'
import type { StatusSpec } from './components/StatusLine.js'
import { faultCause, secondsUntil } from './linkWords.js'
import { t } from '../platform/i18n.js'
import type { StringKey } from '../i18n/en.js'
import type { PinPadModel } from './screens/PinPadScreen.js'
import type { ReadyActionId, ReadyModel } from './screens/ReadyScreen.js'
import type { ServerListModel, ServerRowSpec } from './screens/ServerListScreen.js'
import type { UserPickerModel, UserTileSpec } from './screens/UserPickerScreen.js'

/** What went wrong talking to plex.tv, without the remedy (a sentence of its own). */
export function pickerFaultCause(error: Pick<Fault, 'kind' | 'status'>): string {
  switch (error.kind) {
    case 'unauthorized':
    case 'invalidPin':
      return t(`fault.${error.kind}`)
    default:
      return faultCause(isTransient(error.kind) ? error.kind : 'server', error.status)
  }
}

/** The remedy: an automatic retry with its countdown, or what the person can do. */
function nextStep(error: Fault, retryAt: number | null, now: number): string {
  if (error.kind === 'unauthorized') return t('next.signInAgain')
  if (retryAt === null) return t('next.pressOk')
  const seconds = secondsUntil(retryAt, now)
  return seconds <= 0 ? t('next.tryingNow') : t('next.tryingIn', { seconds })
}

/** `back`: what Back does on the screen (nav): opens the menu on a flow's first screen, else goes back. */
function failureHints(error: Fault, back: StringKey = 'action.menu') {
  return okBackHints(error.kind === 'unauthorized' ? 'action.signInAgain' : 'action.tryNow', back)
}

// ─── Who's watching ─────────────────────────────────────────────────────────────────────────────────

export function userTiles(users: readonly HomeUser[]): UserTileSpec[] {
  return users.map((u) => ({
    name: u.title || u.username || t('users.unnamed'),
    thumb: u.thumb || null,
    admin: u.admin,
    managed: u.restricted,
    pinProtected: u.protected,
  }))
}

const pickerHints = (back: StringKey) => okBackHints('action.choose', back)

/**
 * The picker for the states that show it (`retryAt`: the controller's automatic retry of a failed load;
 * `greeting`: "Linked as NAME" right after linking, until something else needs saying).
 */
export function userPickerModel(state: HomeUsersState, now: number, retryAt: number | null, greeting: string | null = null, back: StringKey = 'action.menu'): UserPickerModel {
  switch (state.kind) {
    case 'picking': {
      const failed = state.failure
      const name = failed ? (state.users.find((u) => u.uuid === failed.uuid)?.title ?? '') : ''
      const status: StatusSpec | null = failed
        ? {
            text: t('users.switchFailed', {
              name,
              cause: pickerFaultCause(failed.error),
              next: failed.error.retryable ? t('users.pressOkOnThem') : nextStep(failed.error, null, now),
            }),
            tone: 'error',
          }
        : greeting !== null
          ? { text: greeting, tone: 'ok' }
          : null
      return { users: userTiles(state.users), status, busy: false, hints: pickerHints(back) }
    }
    case 'switching':
      return { users: userTiles(state.users), status: { text: t('users.switching', { name: state.user.title }), tone: 'busy' }, busy: true, hints: pickerHints(back) }
    case 'pin':
      return { users: userTiles(state.users), status: null, busy: false, hints: pickerHints(back) }
    case 'loadFailed':
      return {
        users: [],
        status: { text: t('users.loadFailed', { cause: pickerFaultCause(state.error), next: nextStep(state.error, retryAt, now) }), tone: 'error' },
        busy: false,
        hints: failureHints(state.error, back),
      }
    case 'idle':
    case 'loading':
    case 'ready':
      // OK has nothing to choose yet: Back only
      return { users: [], status: { text: t('users.loading'), tone: 'busy' }, busy: true, hints: backHints(back) }
  }
}

// ─── PIN pad ────────────────────────────────────────────────────────────────────────────────────────

export function pinPadModel(state: Extract<HomeUsersState, { kind: 'pin' }>, now: number): PinPadModel {
  const { pad, user } = state
  const base = { name: user.title, thumb: user.thumb || null, filled: pad.digits.length, locked: false, busy: false }
  switch (pad.status) {
    case 'submitting':
      return { ...base, message: t('pin.checking'), tone: 'busy', busy: true }
    case 'coolingDown': {
      const left = pad.coolDownUntil === null ? 0 : Math.max(0, pad.coolDownUntil - now)
      return { ...base, message: t('pin.coolingDown', { time: formatMinutesSeconds(Math.ceil(left / 1000)) }), tone: 'warn', locked: true }
    }
    case 'wrong': {
      const lastFreeTry = FREE_ATTEMPTS - pad.attempts === 1
      return { ...base, message: t(lastFreeTry ? 'pin.wrongLast' : 'pin.wrong'), tone: 'error' }
    }
    case 'done':
      return { ...base, filled: PIN_LENGTH, message: t('pin.accepted'), tone: 'ok', busy: true }
    case 'entering':
      if (pad.fault !== null) {
        return { ...base, message: t('pin.fault', { cause: pickerFaultCause({ kind: pad.fault, status: null }) }), tone: 'error' }
      }
      return { ...base, message: null, tone: 'info' }
  }
}

// ─── Servers ────────────────────────────────────────────────────────────────────────────────────────

export function connectionWords(best: NonNullable<ServerRaceResult['best']>, onlyRelay: boolean) {
  const kind: ConnectionKind = best.kind
  return {
    via: t(`conn.${kind}`),
    latency: t('conn.latency', { ms: shownLatency(best.latencyMs) }),
    secure: best.secure,
    note: onlyRelay ? t('conn.relayOnly') : null,
  }
}

/**
 * A round trip as a row shows it: whole milliseconds under 100, two significant figures above ("604" →
 * "600"). One probe through a TV's fetch does not know its time better than that, and each distinct label is
 * a text drawn and uploaded when its row scrolls in: with 500 servers, rounded labels repeat, so most rows
 * reuse one already drawn (a Down held through 500 rows at 6×: key → frame p95 134 → 101 ms with it).
 */
export function shownLatency(ms: number): number {
  const whole = Math.max(1, Math.round(ms))
  if (whole < 100) return whole
  const step = 10 ** (Math.floor(Math.log10(whole)) - 1)
  return Math.round(whole / step) * step
}

/** "today", "yesterday", "3 days ago"; null when plex.tv sent no usable date. */
export function lastSeenWords(iso: string, now: number): string | null {
  const at = Date.parse(iso)
  if (!Number.isFinite(at) || at <= 0) return null
  const hours = Math.floor((now - at) / 3_600_000)
  if (hours < 1) return t('when.justNow')
  if (hours < 24) return hours === 1 ? t('when.anHourAgo') : t('when.hoursAgo', { count: hours })
  const days = Math.floor(hours / 24)
  return days === 1 ? t('when.yesterday') : t('when.daysAgo', { count: days })
}

function unreachableReason(result: ServerRaceResult, now: number): string {
  if (result.unavailable === 'offline') {
    const seen = lastSeenWords(result.resource.lastSeenAt, now)
    return seen ? t('servers.offlineSeen', { when: seen }) : t('servers.offline')
  }
  if (result.unavailable === 'no-connections') return t('servers.noAddress')
  const reasons = new Set(result.failures.map((f) => f.reason))
  if (reasons.size === 1 && reasons.has('unauthorized')) return t('servers.noAccess')
  if (reasons.size === 1 && reasons.has('wrong-server')) return t('servers.wrongServer')
  // it answered, then refused this app's origin (CORS): say so rather than "not answering"
  if (reasons.has('blocked')) return t('servers.blocked')
  return t('servers.notAnswering')
}

function ownerWords(resource: Resource): string | null {
  return resource.owned ? null : t('servers.sharedBy', { name: resource.sourceTitle || t('servers.aFriend') })
}

export function serverRowSpec(row: ServerRow, now: number, chosenId: string | null): ServerRowSpec {
  const base = { name: row.resource.name || t('servers.unnamed'), owner: ownerWords(row.resource), chosen: row.resource.clientIdentifier === chosenId }
  if (row.status === 'probing') return { ...base, status: { kind: 'testing', text: t('servers.testing') }, focusedHint: null }
  const { result } = row
  if (result.best === null) return { ...base, status: { kind: 'unreachable', reason: unreachableReason(result, now) }, focusedHint: t('servers.testAgain') }
  return { ...base, status: { kind: 'online', ...connectionWords(result.best, result.onlyRelay) }, focusedHint: null }
}

export function claimRow(claim: ClaimState, accountTitle: string): ServerListModel['claim'] {
  switch (claim.kind) {
    case 'claimable':
      return { label: t('claim.offer', { name: accountTitle }), detail: t('claim.offerDetail') }
    case 'claiming':
      return { label: t('claim.claiming'), detail: t(claim.step === 'token' ? 'claim.stepToken' : 'claim.stepClaim') }
    case 'claimFailed':
      return { label: t('claim.offer', { name: accountTitle }), detail: t('claim.failed', { cause: claim.step === 'token' ? pickerFaultCause(claim.error) : t('claim.refused') }) }
    case 'claimed':
      return { label: t('claim.done'), detail: null }
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
  /** What Back does here (nav): the menu unless given. */
  back?: StringKey
}

export function serverListModel(state: ServerPickerState, ctx: ServerListContext): ServerListModel {
  const claim = claimRow(ctx.claim, ctx.accountTitle)
  switch (state.kind) {
    case 'idle':
    case 'loading':
      return { claim, servers: [], empty: null, status: { text: t('servers.asking'), tone: 'busy' }, hints: backHints(ctx.back ?? 'action.menu') }
    case 'loadFailed':
      return {
        claim,
        servers: [],
        empty: null,
        status: { text: t('servers.loadFailed', { cause: pickerFaultCause(state.error), next: nextStep(state.error, state.retryAt, ctx.now) }), tone: 'error' },
        hints: failureHints(state.error, ctx.back),
      }
    case 'list': {
      const servers = state.list.rows.map((row) => serverRowSpec(row, ctx.now, ctx.chosenId))
      const testing = state.list.rows.filter((r) => r.status === 'probing').length
      const status: StatusSpec | null = ctx.notice ?? (testing > 0 ? { text: t('servers.testingCount', { count: testing, total: servers.length }), tone: 'busy' } : null)
      return {
        claim,
        servers,
        empty: servers.length === 0 && claim === null ? t('servers.empty') : null,
        status,
        hints: okBackHints(servers.length === 0 ? 'action.lookAgain' : 'action.choose', ctx.back ?? 'action.menu'),
      }
    }
  }
}

// ─── Ready ──────────────────────────────────────────────────────────────────────────────────────────

const LIBRARY_TYPES = ['movie', 'show', 'artist', 'photo'] as const
function libraryKind(type: string): string {
  const known = LIBRARY_TYPES.find((k) => k === type)
  return t(known ? `library.${known}` : 'library.other')
}

export interface ReadyContext {
  account: string
  /** plex.tv's numeric account id and the account's username, for the details line (a support call asks for them). */
  accountId?: number
  username?: string | null
  user: { name: string; thumb: string | null } | null
  result: ServerRaceResult & { best: NonNullable<ServerRaceResult['best']> }
  libraries: LibrariesState
  canChangeUser: boolean
  now: number
}

/** The type word, unless the library's own name already says it ("Movies" of type movie, "Kids Movies"). */
export function kindChip(title: string, kind: string): string | null {
  return title.toLocaleLowerCase().includes(kind.toLocaleLowerCase()) ? null : kind
}

/**
 * What a support call asks for, in one line: the server's machine identifier (its clientIdentifier in
 * plex.tv's resources, the machineIdentifier it answers /identity with), the account's username and id.
 */
export function readyDetails(ctx: ReadyContext): { label: string; value: string }[] {
  const details = [{ label: t('ready.serverId'), value: ctx.result.resource.clientIdentifier }]
  if (ctx.username) details.push({ label: t('ready.username'), value: ctx.username })
  if (ctx.accountId !== undefined) details.push({ label: t('ready.accountId'), value: String(ctx.accountId) })
  return details
}

export function readyModel(ctx: ReadyContext): ReadyModel {
  const { libraries } = ctx
  const sections = libraries.kind === 'loaded' ? libraries.sections : []
  const librariesNote =
    libraries.kind === 'loading'
      ? t('ready.librariesLoading')
      : libraries.kind === 'failed'
        ? t('ready.librariesFailed', { seconds: secondsUntil(libraries.retryAt, ctx.now) })
        : sections.length === 0
          ? t('ready.librariesNone')
          : null
  const actions: ReadyActionId[] = ctx.canChangeUser ? ['change-user', 'change-server', 'sign-out'] : ['change-server', 'sign-out']
  return {
    account: ctx.account,
    user: ctx.user,
    server: ctx.result.resource.name,
    connection: connectionWords(ctx.result.best, ctx.result.onlyRelay),
    libraries: sections.map((s) => ({ title: s.title, kind: kindChip(s.title, libraryKind(s.type)) })),
    details: readyDetails(ctx),
    librariesNote,
    actions,
    hints: [
      { key: t('key.ok'), label: t('action.select') },
      { key: t('key.back'), label: t('action.menu') },
    ],
  }
}
