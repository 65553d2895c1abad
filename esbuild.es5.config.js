// Merged into the Lightning CLI's esbuild config (LNG_CUSTOM_ESBUILD=true): see tools/build/nodeBuiltins.cjs.
// An ES module (package.json "type": "module") that the CLI require()s: Node hands it the 'module.exports' export.
import { createRequire } from 'node:module'

const config = { plugins: [createRequire(import.meta.url)('./tools/build/nodeBuiltins.cjs')] }
export { config as 'module.exports' }
