/** Settings overrides that point a build at a running simulator instead of plex.tv. */
export interface SimulatorUrls {
  url: string
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
        clientsUrl: base,
        linkPageUrl: sim.linkPageUrl,
        shortLinkText: sim.linkPageUrl.replace(/^https?:\/\//, ''),
        ...(sim.unclaimedServerUrl ? { localServerUrl: sim.unclaimedServerUrl } : {}),
      },
    },
    platformSettings: { inspector: extra.inspector ?? false },
  }
}
