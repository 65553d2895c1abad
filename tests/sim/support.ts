/** Plain HTTP helpers for talking to the simulator the way a client would (no app code involved). */
export const CLIENT = 'sim-test-client-0001'

export function plexHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    Accept: 'application/json',
    'X-Plex-Client-Identifier': CLIENT,
    'X-Plex-Product': 'Sim Tests',
    ...extra,
  }
}

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string; json?: boolean } = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: opts.json === false ? opts.headers ?? {} : plexHeaders(opts.headers),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown }
}

/** The JSON type of each field, as the field tables of shared/plex-api.md give them. */
export function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}
