import { defineConfig } from 'vitest/config'

/**
 * Packaging: the tarballs `pnpm pack` makes, installed and run outside the workspace (test/pack/pack-install), and
 * the SDK served by the edge on another origin (test/pack/edge-script-tag). Spawns npm, Vite, wrangler, Chromium.
 */
export default defineConfig({
  test: {
    include: ['pack/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
})
