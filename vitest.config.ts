import { defineConfig } from 'vitest/config'

/**
 * Tests that talk to the simulator over real HTTP, spawn shellcheck or build a package may take seconds on
 * a busy 2-core CI machine; vitest's 5 s default failed them under load (not a speed check: speed is
 * measured by `npm run bench`, never asserted here).
 */
const SLOW_MACHINE_MS = 30_000

export default defineConfig({
  test: {
    testTimeout: SLOW_MACHINE_MS,
    hookTimeout: SLOW_MACHINE_MS,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          testTimeout: SLOW_MACHINE_MS,
          hookTimeout: SLOW_MACHINE_MS,
          include: ['tests/unit/**/*.test.ts', 'tests/sim/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          testTimeout: SLOW_MACHINE_MS,
          hookTimeout: SLOW_MACHINE_MS,
          include: ['tests/component/**/*.test.ts'],
          setupFiles: ['tests/component/setup.ts'],
        },
      },
    ],
  },
})
