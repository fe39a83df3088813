import { defineConfig } from 'vitest/config'

/**
 * End-to-end: the real `pnpm start` stack (trainer → edge → SDK → page) driven in Debian Chromium by
 * Playwright. Slow by nature (the first run trains the models): long timeouts, one file at a time.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
})
