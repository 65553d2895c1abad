/** Reading a mounted Lightning tree in component tests: every text on screen, and texts by subtree. */
import type { Lightning } from '@lightningjs/sdk'

interface Node {
  text?: { text?: unknown } | null
  children: Node[]
  alpha: number
  visible: boolean
}

/** Every text element's string under `root` (hidden ones too, unless `visibleOnly`). */
export function allTexts(root: Lightning.Element, visibleOnly = false): string[] {
  const out: string[] = []
  const walk = (el: Node): void => {
    if (visibleOnly && (!el.visible || el.alpha === 0)) return
    const t = el.text?.text
    if (typeof t === 'string' && t !== '') out.push(t)
    for (const child of el.children) walk(child)
  }
  walk(root as unknown as Node)
  return out
}

export function textOf(root: Lightning.Element, path: string): string {
  return ((root.tag(path) as Lightning.Element | undefined)?.text?.text as string | undefined) ?? ''
}
