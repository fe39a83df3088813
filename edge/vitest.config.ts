import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { prepareSdkAssets } from './scripts/sdk-assets.ts'

// wrangler.jsonc's `assets` folder must exist before the pool reads it: the built SDK (GET /v1/sdk.js)
await prepareSdkAssets()

/** The workerd suite: every route of the Worker, run inside workerd with local R2 and KV. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        // AUSPEX_JOB_FAULTS lets the job tests make a consumer throw (once, or always); a 1 MiB shard cap to test it cheaply
        bindings: {
          AUSPEX_TOKEN: 'test-token-0123456789', ALLOWED_ORIGINS: '*',
          AUSPEX_PROFILE_TOKEN: 'test-profile-token-9876543210',
          AUSPEX_GRANT_SECRET: 'test-grant-secret-0123456789abcdef0123456789',
          AUSPEX_GRANT_SECRET_PREVIOUS: 'test-grant-secret-previous-0123456789abcdef',
          AUSPEX_JOB_FAULTS: 'on', MAX_SHARD_BYTES: '1048576',
        },
        // a small budget so the rate-limit test is quick; support.ts gives every other call its own client address
        ratelimits: { SCORE_LIMITER: { simple: { limit: 10, period: 60 } }, TELEMETRY_LIMITER: { simple: { limit: 10, period: 60 } } },
      },
    }),
  ],
  test: {
    name: 'edge',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
})
