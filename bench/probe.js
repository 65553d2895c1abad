/*
 * Runs in the page before any of its scripts (Playwright's addInitScript) and watches Lightning's
 * stage from outside the app, so the app ships no benchmark code and the floor app is watched the
 * same way. Plain JavaScript on purpose: it is handed to the browser as it is written.
 *
 * What it records on `window.__bench` (times are performance.now(), ms since navigation start):
 *  - codeDrawnAt: the end of the first frame showing a 4-character code whose text textures are
 *    drawn, and the QR code's modules too where the screen has a QR.
 *  - screens: each screen put up in 'Screens' (its class's static screenName: minifying drops class names)
 *    with the end of its first frame with a text drawn.
 *  - codes: every distinct code drawn, in order (renewals).
 *  - frames / keyLatencies, while recording: stage.dt of each frame, and key → end of next frame.
 */
;(() => {
  const bench = {
    renderer: null,
    glRenderer: null,
    codeDrawnAt: null,
    screens: [],
    codes: [],
    frames: null,
    keyLatencies: null,
    pendingKeys: [],
    /** Starts (or ends, with false) recording frame times and key-to-frame latencies. */
    record(on) {
      bench.frames = on ? [] : bench.frames
      bench.keyLatencies = on ? [] : bench.keyLatencies
      bench.recording = on
      bench.pendingKeys = []
    },
    recording: false,
    /** Texture memory after Lightning's own aggressive texture GC, in pixels. */
    async textureMemory() {
      await new Promise((done) => requestAnimationFrame(done))
      const stage = bench.app.stage
      stage._lastGcFrame = -1 // gc() runs once per frame, and a paused loop has no frames
      stage.gc(true)
      return stage.usedMemory
    },
    /** The element with this ref on the current screen (the first, depth first). */
    find(ref) {
      return screen ? find(screen, ref) : null
    },
    /** The texts drawn on the current screen, in tree order. */
    texts() {
      return screen ? drawnTexts(screen) : []
    },
    app: null,
  }
  window.__bench = bench

  const kids = (el) => (el.__childList ? el.childList.get() : [])
  const find = (el, ref) => {
    if (el.ref === ref) return el
    for (const child of kids(el)) {
      const found = find(child, ref)
      if (found) return found
    }
    return null
  }
  const drawn = (el) => el.attached && el.__active && el.displayedTexture !== null && el.displayedTexture !== undefined
  /** The text of every drawn text element under `el`, in tree order. */
  const drawnTexts = (el, out = []) => {
    const texture = el.texture
    if (texture && typeof texture.text === 'string' && texture.text !== '' && drawn(el)) out.push(texture.text)
    for (const child of kids(el)) drawnTexts(child, out)
    return out
  }
  /** The code on screen when all of it (and its QR, if the screen has one) is drawn; null otherwise. */
  const drawnCode = (parts) => {
    const code = drawnTexts(parts.cells).join('')
    if (code.length !== 4) return null
    return parts.qr && !(parts.modules && drawn(parts.modules)) ? null : code
  }

  let holder = null
  let screen = null
  let screenDrawn = false
  /** The current screen's code cells and QR, found once when it is put up (null: no code on it). */
  let codeParts = null

  const onFrameEnd = () => {
    const now = performance.now()
    if (bench.recording && bench.pendingKeys.length) {
      for (const t of bench.pendingKeys) bench.keyLatencies.push(now - t)
      bench.pendingKeys = []
    }
    const current = holder ? kids(holder)[0] ?? null : bench.app
    if (current !== screen) {
      screen = current
      screenDrawn = false
      const cells = current && find(current, 'Code')
      const qr = cells && find(current, 'Qr')
      codeParts = cells ? { cells, qr, modules: qr && find(qr, 'Modules') } : null
    }
    if (!current || (screenDrawn && codeParts === null)) return
    const code = codeParts && drawnCode(codeParts)
    if (code) {
      if (bench.codeDrawnAt === null) bench.codeDrawnAt = now
      if (bench.codes[bench.codes.length - 1] !== code) bench.codes.push(code)
    }
    if (!screenDrawn && (codeParts ? code : drawnTexts(current).length > 0)) {
      screenDrawn = true
      bench.screens.push({ name: current.constructor.screenName, at: now })
    }
  }

  const attach = (app) => {
    bench.app = app
    const stage = app.stage
    bench.renderer = stage.gl ? 'WebGL' : 'Canvas2D'
    if (stage.gl) {
      const info = stage.gl.getExtension('WEBGL_debug_renderer_info')
      bench.glRenderer = info ? stage.gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : 'unknown'
    }
    holder = find(app, 'Screens')
    stage.on('frameStart', () => {
      if (bench.recording) bench.frames.push(stage.dt * 1000)
    })
    stage.on('frameEnd', () => {
      if (!holder) holder = find(app, 'Screens')
      onFrameEnd()
    })
  }

  window.addEventListener(
    'keydown',
    (e) => {
      if (bench.recording) bench.pendingKeys.push(e.timeStamp)
    },
    true,
  )

  // The app is a global of the page's own script (`const app` in lng dist's index.html, `var app` in
  // lng build's startApp.js): look for it once a frame until it exists, before its first frame.
  const tryAttach = () => {
    let app
    try {
      app = (0, eval)('typeof app === "undefined" ? undefined : app')
    } catch {
      app = undefined
    }
    if (app && app.stage) attach(app)
    else requestAnimationFrame(tryAttach)
  }
  tryAttach()
})()
