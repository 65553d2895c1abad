/**
 * Turns behaviour states into what the screen says. Every fault gets its own words and says what
 * happens next; a network error is never called "expired".
 */
import { countdownOf, type LinkCodeState, type ShownCode } from '../flows/link/state.js'
import type { TransientKind as LinkFault } from '../flows/kernel/faults.js'
import type { StartupState } from '../flows/startup/startup.js'
import type { PlexAccount } from '../plex/types.js'
import { formatMinutesSeconds } from './components/Countdown.js'
import { t } from '../platform/i18n.js'
import type { LinkCodeModel } from './screens/LinkCodeScreen.js'
import type { Tone } from './components/StatusLine.js'
import type { MessageModel } from './screens/MessageScreen.js'

export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000))
}

function retryIn(at: number, now: number): string {
  const s = secondsUntil(at, now)
  return s <= 0 ? t('link.retryingNow') : t('link.retryingIn', { seconds: s })
}

/** "Can't reach plex.tv", "plex.tv is having trouble (error 503)"… the cause, without the remedy. */
export function faultCause(fault: LinkFault, status: number | null): string {
  switch (fault) {
    case 'server':
      return status ? t('fault.serverStatus', { status }) : t('fault.server')
    default:
      return t(`fault.${fault}`)
  }
}

export function accountName(account: PlexAccount | null): string | null {
  if (!account) return null
  return account.friendlyName || account.title || account.username || null
}

export interface LinkWordsContext {
  now: number
  qrPayloadFor: (code: string) => string
}

function countdownFor(code: ShownCode, now: number): LinkCodeModel['countdown'] {
  const { remainingMs, fraction } = countdownOf(code, now)
  return { label: t('link.expiresIn', { time: formatMinutesSeconds(remainingMs / 1000) }), fraction, urgent: remainingMs <= 60_000 }
}

export function linkCodeModel(state: LinkCodeState, ctx: LinkWordsContext): LinkCodeModel {
  const { now } = ctx
  const withCode = (code: ShownCode | null, status: { text: string; tone: Tone }, okAction: string | null, linked = false): LinkCodeModel => ({
    linked,
    code: code?.code ?? null,
    qrPayload: code ? ctx.qrPayloadFor(code.code) : null,
    countdown: code ? countdownFor(code, now) : null,
    status,
    okAction,
  })
  switch (state.kind) {
    case 'stopped':
    case 'creating':
      return withCode(null, { text: t('link.gettingCode'), tone: 'info' }, null)
    case 'waiting':
      return withCode(state.code, { text: t('link.waiting'), tone: 'info' }, null)
    case 'error': {
      const cause = faultCause(state.fault, state.status)
      if (state.request === 'getUser') {
        return withCode(null, { text: t('link.linkedAccountFault', { cause, retry: retryIn(state.retryAt, now) }), tone: 'warn' }, t('action.retryNow'), true)
      }
      if (state.fault === 'rateLimited') {
        return withCode(state.code, { text: t('link.slowDown', { cause, seconds: secondsUntil(state.retryAt, now) }), tone: 'warn' }, null)
      }
      const key = state.request === 'createPin' && !state.code ? 'link.faultRetryForCode' : 'link.faultRetry'
      return withCode(state.code, { text: t(key, { cause, retry: retryIn(state.retryAt, now) }), tone: 'warn' }, t('action.retryNow'))
    }
    case 'idle':
      return withCode(null, { text: t('link.idle', { count: state.expiredCodes }), tone: 'warn' }, t('action.newCode'))
    case 'linked': {
      // nothing is left to type: the screen drops the steps, the code cells and the QR
      const name = accountName(state.account)
      if (name) return withCode(null, { text: t('link.linkedAs', { name }), tone: 'ok' }, null, true)
      if (state.accountFault) {
        const cause = faultCause(state.accountFault.fault, state.accountFault.status)
        return withCode(null, { text: t('link.linkedAccountFault', { cause, retry: retryIn(state.accountFault.retryAt, now) }), tone: 'warn' }, t('action.retryNow'), true)
      }
      return withCode(null, { text: t('link.linkedLoading'), tone: 'ok' }, null, true)
    }
  }
}

export function startupMessage(state: StartupState, now: number): MessageModel {
  switch (state.kind) {
    case 'offline':
      return {
        title: faultCause(state.fault, state.status),
        body: t('startup.offlineBody'),
        status: startupRetry(state.fault, secondsUntil(state.retryAt, now)),
        tone: 'warn',
        hints: [
          { key: t('key.ok'), label: t('action.retryNow') },
          { key: t('key.back'), label: t('action.menu') },
        ],
      }
    case 'checking':
      return { title: 'PlexLink TV', body: t('startup.checking'), hints: [] }
    default:
      return { title: 'PlexLink TV', body: t('startup.starting'), hints: [] }
  }
}

function startupRetry(fault: LinkFault, seconds: number): string {
  if (fault === 'rateLimited') return t('link.checkingAgainIn', { seconds })
  return seconds <= 0 ? t('startup.retryingNow') : t('startup.retryingIn', { seconds })
}
