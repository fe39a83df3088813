import { defineConfig } from 'vitest/config'

/** The Node suite: `wrangler deploy --dry-run`, and the trainer → `wrangler dev` → HTTP scoring parity test. */
export default defineConfig({
  test: {
    name: 'edge-node',
    environment: 'node',
    include: ['test-node/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
})
