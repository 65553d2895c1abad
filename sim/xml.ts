/** The XML flavour of plex.tv and Plex Media Server answers, for clients that do not ask for JSON. */

/** Element names for arrays of objects inside an XML answer (v1 XML spells them this way, plex-api.md §7.2, §8.1). */
const XML_CHILD: Record<string, string> = { connections: 'Connection', users: 'User', Directory: 'Directory', Location: 'Location', errors: 'error' }

/**
 * XML for a JSON value the way plex.tv v2 sends it without Accept: application/json (plex-api.md §0):
 * the root element is named after the object and its scalar fields become attributes (booleans "1"/"0",
 * null → empty); nested objects become child elements, arrays of objects repeated children
 * (connections → <Connection>), arrays of scalars a comma list. A top-level array becomes
 * <MediaContainer size="N"> holding one `item` element per entry (resources → <Device>).
 */
export function toXml(root: string, value: unknown, item = 'Device'): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const element = (name: string, obj: Record<string, unknown>): string => {
    const attrs: string[] = []
    const children: string[] = []
    for (const [k, v] of Object.entries(obj)) {
      if (v === null || v === undefined) attrs.push(`${k}=""`)
      else if (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null)) {
        for (const x of v) children.push(element(XML_CHILD[k] ?? k, x as Record<string, unknown>))
      } else if (Array.isArray(v)) attrs.push(`${k}="${escape(v.join(','))}"`)
      else if (typeof v === 'object') children.push(element(k, v as Record<string, unknown>))
      else attrs.push(`${k}="${escape(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}"`)
    }
    const open = attrs.length ? `<${name} ${attrs.join(' ')}` : `<${name}`
    return children.length ? `${open}>${children.join('')}</${name}>` : `${open}/>`
  }
  const body = Array.isArray(value)
    ? `<MediaContainer size="${value.length}">${value.map((v) => element(item, v as Record<string, unknown>)).join('')}</MediaContainer>`
    : element(root, value as Record<string, unknown>)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
}
