/**
 * What the diagnostics screen says: facts (label and value) and one plain-language line per common cause
 * of "linking does not work" (network, plex.tv down, the clock, the code), each saying what to do.
 */
import { clockIsWrong, type DiagnosticsState } from '../flows/diagnostics/diagnostics.js'
import type { ErrorEntry } from '../flows/diagnostics/errorLog.js'
import { t } from '../platform/i18n.js'
import type { StringKey } from '../i18n/en.js'
import type { StatusSpec } from './components/StatusLine.js'
import type { DiagnosticsModel } from './screens/DiagnosticsScreen.js'

export interface DiagnosticsFacts {
  deviceName: string
  clientIdentifier: string
  version: string
  platform: string
  renderer: 'WebGL' | 'Canvas 2D'
  errors: readonly ErrorEntry[]
  /** Where codes are entered, as the link screen words it ("plex.tv/link"). */
  linkUrl: string
  /** The account credential's kind, expiry and last refresh (device ms), never the token (flows/jwt). */
  signIn?: { kind: 'legacy' | 'jwt' | 'none'; expiresAt: number | null; refreshedAt: number | null }
}

/** "12 min", "3 h", "2 days": how far off a clock is. */
export function driftWords(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000)
  if (minutes < 120) return t('diag.minutes', { count: Math.max(1, minutes) })
  const hours = Math.round(minutes / 60)
  return hours < 48 ? t('diag.hours', { count: hours }) : t('diag.days', { count: Math.round(hours / 24) })
}

/** The first and last four characters: enough to match it in plex.tv's device list, not to copy it. */
export function shortId(id: string): string {
  return id.length <= 10 ? id : `${id.slice(0, 4)}…${id.slice(-4)}`
}

/**
 * Plex's status page, where outages of plex.tv are posted (an Atlassian Statuspage: "Authentication and API
 * server" is the component linking depends on).
 */
export const PLEX_STATUS_PAGE = 'status.plex.tv'

/** The calls the error log names, in words; anything else is "Asking plex.tv". */
const CALL_WORDS: Record<string, StringKey> = {
  createPin: 'diag.call.createPin',
  getPin: 'diag.call.getPin',
  getUser: 'diag.call.getUser',
  getHomeUsers: 'diag.call.getHomeUsers',
  getResources: 'diag.call.getResources',
  switchHomeUser: 'diag.call.switchHomeUser',
}

/** The faults the error log names, in the words the link screen uses ("plex.tv is not answering"). */
const FAULT_WORDS: Record<string, StringKey> = {
  network: 'fault.network',
  timeout: 'fault.timeout',
  server: 'fault.server',
  badResponse: 'fault.badResponse',
  rateLimited: 'fault.rateLimited',
  unauthorized: 'fault.unauthorized',
  invalidPin: 'fault.invalidPin',
  tokenExpired: 'fault.tokenExpired',
}

/** "12:04:31  Getting a code: plex.tv is not answering." — one logged fault as a sentence, never `createPin: timeout`. */
export function errorSentence(e: ErrorEntry): string {
  const call = t(CALL_WORDS[e.request] ?? 'diag.call.other')
  const fault = FAULT_WORDS[e.fault]
  const cause = fault === 'fault.server' && e.status ? t('fault.serverStatus', { status: e.status }) : t(fault ?? 'fault.other')
  return t('diag.errorLine', { time: time(e.at), call, cause })
}

/** "Plex JWT, expires 2 Dec 14:03:22, refreshed 13:58:01": kind and times only. */
export function signInWords(signIn: NonNullable<DiagnosticsFacts['signIn']>): string {
  if (signIn.kind === 'none') return t('diag.signInNone')
  if (signIn.kind === 'legacy') return t('diag.signInLegacy')
  const at = (ms: number | null) => (ms === null ? '–' : `${new Date(ms).toISOString().slice(0, 10)} ${time(ms)}`)
  return t('diag.signInJwt', { expires: at(signIn.expiresAt), refreshed: at(signIn.refreshedAt) })
}

function time(at: number): string {
  const d = new Date(at)
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

export function diagnosticsModel(state: DiagnosticsState, facts: DiagnosticsFacts): DiagnosticsModel {
  const result = state.kind === 'done' ? state.result : null
  const reach = result?.reach ?? null
  const skew = result?.clockSkewMs ?? null
  const plexTv =
    reach === null
      ? t('diag.checking')
      : reach.kind === 'ok'
        ? t('diag.reachable', { ms: Math.round(reach.rttMs) })
        : reach.kind === 'trouble'
          ? t('diag.trouble', { status: reach.status })
          : t('diag.unreachable')
  const clock =
    result === null
      ? '…'
      : skew === null
        ? t('diag.clockUnknown')
        : !clockIsWrong(skew)
          ? t('diag.clockRight')
          : t(skew > 0 ? 'diag.clockBehind' : 'diag.clockAhead', { amount: driftWords(skew) })
  const errors = facts.errors.slice(-3).map(errorSentence)

  const causes: StatusSpec[] = []
  if (result !== null && reach !== null) {
    causes.push(reach.kind === 'unreachable' ? { text: t('diag.causeNetworkBad'), tone: 'error' } : { text: t('diag.causeNetworkOk'), tone: 'ok' })
    if (reach.kind !== 'unreachable')
      causes.push(reach.kind === 'trouble' ? { text: t('diag.causePlexBad', { statusPage: PLEX_STATUS_PAGE }), tone: 'error' } : { text: t('diag.causePlexOk'), tone: 'ok' })
    causes.push(
      skew === null
        ? { text: t('diag.causeClockUnknown'), tone: 'warn' }
        : clockIsWrong(skew)
          ? { text: t('diag.causeClockBad', { amount: driftWords(skew) }), tone: 'error' }
          : { text: t('diag.causeClockOk'), tone: 'ok' },
    )
  }
  causes.push({ text: t('diag.causeCode', { url: facts.linkUrl }), tone: 'info' })

  return {
    facts: [
      { label: t('diag.plexTv'), value: plexTv },
      { label: t('diag.clock'), value: clock },
      { label: t('diag.deviceName'), value: facts.deviceName },
      { label: t('diag.deviceId'), value: shortId(facts.clientIdentifier) },
      { label: t('diag.version'), value: facts.version },
      { label: t('diag.platform'), value: facts.platform },
      { label: t('diag.renderer'), value: facts.renderer },
      ...(facts.signIn ? [{ label: t('diag.signIn'), value: signInWords(facts.signIn) }] : []),
    ],
    errors: errors.length === 0 ? [t('diag.noErrors')] : errors,
    causes,
  }
}
