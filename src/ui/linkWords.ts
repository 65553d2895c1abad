/**
 * Turns behaviour states into what the screen says. Every fault gets its own words and says what
 * happens next; a network error is never called "expired".
 */
import type { LinkCodeState, ShownCode } from '../linking/linkCode.js'
import { countdownOf } from '../linking/linkCode.js'
import type { LinkFault } from '../linking/faults.js'
import type { StartupState } from '../linking/startup.js'
import type { PlexAccount } from '../plex/types.js'
import { formatMinutesSeconds } from './components/Countdown.js'
import type { LinkCodeModel, Tone } from './screens/LinkCodeScreen.js'
import type { MessageModel } from './screens/MessageScreen.js'

export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000))
}

function retryIn(at: number, now: number): string {
  const s = secondsUntil(at, now)
  return s <= 0 ? 'retrying now' : `retrying in ${s} s`
}

/** "Can't reach plex.tv", "plex.tv is having trouble (error 503)"… the cause, without the remedy. */
export function faultCause(fault: LinkFault, status: number | null): string {
  switch (fault) {
    case 'network':
      return "Can't reach plex.tv"
    case 'timeout':
      return 'plex.tv is not answering'
    case 'server':
      return status ? `plex.tv is having trouble (error ${status})` : 'plex.tv is having trouble'
    case 'badResponse':
      return "plex.tv sent an answer this TV couldn't read"
    case 'rateLimited':
      return 'plex.tv asked this TV to slow down'
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
  return { label: `Code expires in ${formatMinutesSeconds(remainingMs / 1000)}`, fraction, urgent: remainingMs <= 60_000 }
}

export function linkCodeModel(state: LinkCodeState, ctx: LinkWordsContext): LinkCodeModel {
  const { now } = ctx
  const withCode = (code: ShownCode | null, status: { text: string; tone: Tone }, okAction: string | null): LinkCodeModel => ({
    code: code?.code ?? null,
    qrPayload: code ? ctx.qrPayloadFor(code.code) : null,
    countdown: code ? countdownFor(code, now) : null,
    status,
    okAction,
  })
  switch (state.kind) {
    case 'stopped':
    case 'creating':
      return withCode(null, { text: 'Getting a code from plex.tv…', tone: 'info' }, null)
    case 'waiting':
      return withCode(state.code, { text: 'Waiting for you to enter the code…', tone: 'info' }, null)
    case 'error': {
      const cause = faultCause(state.fault, state.status)
      if (state.request === 'getUser') {
        return withCode(null, { text: `Linked! ${cause} to load your account — ${retryIn(state.retryAt, now)}. Press OK to retry now.`, tone: 'warn' }, 'Retry now')
      }
      if (state.fault === 'rateLimited') {
        return withCode(state.code, { text: `${cause} — checking again in ${secondsUntil(state.retryAt, now)} s.`, tone: 'warn' }, null)
      }
      const what = state.request === 'createPin' && !state.code ? ' for a code' : ''
      return withCode(state.code, { text: `${cause}${what} — ${retryIn(state.retryAt, now)}. Press OK to retry now.`, tone: 'warn' }, 'Retry now')
    }
    case 'idle':
      return withCode(
        null,
        { text: `${state.expiredCodes} codes expired with nobody linking. Press OK for a new code.`, tone: 'warn' },
        'New code',
      )
    case 'linked': {
      const name = accountName(state.account)
      if (name) return withCode(null, { text: `Linked as ${name}`, tone: 'ok' }, null)
      if (state.accountFault) {
        const cause = faultCause(state.accountFault.fault, state.accountFault.status)
        return withCode(null, { text: `Linked! ${cause} to load your account — ${retryIn(state.accountFault.retryAt, now)}. Press OK to retry now.`, tone: 'warn' }, 'Retry now')
      }
      return withCode(null, { text: 'Linked! Loading your account…', tone: 'ok' }, null)
    }
  }
}

export function startupMessage(state: StartupState, now: number): MessageModel {
  switch (state.kind) {
    case 'offline':
      return {
        title: `${faultCause(state.fault, state.status)}`,
        body: 'This TV is still signed in — nothing is lost. It will check again by itself; you can also press OK to try now.',
        status: state.fault === 'rateLimited' ? `Checking again in ${secondsUntil(state.retryAt, now)} s` : `${capitalise(retryIn(state.retryAt, now))}`,
        tone: 'warn',
        hints: [
          { key: 'OK', label: 'Retry now' },
          { key: 'Back', label: 'Menu' },
        ],
      }
    case 'checking':
      return { title: 'PlexLink TV', body: 'Checking your Plex sign-in…', hints: [] }
    default:
      return { title: 'PlexLink TV', body: 'Starting…', hints: [] }
  }
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
