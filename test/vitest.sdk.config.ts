import { defineConfig } from 'vitest/config'

/** Cross-runtime parity of the SDK with core and the trainer (Node). */
export default defineConfig({
  test: {
    include: ['sdk/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
})
