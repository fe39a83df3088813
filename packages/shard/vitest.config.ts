import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'shard',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
