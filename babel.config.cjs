/**
 * Read by Babel wherever a caller leaves its config file on: the Lightning CLI's esbuild plugin does
 * (node_modules/@lightningjs/cli/src/helpers/esbuildbabel.js calls `babel.loadOptions` without
 * `configFile: false`), so this applies to `lng build`, `lng dist` and `lng dist --es5`, app code and
 * node_modules alike. scripts/dist.ts and Playwright call Babel with `configFile: false`.
 *
 * Babel's helpers (classCallCheck, inherits, regeneratorRuntime…) are imported from @babel/runtime, so the
 * bundle holds each once; the CLI runs Babel file by file, and inlined, the ES5 bundle carried 27 copies of
 * the regenerator runtime and 77 of classCallCheck.
 */
const { version } = require('@babel/runtime/package.json')

module.exports = {
  plugins: [['@babel/plugin-transform-runtime', { version }]],
  // the helpers themselves are not rewritten to import themselves
  ignore: [/node_modules[\\/]@babel[\\/]runtime[\\/]/],
}
