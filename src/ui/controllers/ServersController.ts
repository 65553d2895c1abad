import { ClaimSession, keptClaim, type ClaimState, type KeptClaim } from '../../flows/claim/claim.js'
import type { StoredServer } from '../../flows/launch/selection.js'
import type { ServerRaceResult } from '../../flows/servers/race.js'
import { ServerPickerSession, type KeptServerList, type ServerPickerState } from '../../flows/servers/serverList.js'
import type { Services } from '../../services.js'
import type { StatusSpec } from '../components/StatusLine.js'
import { serverListModel } from '../pickerWords.js'
import { MessageScreen } from '../screens/MessageScreen.js'
import { ServerListScreen } from '../screens/ServerListScreen.js'
import type { ScreenHost } from './ScreenHost.js'
import { Ticker } from './Ticker.js'
import { t } from '../../platform/i18n.js'
import type { StringKey } from '../../i18n/en.js'

/**
 * While races settle, the list is drawn again at most this often (issue 15 item 5): with 500 servers each
 * settled race meant a new frame (the count, the rows in view re-sorted), and on a slow TV those frames
 * took the main thread from the answers still coming in. The last race's answer is drawn at once.
 */
export const SETTLE_RENDER_MS = 250

export type ReachableResult = ServerRaceResult & { best: NonNullable<ServerRaceResult['best']> }

export interface ServersActions {
  chosen(result: ReachableResult): void
  menu(): void
  signInAgain(): void
  /** OK on the claim row: ask first, then `claim()` (nav: claiming is confirmed). */
  confirmClaim(claim: () => void): void
  /** The screen goes with every server tested: what to show if the person comes back (null: nothing kept). */
  keep(kept: KeptServers | null): void
}

/** A tested list and where focus was, kept while Diagnostics or Device name is open. */
export interface KeptServers {
  list: KeptServerList
  focusedId: string | null
  /** What the look at the local server found (the claim row), when it had finished. */
  claim: KeptClaim | null
}

export interface ServersOptions {
  userToken: string
  /** Whose name the claim row offers the local server to; null: not offered (only the account's admin claims). */
  claimFor: string | null
  /** The server to preselect (the last chosen one). */
  chosenId: string | null
  /** At launch: go straight on with this server when it answers, without showing the list. */
  resume: StoredServer | null
  /** "Linked as NAME", when the Home step was skipped right after linking. */
  greeting?: string | null
  /** What the Back hint says (nav: the menu on a flow's first screen, else Back). */
  back?: StringKey
  /** The list as it was when this screen last went, shown again without testing when still fresh. */
  kept?: KeptServers | null
}

/**
 * "Choose a server": runs the server list session (resources + connection races) and the local claim
 * probe, renders the list as rows settle, keeps focus on the same server while rows re-sort, tests an
 * unreachable server again on OK, and claims the local server. In resume mode it shows "Connecting to
 * NAME…" and goes on by itself when that server answers; if it does not, the list says why.
 * `dispose()` ends every request, probe and timer.
 */
export class ServersController {
  private readonly session: ServerPickerSession
  private readonly claim: ClaimSession
  private readonly ticker: Ticker
  private readonly unsubscribe: (() => void)[]
  private list: ServerListScreen | null = null
  private resume: StoredServer | null
  private notice: StatusSpec | null = null
  /** The server the focus is on, so it stays on it while rows re-sort. */
  private focusedId: string | null
  /** The servers in the order the list shows them now (the last render, which may lag the session's order). */
  private shownIds: string[] = []
  /** When the list was last drawn, and the trailing render of the settles since (null: none waiting). */
  private renderedAt = -Infinity
  private pendingRender: unknown = null

  constructor(
    private readonly services: Services,
    private readonly host: ScreenHost,
    private readonly options: ServersOptions,
    private readonly actions: ServersActions,
  ) {
    const { plexTv, pms, clock, config, pacer, visibility } = services
    this.session = new ServerPickerSession({ client: plexTv, pms, clock, pacer, visibility, userToken: options.userToken })
    this.claim = new ClaimSession({ client: plexTv, pms, clock, pacer, visibility, userToken: options.userToken, localUri: config.localServerUrl })
    this.ticker = new Ticker(clock, () => this.render())
    this.resume = options.resume
    this.focusedId = options.kept?.focusedId ?? options.chosenId
    if (options.greeting) this.notice = { text: options.greeting, tone: 'ok' }
    this.unsubscribe = [this.session.subscribe((s) => this.onState(s)), this.claim.subscribe((c) => this.onClaim(c))]
  }

  start(): void {
    if (this.resume !== null) this.showConnecting(this.resume)
    this.session.start(this.resume === null ? (this.options.kept?.list ?? null) : null)
    if (this.options.claimFor !== null) this.claim.resume(this.session.state.kind === 'list' ? (this.options.kept?.claim ?? null) : null)
    this.onState(this.session.state)
  }

  /**
   * The language changed: the same list (every race result kept, none run again), the same focus, on a
   * screen built anew in the new language and direction.
   */
  redraw(): void {
    this.list = null
    if (this.resume !== null) this.showConnecting(this.resume)
    else this.render()
  }

  private showConnecting(resume: StoredServer): void {
    const message = this.host.showView(MessageScreen)
    message.render({
      title: t('servers.connecting', { name: resume.name }),
      body: t('servers.connectingBody'),
      tone: 'info',
      hints: [{ key: t('key.back'), label: t('action.chooseAnotherServer') }],
    })
    message.onIntent = (intent) => {
      if (intent === 'back') this.giveUpResume(null)
    }
  }

  dispose(): void {
    for (const u of this.unsubscribe) u()
    const list = this.resume === null ? this.session.keep() : null
    this.actions.keep(list === null ? null : { list, focusedId: this.focusedId, claim: keptClaim(this.claim.state) })
    this.session.stop()
    this.claim.stop()
    this.ticker.stop()
    this.cancelPendingRender()
  }

  private onState(state: ServerPickerState): void {
    if (state.kind === 'loadFailed') {
      this.services.errors.record({ at: this.services.clock.now(), request: 'getResources', fault: state.error.kind, status: state.error.status })
      this.ticker.start()
    } else this.ticker.stop()
    // "Still testing X…" has said what it had to once every race is done
    if (this.notice?.tone === 'busy' && state.kind === 'list' && state.list.kind === 'done') this.notice = null
    if (this.resume !== null) {
      const id = this.resume.clientIdentifier
      if (state.kind === 'list') {
        const row = state.list.rows.find((r) => r.resource.clientIdentifier === id)
        if (row === undefined) return this.giveUpResume(t('servers.resumeGone', { name: this.resume.name }))
        if (row.status === 'settled') {
          if (row.result.best !== null) return this.actions.chosen(row.result as ReachableResult)
          return this.giveUpResume(t('servers.resumeFailed', { name: this.resume.name }))
        }
      }
      if (state.kind === 'loadFailed') this.giveUpResume(null)
      return
    }
    // a settle among many is drawn with the next ones; the list's first rows and its last settle at once
    if (state.kind === 'list' && state.list.kind === 'racing' && this.shownIds.length === state.list.rows.length) this.renderSoon()
    else this.render()
  }

  /** A race settled while others are out: drawn now if the list was not drawn lately, else once the interval is up. */
  private renderSoon(): void {
    if (this.pendingRender !== null) return
    const wait = this.renderedAt + SETTLE_RENDER_MS - this.services.clock.now()
    if (wait <= 0) return this.render()
    this.pendingRender = this.services.clock.setTimeout(() => {
      this.pendingRender = null
      this.render()
    }, wait)
  }

  private cancelPendingRender(): void {
    if (this.pendingRender !== null) this.services.clock.clearTimeout(this.pendingRender)
    this.pendingRender = null
  }

  private onClaim(claim: ClaimState): void {
    // a claimed server shows up in the account's resources: load the list again, focus going to it
    if (claim.kind === 'claimed') {
      this.focusedId = claim.machineIdentifier
      this.session.retryNow()
    }
    if (this.resume === null) this.render()
  }

  /** Resume did not work out: show the list, with `why` when there is something to say. */
  private giveUpResume(why: string | null): void {
    this.resume = null
    if (why !== null) this.notice = { text: why, tone: 'warn' }
    this.onState(this.session.state)
  }

  private render(): void {
    this.cancelPendingRender()
    if (this.resume !== null) return
    this.renderedAt = this.services.clock.now()
    const state = this.session.state
    const list = this.showList()
    // nothing chosen yet: the server under the cursor keeps it while rows re-sort as races settle
    if (this.focusedId === null && list.focusedIndex >= 0) this.focusedId = this.shownIds[list.focusedIndex] ?? null
    this.shownIds = state.kind === 'list' ? state.list.rows.map((r) => r.resource.clientIdentifier) : []
    list.render(
      serverListModel(state, {
        now: this.services.clock.now(),
        chosenId: this.options.chosenId,
        claim: this.claim.state,
        accountTitle: this.options.claimFor ?? '',
        notice: this.notice,
        ...(this.options.back ? { back: this.options.back } : {}),
      }),
    )
    if (state.kind === 'list' && this.focusedId !== null) {
      const index = state.list.rows.findIndex((r) => r.resource.clientIdentifier === this.focusedId)
      if (index >= 0 && index !== list.focusedIndex && (!list.claimFocused || this.claim.state.kind === 'claimed')) list.focus(index)
    }
  }

  private showList(): ServerListScreen {
    if (this.list !== null) return this.list
    const list = this.host.showView(ServerListScreen)
    // indexes are of the rows as last drawn, which may lag the session's order by a render
    const moved = () => {
      const i = list.focusedIndex
      if (i >= 0) this.focusedId = this.shownIds[i] ?? this.focusedId
    }
    list.onIntent = (intent) => {
      switch (intent.type) {
        case 'back':
          return this.actions.menu()
        case 'claim': {
          const c = this.claim.state.kind
          return c === 'claimable' || c === 'claimFailed' ? this.actions.confirmClaim(() => this.claim.claim()) : undefined
        }
        case 'retry':
          return this.retry()
        case 'choose':
          return this.choose(intent.index)
      }
    }
    list.onMoved = moved
    this.list = list
    return list
  }

  private retry(): void {
    const s = this.session.state
    if (s.kind === 'loadFailed' && s.error.kind === 'unauthorized') this.actions.signInAgain()
    else this.session.retryNow()
  }

  private choose(index: number): void {
    const s = this.session.state
    const id = this.shownIds[index]
    if (s.kind !== 'list' || id === undefined) return
    const row = s.list.rows.find((r) => r.resource.clientIdentifier === id)
    if (row === undefined) return
    this.focusedId = row.resource.clientIdentifier
    if (row.status === 'probing') {
      this.notice = { text: t('servers.stillTesting', { name: row.resource.name }), tone: 'busy' }
      this.render()
      return
    }
    if (row.result.best === null) {
      this.notice = null
      this.session.retest(row.resource.clientIdentifier)
      return
    }
    this.actions.chosen(row.result as ReachableResult)
  }
}
