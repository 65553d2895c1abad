import { LatestRequest } from '../../linking/deadline.js'
import { classifyPickerError } from '../../linking/pickerFaults.js'
import { RetryTimer } from '../../linking/retryTimer.js'
import { publishReady, type ReadyMessage } from '../../platform/hostEvents.js'
import type { Services } from '../../services.js'
import { readyModel, type LibrariesState } from '../pickerWords.js'
import type { ReadyActionId, ReadyScreen } from '../screens/ReadyScreen.js'
import type { ReachableResult } from './ServersController.js'
import { Ticker } from './Ticker.js'

export interface ReadyInput {
  account: { id: number; title: string; username?: string | null }
  /** null when the account has no Plex Home (the account itself is the user). */
  user: { uuid: string; title: string; thumb: string | null } | null
  userToken: string
  result: ReachableResult
  canChangeUser: boolean
}

export interface ReadyActions {
  action(id: ReadyActionId): void
  menu(): void
}

/**
 * The ready screen: who and where, and the server's libraries (`/library/sections` over the chosen
 * connection with the server's access token), retried by itself when they fail. Tells a host app what
 * was chosen. `dispose()` ends the request, the retry timer and the ticker.
 */
export class ReadyController {
  private readonly request: LatestRequest
  private readonly retry: RetryTimer
  private readonly ticker: Ticker
  private libraries: LibrariesState = { kind: 'loading' }
  /** What was posted to the host app (for tests and diagnostics; carries a token only when opted in). */
  published: ReadyMessage | null = null

  constructor(
    private readonly services: Services,
    private readonly screen: ReadyScreen,
    private readonly input: ReadyInput,
    actions: ReadyActions,
  ) {
    this.request = new LatestRequest(services.clock, services.config.requestTimeoutMs)
    this.retry = new RetryTimer(services.clock)
    this.ticker = new Ticker(services.clock, () => this.render())
    screen.onIntent = (intent) => (intent.type === 'back' ? actions.menu() : actions.action(intent.id))
  }

  start(): void {
    const { account, user, result, userToken } = this.input
    const { resource, best } = result
    this.published = publishReady(
      window,
      {
        account,
        user: user === null ? null : { uuid: user.uuid, title: user.title },
        server: { clientIdentifier: resource.clientIdentifier, name: resource.name, owned: resource.owned },
        connection: { uri: best.connection.uri, kind: best.kind, secure: best.secure, latencyMs: Math.round(best.latencyMs) },
      },
      { share: this.services.config.shareTokenWithHost, token: userToken, serverToken: resource.accessToken, hostOrigin: this.services.config.hostOrigin },
    )
    this.load()
  }

  dispose(): void {
    this.request.cancel()
    this.retry.cancel()
    this.ticker.stop()
  }

  private load(): void {
    const { result, userToken } = this.input
    this.libraries = { kind: 'loading' }
    this.render()
    this.request.send(
      (signal) => this.services.pms.librarySections(result.best.connection.uri, result.resource.accessToken ?? userToken, { signal }),
      (sections) => {
        this.retry.reset()
        this.ticker.stop()
        this.libraries = { kind: 'loaded', sections }
        this.render()
      },
      (error) => {
        const c = classifyPickerError(error)
        if (c === 'aborted') return
        // a server that stops answering mid-way is retried like any other fault; 401 too (its token may
        // be refreshed by plex.tv), but not faster than the backoff
        this.retry.schedule({ ...c, retryable: true }, () => this.load())
        this.libraries = { kind: 'failed', retryAt: this.retry.retryAt ?? this.services.clock.now() }
        this.ticker.start()
        this.render()
      },
    )
  }

  private render(): void {
    const { account, user, result, canChangeUser } = this.input
    this.screen.render(
      readyModel({
        account: account.title,
        accountId: account.id,
        username: account.username ?? null,
        user: user === null ? null : { name: user.title, thumb: user.thumb },
        result,
        libraries: this.libraries,
        canChangeUser,
        now: this.services.clock.now(),
      }),
    )
  }
}
