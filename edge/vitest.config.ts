import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

/** The workerd suite: every route of the Worker, run inside workerd with local R2 and KV. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: { bindings: { AUSPEX_TOKEN: 'test-token-0123456789', ALLOWED_ORIGINS: '*' } },
    }),
  ],
  test: {
    name: 'edge',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
})
