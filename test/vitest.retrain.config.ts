import { defineConfig } from 'vitest/config'

/** Scheduled retraining: scripts/retrain.sh run against a `wrangler dev` edge started here (trainer → edge). */
export default defineConfig({
  test: {
    include: ['retrain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
})
