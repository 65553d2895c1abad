/**
 * The XML flavour of plex.tv and Plex Media Server answers, for clients that do not ask for JSON.
 *
 * Two conventions, as the sources show them:
 *  - plex.tv v2 (`style: 'v2'`): the root element is named after the object and its scalar fields become
 *    attributes (booleans "1"/"0", null → empty); a nested object is a child element; a list is a wrapper
 *    element holding one singular child per entry — objects as `<connections><connection …/></connections>`,
 *    scalars as `<roles><role id="plexpass"/></roles>` (python-plexapi tests/payloads.py ACCOUNT_XML;
 *    myplex.py reads `findItems(data, ResourceConnection, rtag='connections')` and
 *    `listAttrs(data, 'id', rtag='roles', etag='role')`). A top-level list is `<resources size="N">` of
 *    `<resource>` (MyPlexResource.TAG = 'resource').
 *  - Plex Media Server and plex.tv v1 (`style: 'container'`): `<MediaContainer size="N">` with repeated
 *    capitalised children and no wrapper (`<Directory>`, `<Location>`, v1 `<Device><Connection>`, `<User>`;
 *    plex-api.md §7.2, §8.1, §11).
 */
export type XmlStyle = 'v2' | 'container'

/** Element names for lists in the container style (v1 spells them this way, plex-api.md §7.2, §8.1). */
const CONTAINER_CHILD: Record<string, string> = { connections: 'Connection', users: 'User', Directory: 'Directory', Location: 'Location' }

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const singular = (name: string) => (name.endsWith('s') ? name.slice(0, -1) : name)

function element(name: string, obj: Record<string, unknown>, style: XmlStyle): string {
  const attrs: string[] = []
  const children: string[] = []
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) attrs.push(`${k}=""`)
    else if (Array.isArray(v) && style === 'v2') {
      const items = v.map((x) => (typeof x === 'object' && x !== null ? element(singular(k), x as Record<string, unknown>, style) : element(singular(k), { id: x }, style)))
      children.push(items.length ? `<${k}>${items.join('')}</${k}>` : `<${k}/>`)
    } else if (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null)) {
      for (const x of v) children.push(element(CONTAINER_CHILD[k] ?? k, x as Record<string, unknown>, style))
    } else if (Array.isArray(v)) attrs.push(`${k}="${escape(v.join(','))}"`)
    else if (typeof v === 'object') children.push(element(k, v as Record<string, unknown>, style))
    else attrs.push(`${k}="${escape(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}"`)
  }
  const open = attrs.length ? `<${name} ${attrs.join(' ')}` : `<${name}`
  return children.length ? `${open}>${children.join('')}</${name}>` : `${open}/>`
}

/**
 * XML for a JSON value. A top-level array becomes `<root size="N">` holding one `item` element per entry:
 * v2 resources → `<resources size><resource>`, v1 → `<MediaContainer size><Device>`.
 */
export function toXml(root: string, value: unknown, style: XmlStyle = 'v2', item = style === 'v2' ? singular(root) : 'Device'): string {
  const body = Array.isArray(value)
    ? `<${root} size="${value.length}">${value.map((v) => element(item, v as Record<string, unknown>, style)).join('')}</${root}>`
    : element(root, value as Record<string, unknown>, style)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
}
