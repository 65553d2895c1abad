/**
 * TV package descriptors generated from metadata.json (the one place the version lives): a Samsung Tizen
 * web-app `config.xml` and an LG webOS `appinfo.json`. Pure, so tests check them; scripts/package.ts
 * writes them next to both builds, the start page (scripts/loader.ts) and the icons (assets/tv/).
 */
export interface Metadata {
  name: string
  identifier: string
  version: string
}

/**
 * Tizen wants a 10-character alphanumeric package id; it is derived from the identifier so it stays the
 * same from one version to the next (a changed id installs as a different app).
 */
export function tizenPackageId(identifier: string): string {
  const letters = identifier.replace(/[^A-Za-z0-9]/g, '')
  let hash = 0
  for (const ch of identifier) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return (letters.slice(0, 4) + hash.toString(36).toUpperCase() + 'PLXLNKTV').slice(0, 10)
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function assertVersion(version: string): void {
  // Tizen and webOS both take only x.y.z with numbers; Tizen: {0-255}.{0-255}.{0-65535}
  // (developer.samsung.com, "Configuring Web Applications")
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)
  if (!m || Number(m[1]) > 255 || Number(m[2]) > 255 || Number(m[3]) > 65535) {
    throw new Error(`metadata.json version "${version}" must be x.y.z (numbers, at most 255.255.65535) for TV stores`)
  }
}

/** The colour of the app's background and of its app tile (src/ui/theme.ts colors.background). */
export const TILE_COLOR = '#0e1116'

/**
 * Where the app talks to (WARP access requests; Tizen refuses network access that config.xml does not
 * allow): plex.tv's two API hosts, the plex.direct names of secure server connections, and any other
 * host — a Plex Media Server on the LAN is reached by its IP address (http://192.168.1.20:32400), which
 * no origin pattern but "*" can name.
 */
export const TIZEN_ACCESS = [
  { origin: 'https://plex.tv', subdomains: true },
  { origin: 'https://clients.plex.tv', subdomains: false },
  { origin: 'https://plex.direct', subdomains: true },
  { origin: '*', subdomains: true },
]

export function tizenConfigXml(meta: Metadata): string {
  assertVersion(meta.version)
  const pkg = tizenPackageId(meta.identifier)
  const appName = meta.name.replace(/[^A-Za-z0-9]/g, '') || 'App'
  return `<?xml version="1.0" encoding="UTF-8"?>
<widget xmlns="http://www.w3.org/ns/widgets" xmlns:tizen="http://tizen.org/ns/widgets" id="https://${xml(meta.identifier)}/" version="${xml(meta.version)}" viewmodes="maximized">
  <tizen:application id="${pkg}.${xml(appName)}" package="${pkg}" required_version="3.0"/>
  <content src="index.html"/>
  <name>${xml(meta.name)}</name>
  <icon src="icon.png"/>
  <feature name="http://tizen.org/feature/screen.size.all"/>
  <!-- plex.tv, secure server connections (plex.direct), and LAN servers by IP address (only "*" names those) -->
${TIZEN_ACCESS.map((a) => `  <access origin="${xml(a.origin)}" subdomains="${a.subdomains}"/>`).join('\n')}
  <!-- the network; the remote's number and colour keys (tizen.tvinputdevice.registerKey) -->
  <tizen:privilege name="http://tizen.org/privilege/internet"/>
  <tizen:privilege name="http://tizen.org/privilege/tv.inputdevice"/>
  <tizen:profile name="tv-samsung"/>
  <tizen:setting screen-orientation="landscape" context-menu="disable" background-support="disable" encryption="disable" install-location="auto" hwkey-event="enable"/>
</widget>
`
}

export function webosAppInfo(meta: Metadata): Record<string, unknown> {
  assertVersion(meta.version)
  return {
    id: meta.identifier,
    version: meta.version,
    vendor: meta.name,
    type: 'web',
    main: 'index.html',
    title: meta.name,
    icon: 'icon.png',
    largeIcon: 'largeIcon.png',
    splashBackground: 'splash.png',
    iconColor: TILE_COLOR,
    bgColor: TILE_COLOR,
    resolution: '1920x1080',
    // Back (461) reaches the app as a key instead of going through the browser history
    disableBackHistoryAPI: true,
  }
}
