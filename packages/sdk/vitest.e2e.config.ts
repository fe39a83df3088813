import { defineConfig } from 'vitest/config'

/** End-to-end suite: Playwright drives Debian Chromium through real page reloads of a page Vite serves. */
export default defineConfig({
  test: {
    name: 'sdk-e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
