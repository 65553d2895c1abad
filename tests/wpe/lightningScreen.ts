/**
 * Reads what Lightning drew, from outside the app, in any engine: a function body for WebDriver's
 * execute/sync or Playwright's evaluate that walks the render tree from the page's global `app` (lng dist's
 * index.html declares it) and returns the text of every text element whose texture is on screen (attached,
 * active, with a displayed texture), in tree order. Dist builds have no inspector; this needs none.
 */
export const DRAWN_TEXTS = `
  var app0 = (0, eval)('typeof app === "undefined" ? undefined : app');
  if (!app0) return [];
  var out = [];
  var walk = function (el) {
    var t = el.texture;
    if (t && typeof t.text === 'string' && t.text !== '' && el.attached && el.__active && el.displayedTexture) out.push(t.text);
    var kids = el.__childList ? el.childList.get() : [];
    for (var i = 0; i < kids.length; i++) walk(kids[i]);
  };
  walk(app0);
  return out;`

/** The 4-character link code among the drawn texts (the cells after "Enter this code:"), or ''. */
export function codeIn(texts: string[]): string {
  const i = texts.findIndex((t) => /code:?$/i.test(t))
  const cells = i < 0 ? [] : texts.slice(i + 1, i + 5)
  const code = cells.join('')
  return cells.length === 4 && cells.every((c) => c.length === 1) && /^[A-Z0-9]{4}$/.test(code) ? code : ''
}

/** The server list has settled: its title is up and no row or status says it is still testing. */
export function serverListSettled(texts: string[]): boolean {
  return texts.includes('Choose a server') && texts.some((t) => /^Offline/.test(t)) && !texts.some((t) => /Testing connections/.test(t))
}

export interface DrawnBox {
  text: string
  /** In screen pixels of the canvas (stage coordinates × the stage's precision). */
  x: number
  y: number
  w: number
  h: number
  /** The element's alpha on screen (its own times its ancestors'). */
  alpha: number
}

/**
 * A function body: every drawn text (as DRAWN_TEXTS) with its box on the canvas, or, with a ref as
 * arguments[0], the box of the first element with that ref (text '').
 */
export const DRAWN_BOXES = `
  var app0 = (0, eval)('typeof app === "undefined" ? undefined : app');
  if (!app0) return [];
  var ref = arguments[0];
  var p = app0.stage.getRenderPrecision();
  var out = [];
  var box = function (el, text) {
    var c = el.core._worldContext;
    return { text: text, x: c.px * p, y: c.py * p, w: el.renderWidth * c.ta * p, h: el.renderHeight * c.td * p, alpha: c.alpha };
  };
  var walk = function (el) {
    if (ref && el.ref === ref && el.attached) { out.push(box(el, '')); return; }
    var t = el.texture;
    if (!ref && t && typeof t.text === 'string' && t.text !== '' && el.attached && el.__active && el.displayedTexture) out.push(box(el, t.text));
    var kids = el.__childList ? el.childList.get() : [];
    for (var i = 0; i < kids.length; i++) walk(kids[i]);
  };
  walk(app0);
  return out;`

interface Png {
  width: number
  height: number
  data: Uint8Array
}

/**
 * The share of a box's pixels that stand out from the box's own background (its most common colour):
 * glyphs on a row, a button or the screen. 0 for a box the engine left plain.
 */
export function inkIn(png: Png, box: { x: number; y: number; w: number; h: number }): number {
  const x0 = Math.max(0, Math.floor(box.x))
  const y0 = Math.max(0, Math.floor(box.y))
  const x1 = Math.min(png.width, Math.ceil(box.x + box.w))
  const y1 = Math.min(png.height, Math.ceil(box.y + box.h))
  const counts = new Map<number, number>()
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4
      const key = (png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  let bg = 0
  let most = -1
  for (const [key, n] of counts) if (n > most) [bg, most] = [key, n]
  let ink = 0
  let all = 0
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4
      const d = Math.abs(png.data[i]! - (bg >> 16)) + Math.abs(png.data[i + 1]! - ((bg >> 8) & 255)) + Math.abs(png.data[i + 2]! - (bg & 255))
      if (d > 60) ink++
      all++
    }
  }
  return all === 0 ? 0 : ink / all
}

/**
 * A function body returning the canvas's pixels as WebGL drew them: it asks Lightning to draw the current
 * stage once more (`forceRenderUpdate` + `drawFrame`, its own methods) and reads the drawing buffer back
 * with `gl.readPixels` in the same task, before the compositor takes it. Returns `{width, height, rgba}`
 * (base64, top row first). WPE 2.38's WebDriver screenshot of a headless cog view stops following a WebGL
 * canvas after some screen changes (README "WPE WebKit in CI"); this reads the engine's pixels directly.
 */
export const GL_PIXELS = `
  var app0 = (0, eval)('typeof app === "undefined" ? undefined : app');
  var stage = app0 && app0.stage;
  var gl = stage && stage.gl;
  if (!gl) return null;
  stage.forceRenderUpdate();
  stage.drawFrame();
  var w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
  var px = new Uint8Array(w * h * 4);
  gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
  var row = w * 4, flipped = new Uint8Array(px.length);
  for (var y = 0; y < h; y++) flipped.set(px.subarray((h - 1 - y) * row, (h - y) * row), y * row);
  var s = '';
  for (var i = 0; i < flipped.length; i += 0x8000) s += String.fromCharCode.apply(null, flipped.subarray(i, i + 0x8000));
  return { width: w, height: h, rgba: btoa(s) };`

export function pixelsFrom(grab: { width: number; height: number; rgba: string }): Png {
  return { width: grab.width, height: grab.height, data: new Uint8Array(Buffer.from(grab.rgba, 'base64')) }
}

/** The share of a box's pixels that differ between two grabs of the same screen. */
export function changedIn(a: Png, b: Png, box: { x: number; y: number; w: number; h: number }): number {
  let changed = 0
  let all = 0
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(a.height, Math.ceil(box.y + box.h)); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(a.width, Math.ceil(box.x + box.w)); x++) {
      const i = (y * a.width + x) * 4
      const d = Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!)
      if (d > 60) changed++
      all++
    }
  }
  return all === 0 ? 0 : changed / all
}
