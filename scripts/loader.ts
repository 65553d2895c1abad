/**
 * The TV packages' start page: a tiny ES5 page that picks the build this engine can run, by what the
 * engine can parse and do, never by its user agent:
 *  1. a probe script written in ES2017 syntax (class, async/await, arrow, let/const, destructuring, rest,
 *     spread, template literal, `**`, a trailing comma in parameters) sets a flag; an engine that cannot
 *     parse it never runs it → no flag;
 *  2. with the flag: es6/ (dist/es6, ES2017). Without: es5/ (dist/es5) if the engine has what the ES5
 *     build needs and cannot polyfill (typed arrays, a canvas, requestAnimationFrame, CORS XMLHttpRequest,
 *     ES5 built-ins); else a plain message, not a blank screen.
 * The start page replaces itself (location.replace), so Back never returns to it.
 */
export const TOO_OLD = "This TV's browser is too old for PlexLink TV"

/** The probe: parses at ES2017 and at nothing older (tests/unit/packaging.test.ts checks both). */
export const ES2017_PROBE = `
  class PlexLinkProbe {
    async check(a = 1, ...more) {
      const [b, c] = [a ** 2, \`\${more.length}\`]
      let { d } = { d: await Promise.resolve(b) }
      return ((x, y,) => x + y)(d, c)
    }
  }
  window.plexLinkBuild = 'es6'`

/** Runs in every engine (ES5): decides where to go. */
export const CHOOSER = `
  (function () {
    function canRunEs5Build() {
      try {
        var canvas = document.createElement('canvas')
        return typeof JSON === 'object' && typeof Object.defineProperty === 'function' &&
          typeof Function.prototype.bind === 'function' && typeof Array.prototype.forEach === 'function' &&
          typeof Float32Array !== 'undefined' && typeof Uint8Array !== 'undefined' &&
          !!(window.requestAnimationFrame || window.webkitRequestAnimationFrame) &&
          !!(canvas && canvas.getContext) &&
          typeof XMLHttpRequest !== 'undefined' && 'withCredentials' in new XMLHttpRequest()
      } catch (e) {
        return false
      }
    }
    var build = window.plexLinkBuild === 'es6' ? 'es6' : canRunEs5Build() ? 'es5' : null
    if (build) {
      window.location.replace(build + '/index.html' + window.location.search + window.location.hash)
    } else {
      document.getElementById('too-old').style.display = 'block'
    }
  })()`

export function loaderHtml(title: string, background: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
  html, body { margin: 0; width: 100%; height: 100%; background: ${background}; color: #f4f5f7; }
  #too-old { display: none; margin: 0; padding: 20% 10%; font: 48px sans-serif; text-align: center; }
</style>
</head>
<body>
<p id="too-old">${TOO_OLD}</p>
<script>${ES2017_PROBE}
</script>
<script>${CHOOSER}
</script>
</body>
</html>
`
}
