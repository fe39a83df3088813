import { defineConfig } from 'vitest/config'
import { prepareSdkAssets } from './scripts/sdk-assets.ts'

// `wrangler deploy --dry-run` and `wrangler dev` need the built SDK in the assets folder
await prepareSdkAssets()

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
