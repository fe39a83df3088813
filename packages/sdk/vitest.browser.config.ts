import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { coreScore, coreState } from './test-server/commands.ts'
import { testEdge } from './test-server/edge-plugin.ts'

const chromium = process.env.AUSPEX_CHROMIUM ?? '/usr/bin/chromium'

/** Browser suite: real Chromium, real module worker, real IndexedDB; a stand-in edge on the same dev server. */
export default defineConfig({
  plugins: [testEdge()],
  optimizeDeps: { include: ['comlink', 'idb'] },
  server: { fs: { allow: ['../..'] } },
  test: {
    name: 'sdk-browser',
    include: ['src/**/*.browser.test.ts'],
    testTimeout: 20_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: chromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      }),
      instances: [{ browser: 'chromium' }],
      commands: { coreScore, coreState },
    },
  },
})
