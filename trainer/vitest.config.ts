import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'trainer',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
})
