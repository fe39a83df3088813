import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startThread, withoutTsx } from './thread-exec-argv.ts'

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

describe('startThread', () => {
  let dir = ''
  let entry: URL
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auspex-thread-'))
    const file = join(dir, 'entry.mjs')
    await writeFile(file, "import { parentPort } from 'node:worker_threads'\nparentPort.postMessage(process.execArgv)\n")
    entry = pathToFileURL(file)
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  /** The options the thread started with. */
  async function argvOf(execArgv: string[]): Promise<string[]> {
    const worker = startThread(entry, execArgv)
    try {
      return await new Promise<string[]>((done, fail) => { worker.once('message', done); worker.once('error', fail) })
    } finally {
      await worker.terminate()
    }
  }

  it('starts the thread without tsx and with the other options', async () => {
    expect(await argvOf(['--import', 'tsx', '--no-warnings'])).toEqual(['--no-warnings'])
  })

  it('starts the thread when the process has a flag a thread cannot take (a V8 flag)', async () => {
    // given explicitly, `--max-old-space-size` makes Node refuse to start the thread (ERR_WORKER_INVALID_EXEC_ARGV)
    const argv = await argvOf(['--max-old-space-size=256', '--import', 'tsx'])
    expect(Array.isArray(argv)).toBe(true)
  })
})
