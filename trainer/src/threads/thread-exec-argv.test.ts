import { describe, expect, it } from 'vitest'
import { withoutTsx } from './thread-exec-argv.ts'

describe('withoutTsx', () => {
  it("drops `node --import tsx`'s flag", () => {
    expect(withoutTsx(['--import', 'tsx'])).toEqual([])
    expect(withoutTsx(['--import=tsx', '--max-old-space-size=4096'])).toEqual(['--max-old-space-size=4096'])
  })

  it("drops the tsx CLI's preflight and loader (what `pnpm auspex` runs with)", () => {
    const argv = ['--require', '/repo/node_modules/.pnpm/tsx@4.23.15/node_modules/tsx/dist/preflight.cjs',
      '--import', 'file:///repo/node_modules/.pnpm/tsx@4.23.15/node_modules/tsx/dist/loader.mjs']
    expect(withoutTsx(argv)).toEqual([])
    expect(withoutTsx(['--loader', 'tsx/esm', '--cpu-prof'])).toEqual(['--cpu-prof'])
  })

  it('keeps every other option, other loaders included', () => {
    const argv = ['--cpu-prof', '--cpu-prof-dir', '/tmp/p', '--import', './instrument.mjs', '--require', 'dotenv/config', '--stack-size=2000']
    expect(withoutTsx(argv)).toEqual(argv)
    // a package whose name merely contains "tsx" is not tsx
    expect(withoutTsx(['--import', 'my-tsx-plugin'])).toEqual(['--import', 'my-tsx-plugin'])
  })
})
