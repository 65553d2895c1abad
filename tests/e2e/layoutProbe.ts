/**
 * Reads where Lightning drew every text and every shape, from the render tree itself (reached through the
 * inspector's DOM mirror, whose nodes carry their element), and names what a person would see as broken:
 * two texts drawn over each other, a text spilling out of the panel it sits on, anything outside the 5 %
 * title-safe margin. Coordinates are the stage's (1920×1080) whatever the window size: at 1280×720 the
 * same layout is drawn with smaller textures, so text widths differ by rounding and hinting.
 *
 * The probe runs inside the page (`page.evaluate(layoutProblems)`), so it is self-contained.
 */

export interface Box {
  x1: number
  y1: number
  x2: number
  y2: number
}

export interface LayoutReport {
  texts: { text: string; box: Box }[]
  problems: string[]
}

export function layoutProblems(): LayoutReport {
  type El = {
    visible: boolean
    alpha: number
    clipping: boolean
    ref?: string
    texture: { fontSize?: number; lineHeight?: number | null; text?: unknown; source?: { renderInfo?: { lines?: unknown[] } | null } | null } | null
    core: { getCornerPoints(): number[]; _h: number; _worldContext: { alpha: number } }
    color: number
    childList: { length: number; getAt(i: number): El }
    stage: { coordsWidth: number; coordsHeight: number; root: El }
  }
  const any = document.querySelector('[texture-text]') as (Element & { element?: El }) | null
  const stage = any?.element?.stage
  if (!stage) return { texts: [], problems: ['no Lightning inspector tree on the page'] }
  const W = stage.coordsWidth
  const H = stage.coordsHeight
  const safe: Box = { x1: W * 0.05, y1: H * 0.05, x2: W * 0.95, y2: H * 0.95 }
  const texts: { text: string; box: Box; path: string; panel: Box | null; panelPath: string }[] = []
  const shapes: { box: Box; path: string }[] = []
  const problems: string[] = []

  const boxOf = (el: El): Box => {
    const c = el.core.getCornerPoints()
    const xs = [c[0]!, c[2]!, c[4]!, c[6]!]
    const ys = [c[1]!, c[3]!, c[5]!, c[7]!]
    return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) }
  }
  const intersect = (a: Box, b: Box): Box | null => {
    const r = { x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1), x2: Math.min(a.x2, b.x2), y2: Math.min(a.y2, b.y2) }
    return r.x2 - r.x1 > 0.5 && r.y2 - r.y1 > 0.5 ? r : null
  }
  const inside = (a: Box, b: Box, slack = 1): boolean => a.x1 >= b.x1 - slack && a.y1 >= b.y1 - slack && a.x2 <= b.x2 + slack && a.y2 <= b.y2 + slack
  const fmt = (b: Box) => `[${Math.round(b.x1)},${Math.round(b.y1)}–${Math.round(b.x2)},${Math.round(b.y2)}]`

  const walk = (el: El, path: string, clip: Box | null, panel: { box: Box; path: string } | null): void => {
    if (!el.visible || el.alpha <= 0.001) return
    const here = `${path}/${el.ref ?? '?'}`
    const box = boxOf(el)
    const tex = el.texture
    let nextPanel = panel
    if (tex && typeof tex.text === 'string' && typeof tex.fontSize === 'number') {
      if (tex.text.trim() !== '') {
        // the ink, not the texture: the first baseline is one font size down (ascenders reach about 0.93 of
        // it), descenders about a quarter below the last; the texture adds room above and below that
        const lines = Math.max(1, tex.source?.renderInfo?.lines?.length ?? 1)
        const lineHeight = tex.lineHeight || tex.fontSize
        const scaleY = (box.y2 - box.y1) / Math.max(1, el.core._h || box.y2 - box.y1)
        const ink = { ...box, y1: box.y1 + 0.07 * tex.fontSize * scaleY, y2: box.y1 + ((lines - 1) * lineHeight + 1.25 * tex.fontSize) * scaleY }
        const shown = clip ? intersect(ink, clip) : ink
        if (shown) texts.push({ text: tex.text, box: shown, path: here, panel: panel?.box ?? null, panelPath: panel?.path ?? '' })
      }
    } else if (tex && box.x2 - box.x1 > 0 && box.y2 - box.y1 > 0) {
      const shown = clip ? intersect(box, clip) : box
      // a backdrop that dims the whole screen behind a menu is not content
      const fullScreen = box.x2 - box.x1 >= W * 0.9 && box.y2 - box.y1 >= H * 0.9
      // …and one that is (nearly) opaque hides everything drawn before it: a modal over a screen
      if (fullScreen && ((el.color >>> 24) / 255) * el.core._worldContext.alpha >= 0.8) {
        texts.length = 0
        shapes.length = 0
      }
      if (shown && !fullScreen) {
        shapes.push({ box: shown, path: here })
        nextPanel = { box: shown, path: here }
      }
    }
    const nextClip = el.clipping ? (clip ? intersect(clip, box) : box) : clip
    if (el.clipping && !nextClip) return
    for (let i = 0; i < el.childList.length; i++) walk(el.childList.getAt(i), here, nextClip, nextPanel)
  }
  walk(stage.root, '', null, null)

  for (const t of texts) {
    if (!inside(t.box, safe, 0.5)) problems.push(`outside the title-safe area ${fmt(safe)}: "${t.text}" ${fmt(t.box)} (${t.path})`)
    if (t.panel && !inside(t.box, t.panel)) problems.push(`spills out of its panel ${fmt(t.panel)}: "${t.text}" ${fmt(t.box)} (${t.path})`)
  }
  for (const s of shapes) if (!inside(s.box, safe, 0.5)) problems.push(`outside the title-safe area ${fmt(safe)}: ${s.path} ${fmt(s.box)}`)
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i]!
      const b = texts[j]!
      const o = intersect(a.box, b.box)
      if (o && o.x2 - o.x1 > 2 && o.y2 - o.y1 > 2) problems.push(`overlap: "${a.text}" ${fmt(a.box)} and "${b.text}" ${fmt(b.box)} (${a.path} · ${b.path})`)
    }
  }
  return { texts: texts.map(({ text, box }) => ({ text, box })), problems }
}
