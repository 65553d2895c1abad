/**
 * The shipped builds call no browser API newer than the engines they target unless a polyfill supplies it
 * or the use is feature-detected (scripts/targets.ts: NEWER_APIS with MDN's first versions, COVERED with
 * how each is covered). A new `Object.hasOwn` or `structuredClone` anywhere in the app or a library it
 * bundles fails here; tests/e2e/old-engine.spec.ts runs both builds with those APIs removed.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COVERED, NEWER_APIS, TARGET, type Flavour } from '../../scripts/targets.js'
import { shippedScripts } from '../../scripts/shipped.js'

describe.each(['es6', 'es5'] as Flavour[])('dist/%s', (flavour) => {
  it(`uses no API newer than Chromium ${TARGET[flavour].chromium} without a polyfill or a feature test`, () => {
    // the polyfill scripts define these APIs; what counts is who calls them
    const code = shippedScripts(`dist/${flavour}`)
      .filter((s) => s.name !== 'js/polyfills.js')
      .map((s) => s.source)
      .join('\n')
    const used = NEWER_APIS.filter((api) => api.chromium > TARGET[flavour].chromium && api.probe.test(code)).map((api) => api.name)
    expect(used.length).toBeGreaterThan(0) // the probes do find what is there (AbortController, globalThis…)
    expect(used.filter((name) => !(name in COVERED[flavour]))).toEqual([])
  })
})

it('each API the polyfill module claims to supply, it supplies (and only when missing)', () => {
  const source = readFileSync('src/platform/polyfills.ts', 'utf8')
  const claimed = Object.entries(COVERED.es6).filter(([, how]) => how.includes('src/platform/polyfills.ts')).map(([name]) => name)
  expect(claimed.sort()).toEqual(['AbortController', 'Array.prototype.at', 'Object.fromEntries', 'Object.hasOwn', 'String.prototype.trimStart', 'globalThis'])
  for (const name of [...claimed, 'String.prototype.trimEnd']) expect(source).toMatch(new RegExp(`typeof ${name.replace(/\./g, '\\.')}(\\s|\\b)`))
})

it('the probes find a newer API where one is used', () => {
  const find = (src: string) => NEWER_APIS.filter((a) => a.probe.test(src)).map((a) => a.name)
  expect(find('const o = structuredClone(x); if (Object.hasOwn(o, "a")) s.replaceAll("a", "b")')).toEqual(['structuredClone', 'Object.hasOwn', 'String.prototype.replaceAll'])
  expect(find('AbortSignal.timeout(5000); Promise.allSettled(ps); list.at(-1)')).toEqual(['Array.prototype.at', 'AbortSignal.timeout', 'Promise.allSettled'])
})
