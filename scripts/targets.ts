/**
 * What each shippable build must run on (README "Where it runs" has the engines and their sources):
 *   es6  ES2017 syntax, APIs of Chromium 63 (Tizen 5.0, webOS 5) and WPE WebKit 2.22 (≈ Safari 12);
 *   es5  ES5 syntax, APIs of Chromium 38 (webOS 3.x) — the SDK's polyfills plus src/platform/polyfills.ts.
 */
export type Flavour = 'es6' | 'es5'

export const TARGET = {
  es6: { esbuild: 'es2017', ecmaVersion: 2017, chromium: 63 },
  es5: { babel: { chrome: '38' }, ecmaVersion: 5, chromium: 38 },
} as const

/**
 * Browser APIs newer than some target, with the first Chromium and Safari (≈ WPE WebKit) versions that have
 * them (MDN browser-compat-data). `probe` finds a use in a shipped script; `path` names the property an
 * old-engine test deletes before the app loads.
 */
export interface NewerApi {
  name: string
  chromium: number
  safari: string
  probe: RegExp
  path: string[]
}

export const NEWER_APIS: NewerApi[] = [
  { name: 'structuredClone', chromium: 98, safari: '15.4', probe: /\bstructuredClone\s*\(/, path: ['structuredClone'] },
  { name: 'Array.prototype.at', chromium: 92, safari: '15.4', probe: /\.at\(\s*-?[\w.]*\s*\)/, path: ['Array', 'prototype', 'at'] },
  { name: 'Array.prototype.findLast', chromium: 97, safari: '15.4', probe: /\.findLast(Index)?\(/, path: ['Array', 'prototype', 'findLast'] },
  { name: 'Object.hasOwn', chromium: 93, safari: '15.4', probe: /\bObject\.hasOwn\b/, path: ['Object', 'hasOwn'] },
  { name: 'Object.groupBy', chromium: 117, safari: '17.4', probe: /\bObject\.groupBy\b/, path: ['Object', 'groupBy'] },
  { name: 'String.prototype.replaceAll', chromium: 85, safari: '13.1', probe: /\.replaceAll\(/, path: ['String', 'prototype', 'replaceAll'] },
  { name: 'String.prototype.matchAll', chromium: 73, safari: '13', probe: /\.matchAll\(/, path: ['String', 'prototype', 'matchAll'] },
  { name: 'AbortSignal.timeout', chromium: 103, safari: '16', probe: /AbortSignal\.timeout\b/, path: ['AbortSignal', 'timeout'] },
  { name: 'AbortSignal.any', chromium: 116, safari: '17.4', probe: /AbortSignal\.any\b/, path: ['AbortSignal', 'any'] },
  { name: 'Promise.allSettled', chromium: 76, safari: '13', probe: /\.allSettled\(/, path: ['Promise', 'allSettled'] },
  { name: 'Promise.any', chromium: 85, safari: '14', probe: /\bPromise\.any\(/, path: ['Promise', 'any'] },
  { name: 'Object.fromEntries', chromium: 73, safari: '12.1', probe: /\bObject\.fromEntries\b/, path: ['Object', 'fromEntries'] },
  { name: 'Array.prototype.flat', chromium: 69, safari: '12', probe: /\.flat(Map)?\(/, path: ['Array', 'prototype', 'flat'] },
  { name: 'globalThis', chromium: 71, safari: '12.1', probe: /\bglobalThis\b/, path: ['globalThis'] },
  { name: 'queueMicrotask', chromium: 71, safari: '12.1', probe: /\bqueueMicrotask\b/, path: ['queueMicrotask'] },
  { name: 'AbortController', chromium: 66, safari: '12.1', probe: /\bAbortController\b/, path: ['AbortController'] },
  { name: 'Intl.Segmenter', chromium: 87, safari: '14.1', probe: /\bSegmenter\b/, path: ['Intl', 'Segmenter'] },
  { name: 'crypto.randomUUID', chromium: 92, safari: '15.4', probe: /\brandomUUID\b/, path: ['Crypto', 'prototype', 'randomUUID'] },
  { name: 'ResizeObserver', chromium: 64, safari: '13.1', probe: /\bResizeObserver\b/, path: ['ResizeObserver'] },
  { name: 'String.prototype.trimStart', chromium: 66, safari: '12', probe: /\.trim(Start|End)\(/, path: ['String', 'prototype', 'trimEnd'] },
  // older than Chromium 63, newer than Chromium 38: the es5 build's concern
  { name: 'fetch', chromium: 42, safari: '10.1', probe: /\bfetch\(/, path: ['fetch'] },
  { name: 'Promise.prototype.finally', chromium: 63, safari: '11.1', probe: /\.finally\(/, path: ['Promise', 'prototype', 'finally'] },
  { name: 'Object.entries', chromium: 54, safari: '10.1', probe: /\bObject\.(entries|values)\b/, path: ['Object', 'entries'] },
  { name: 'String.prototype.padStart', chromium: 57, safari: '10', probe: /\.pad(Start|End)\(/, path: ['String', 'prototype', 'padStart'] },
  { name: 'Array.prototype.includes', chromium: 47, safari: '9', probe: /\.includes\(/, path: ['Array', 'prototype', 'includes'] },
  { name: 'Object.assign', chromium: 45, safari: '9', probe: /\bObject\.assign\b/, path: ['Object', 'assign'] },
  { name: 'Array.from', chromium: 45, safari: '9', probe: /\bArray\.from\b/, path: ['Array', 'from'] },
  { name: 'URLSearchParams', chromium: 49, safari: '10.1', probe: /\bURLSearchParams\b/, path: ['URLSearchParams'] },
]

/**
 * How each build covers an API newer than its target that its scripts use. 'polyfill': src/platform/
 * polyfills.ts (both builds) or, es5 only, the SDK's polyfills.js (core-js 2, whatwg-fetch, URLSearchParams);
 * 'detected': every use is behind a feature test (the file says where).
 */
export const COVERED: Record<Flavour, Record<string, string>> = {
  es6: {
    'globalThis': 'polyfill: src/platform/polyfills.ts',
    'Object.fromEntries': 'polyfill: src/platform/polyfills.ts',
    'Object.hasOwn': 'polyfill: src/platform/polyfills.ts',
    'Array.prototype.at': 'polyfill: src/platform/polyfills.ts',
    'AbortController': 'polyfill: src/platform/polyfills.ts',
    'String.prototype.trimStart': 'polyfill: src/platform/polyfills.ts (trimStart and trimEnd)',
    'Intl.Segmenter': 'detected: src/ui/components/Avatar.ts (Intl.Segmenter ?? code points)',
    'crypto.randomUUID': 'detected: src/platform/identity.ts (randomUUID, else getRandomValues, else Math.random)',
    'queueMicrotask': 'detected: axios utils (typeof queueMicrotask !== "undefined")',
    'fetch': 'in Chromium 42 (axios detects it and uses XMLHttpRequest; the SDK plugins call it)',
    'Promise.prototype.finally': 'in Chromium 63',
    'Object.entries': 'in Chromium 54',
    'String.prototype.padStart': 'in Chromium 57',
    'Array.prototype.includes': 'in Chromium 47',
    'Object.assign': 'in Chromium 45',
    'Array.from': 'in Chromium 45',
    'URLSearchParams': 'in Chromium 49',
  },
  es5: {},
}
COVERED.es5 = {
  ...COVERED.es6,
  'Promise.prototype.finally': 'polyfill: SDK polyfills.js (core-js 2 es7.promise.finally)',
  'Object.entries': 'polyfill: SDK polyfills.js (core-js 2 es7.object.entries/values)',
  'String.prototype.padStart': 'polyfill: SDK polyfills.js (core-js 2 es7.string.pad-start/end)',
  'Array.prototype.includes': 'polyfill: SDK polyfills.js (core-js 2 es7.array.includes)',
  'Object.assign': 'polyfill: SDK polyfills.js (core-js 2 es6.object.assign)',
  'Array.from': 'polyfill: SDK polyfills.js (core-js 2 es6.array.from)',
  'URLSearchParams': 'polyfill: SDK polyfills.js (url.js)',
  'fetch': 'polyfill: SDK polyfills.js (whatwg-fetch); axios uses XMLHttpRequest',
}
