import { defineConfig } from 'vitest/config'

/** The demo's unit tests (pure modules: data generation, cart, clock, sparkline, formatting, dev routes). */
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', '*.test.ts'], environment: 'node' },
})
