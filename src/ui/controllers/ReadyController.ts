import { LibrariesSession } from '../../flows/library/libraries.js'
import { publishReady, type ReadyMessage } from '../../platform/hostEvents.js'
import type { Services } from '../../services.js'
import { readyModel } from '../pickerWords.js'
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
  /** Tell the host app (false when Ready is drawn again for the same choice: back from Diagnostics, a new language). */
  publish?: boolean
}

export interface ReadyActions {
  action(id: ReadyActionId): void
  menu(): void
}

/**
 * The ready screen: who and where, and the server's libraries (flows/library: retried by itself when they
 * fail). Tells a host app what was chosen. `dispose()` ends the libraries flow and the ticker.
 */
export class ReadyController {
  private readonly libraries: LibrariesSession
  private readonly ticker: Ticker
  /** What was posted to the host app (for tests and diagnostics; carries a token only when opted in). */
  published: ReadyMessage | null = null

  constructor(
    private readonly services: Services,
    private readonly screen: ReadyScreen,
    private readonly input: ReadyInput,
    actions: ReadyActions,
  ) {
    const { pms, clock, pacer, visibility, config } = services
    const { result, userToken } = input
    this.libraries = new LibrariesSession({
      pms,
      clock,
      pacer,
      visibility,
      timeoutMs: config.requestTimeoutMs,
      uri: result.best.connection.uri,
      token: result.resource.accessToken ?? userToken,
    })
    this.libraries.subscribe((state) => {
      // "trying again in N s" counts down
      if (state.kind === 'failed') this.ticker.start()
      else this.ticker.stop()
      this.render()
    })
    this.ticker = new Ticker(clock, () => this.render())
    screen.onIntent = (intent) => (intent.type === 'back' ? actions.menu() : actions.action(intent.id))
  }

  start(): void {
    const { account, user, result, userToken } = this.input
    const { resource, best } = result
    if (this.input.publish !== false)
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
    this.libraries.start()
    this.render()
  }

  dispose(): void {
    this.libraries.stop()
    this.ticker.stop()
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
        libraries: this.libraries.state,
        canChangeUser,
        now: this.services.clock.now(),
      }),
    )
  }
}
