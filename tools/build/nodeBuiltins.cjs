/**
 * An esbuild plugin for the Lightning CLI's bundles (esbuild.es6/es5.config.js, LNG_CUSTOM_ESBUILD=true in
 * .env): Node's `crypto`, which TweetNaCl (the device key's fallback, src/platform/deviceKey.ts) requires
 * only when it runs under Node, becomes an empty module. TweetNaCl's package.json maps it to `false` for
 * browsers, but the CLI's babel plugin then tries to read a file called "crypto" and the build fails.
 * In a browser TweetNaCl takes its randomness from crypto.getRandomValues, and we only sign with it.
 */
const path = require('path')

module.exports = {
  name: 'node-builtins-empty',
  setup(build) {
    build.onResolve({ filter: /^(crypto|buffer)$/ }, () => ({ path: path.join(__dirname, 'empty.cjs') }))
  },
}
