// Merged into the Lightning CLI's esbuild config (LNG_CUSTOM_ESBUILD=true): see tools/build/nodeBuiltins.cjs.
// An ES module (package.json "type": "module") that the CLI require()s: Node hands it the 'module.exports' export.
//
// keepNames: the CLI keeps every function and class name when it minifies; nothing in the app or in
// Lightning depends on them (core reads constructor.name only for debug text), and it cost 10 KB gzip.
import { createRequire } from 'node:module'

const config = { keepNames: false, plugins: [createRequire(import.meta.url)('./tools/build/nodeBuiltins.cjs')] }
export { config as 'module.exports' }
