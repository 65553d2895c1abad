/**
 * Every script each shipped build runs — its index.html's inline scripts, Lightning core, the SDK's
 * polyfills, the app bundle — parses at the syntax level of the oldest engine the build targets (README
 * "Where it runs"): dist/es6 at ES2017 (Chromium 63, WPE WebKit 2.22), dist/es5 at ES5 (Chromium 38).
 * A script using newer syntax is a blank screen on those TVs, so this reads what `npm run dist` wrote.
 */
import { parse } from 'acorn'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TARGET, type Flavour } from '../../scripts/targets.js'
import { shippedScripts } from '../../scripts/shipped.js'

/** The newest level a source parses at, from ES5 up; null when not even ES2022. */
function syntaxLevel(source: string): number | null {
  for (const v of [5, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022] as const) {
    try {
      parse(source, { ecmaVersion: v, sourceType: 'script' })
      return v
    } catch {
      // try the next level
    }
  }
  return null
}

describe.each(['es6', 'es5'] as Flavour[])('dist/%s', (flavour) => {
  const dir = `dist/${flavour}`
  const level = TARGET[flavour].ecmaVersion

  it(`every script it ships parses at ES${level === 5 ? 5 : level}`, { timeout: 60_000 }, () => {
    expect(existsSync(join(dir, 'index.html')), `${dir} is missing: run npm run dist first`).toBe(true)
    const scripts = shippedScripts(dir)
    // the page loads Lightning core, the app bundle and (es5) the polyfills, and starts the app inline
    expect(scripts.filter((s) => s.inline).length).toBeGreaterThan(0)
    expect(scripts.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(/lightning/), expect.stringMatching(/appBundle/)]))
    const tooNew = scripts.map((s) => ({ name: s.name, level: syntaxLevel(s.source) })).filter((s) => s.level === null || s.level > level)
    expect(tooNew).toEqual([])
  })

  it('ships no script the page does not load (each one is judged above)', () => {
    const loaded = new Set(shippedScripts(dir).filter((s) => !s.inline).map((s) => s.name))
    const onDisk = readdirSync(join(dir, 'js')).filter((f) => f.endsWith('.js')).map((f) => `js/${f}`)
    expect(onDisk.filter((f) => !loaded.has(f))).toEqual([])
  })
})

it('the level check itself tells ES2020 and ES2015 syntax apart from ES2017 and ES5', () => {
  expect(syntaxLevel('var a = b?.c')).toBe(2020)
  expect(syntaxLevel('const a = 1')).toBe(2015)
  expect(syntaxLevel('async function f() { await g() }')).toBe(2017)
  expect(syntaxLevel('var a = function () { return 1 }')).toBe(5)
})
