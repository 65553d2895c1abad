import { defineConfig } from 'vitest/config'

/** The WPE WebKit suite (tests/wpe): one engine, one view, so files run one after another. */
export default defineConfig({
  test: {
    name: 'wpe',
    environment: 'node',
    include: ['tests/wpe/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
