import type { Lightning } from '@lightningjs/sdk'

/**
 * What a controller may do with the screen: put one of its views up. Replacing the view does not end the
 * controller; the App ends it (dispose) when the flow moves on.
 */
export interface ScreenHost {
  showView<T extends Lightning.Component>(type: new (stage: Lightning.Stage) => T): T
}

/**
 * The controller behind the current screen; `dispose()` ends its timers and requests. (A hidden page is
 * handled by the flows themselves: services.visibility.)
 */
export interface Running {
  dispose(): void
}
