/** Debian's Chromium, with the flags that work headless on these machines (shared/toolchain.md). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
  '--autoplay-policy=no-user-gesture-required',
]

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/**
 * Tests only: lets Chromium reach the simulator's https servers by their plex.direct names. Each name maps
 * to its own loopback address (what plex.direct's DNS does with the dashed IP: `--host-resolver-rules`
 * cannot derive it, so one MAP rule per name), and certificates chaining to the simulator's CA are
 * accepted by that CA's key hash (`--ignore-certificate-errors-spki-list`, which Chromium honours only with
 * a `--user-data-dir`, as Playwright always passes). Nothing else about certificate checking changes.
 */
export function plexDirectArgs(tls: { caSpkiHash: string; hosts: { hostname: string; address: string }[] } | null): string[] {
  if (tls === null) return []
  return [
    `--host-resolver-rules=${tls.hosts.map((h) => `MAP ${h.hostname} ${h.address}`).join(', ')}`,
    `--ignore-certificate-errors-spki-list=${tls.caSpkiHash}`,
  ]
}
