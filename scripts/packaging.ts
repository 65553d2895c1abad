/**
 * TV package descriptors generated from metadata.json (the one place the version lives): a Samsung Tizen
 * web-app `config.xml` and an LG webOS `appinfo.json`. Pure, so tests check them; scripts/package.ts
 * writes them next to the dist/es6 build with icons.
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
  // Tizen and webOS both take only x.y.z with numbers
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`metadata.json version "${version}" must be x.y.z (numbers) for TV stores`)
}

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
  <access origin="*" subdomains="true"/>
  <!-- plex.tv and the Plex Media Servers are on the network; the remote's number and colour keys need tvinputdevice -->
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
    bgColor: '#0e1116',
    resolution: '1920x1080',
    // Back (461) reaches the app as a key instead of going through the browser history
    disableBackHistoryAPI: true,
  }
}
