import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumPath } from './tests/support/chromium.js'

/**
 * e2e in Debian's Chromium (Playwright cannot download browsers here). Each worker starts its own
 * simulator and app server (tests/e2e/fixtures.ts), so workers never share plex.tv state.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright.json' }]],
  outputDir: '.tmp/playwright-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1920, height: 1080 },
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: 'off',
  },
})
