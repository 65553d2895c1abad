/** Settings overrides that point a build at a running simulator instead of plex.tv. */
export interface SimulatorUrls {
  url: string
  /** clients.plex.tv's stand-in on its own origin; absent → plex.tv's URL serves both. */
  clientsUrl?: string
  linkPageUrl: string
  /** The fake local Plex Media Server that waits to be claimed (a Pi's own server). */
  unclaimedServerUrl?: string
}

export function simulatorSettings(sim: SimulatorUrls, extra: { inspector?: boolean } = {}) {
  const base = sim.url.replace(/\/$/, '')
  return {
    appSettings: {
      plex: {
        plexTvUrl: base,
        clientsUrl: (sim.clientsUrl ?? base).replace(/\/$/, ''),
        linkPageUrl: sim.linkPageUrl,
        shortLinkText: sim.linkPageUrl.replace(/^https?:\/\//, ''),
        ...(sim.unclaimedServerUrl ? { localServerUrl: sim.unclaimedServerUrl } : {}),
      },
    },
    platformSettings: { inspector: extra.inspector ?? false },
  }
}
