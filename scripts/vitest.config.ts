import { defineConfig } from 'vitest/config'

/** The root scripts: the workspace package list and the README's generated bench table. */
export default defineConfig({
  test: {
    name: 'scripts',
    environment: 'node',
    include: ['*.test.ts'],
  },
})
