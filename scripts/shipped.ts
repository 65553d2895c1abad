/**
 * The scripts a built app folder runs, in the order its index.html runs them: each `<script src>` (read
 * from the folder) and each inline `<script>`. Used by the syntax and API tests and by the TV packager.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ShippedScript {
  /** `js/…` for a file, `index.html#N` for the N-th inline script. */
  name: string
  inline: boolean
  source: string
}

export function shippedScripts(dir: string, page = 'index.html'): ShippedScript[] {
  const html = readFileSync(join(dir, page), 'utf8')
  const out: ShippedScript[] = []
  let inline = 0
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(m[1] ?? '')?.[1]
    if (src) {
      const name = src.replace(/^\.\//, '')
      out.push({ name, inline: false, source: readFileSync(join(dir, name), 'utf8') })
    } else {
      out.push({ name: `${page}#${inline++}`, inline: true, source: m[2] ?? '' })
    }
  }
  return out
}
