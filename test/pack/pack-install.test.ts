import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testArtifact } from '../../packages/sdk/src/test-support/fixtures.ts'
import { launchChromium } from '../e2e/browser.ts'
import { ROOT, createConsumerApp, pack, run } from './consumer-app.ts'
import { freePort, startServer, type Server } from './processes.ts'

/**
 * The published shape: `pnpm pack` of @auspex/core and @auspex/sdk, installed with npm into a fresh Vite app
 * outside the workspace, type-checked against the packed `.d.ts`, then built (`vite build`, served by
 * `vite preview`) and run (`vite dev`) in Chromium: the SDK starts its module worker from the tarball's
 * `dist/worker.js` (bundled by the app's Vite), takes the host's model, tracks an event and returns its score.
 */
const work = mkdtempSync(join(tmpdir(), 'auspex-pack-'))
const app = join(work, 'app')
const artifact = testArtifact()
let tarballs: { core: string; sdk: string }
let browser: BrowserContext
const servers: Server[] = []

const packedJson = (tarball: string) => JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
  version: string; exports: Record<string, Record<string, string>>; dependencies?: Record<string, string>
}
const packedFiles = (tarball: string) => execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean)

beforeAll(async () => {
  expect(work.startsWith(ROOT)).toBe(false)
  mkdirSync(join(work, 'tarballs'))
  tarballs = { core: pack('packages/core', join(work, 'tarballs')), sdk: pack('packages/sdk', join(work, 'tarballs')) }
  mkdirSync(app)
  createConsumerApp(app, tarballs, artifact)
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  await browser?.close()
  rmSync(work, { recursive: true, force: true })
})

/** Opens `url`, waits for the page's result; returns it with the URLs of the dedicated workers the page started. */
async function scoreIn(url: string) {
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  try {
    await page.goto(url)
    await page.waitForFunction(() => 'auspexResult' in window, undefined, { timeout: 15_000 })
    const result = await page.evaluate(() => window.auspexResult)
    return { ...result, workers: page.workers().map((w) => w.url()), problems }
  } finally {
    await page.close()
  }
}

function expectScored(r: Awaited<ReturnType<typeof scoreIn>>) {
  expect(r.problems).toEqual([])
  expect(r.errors).toEqual([])
  expect(r.score?.goal).toBe(artifact.goal.name)
  expect(r.score?.modelVersion).toBe(artifact.version)
  expect(r.score?.probability).toBeGreaterThan(0)
  expect(r.score?.factors.map((f) => f.code)).toContain('count_addtocart_1d')
  expect(r.workers.some((w) => /worker/.test(w)), `workers: ${r.workers.join(', ')}`).toBe(true)
}

declare global {
  interface Window { auspexResult: Promise<{ score: import('@auspex/sdk').AuspexScore | null; errors: Array<{ code: string; message: string }> }> }
}

describe('pnpm pack → npm install in a Vite app outside the workspace', () => {
  it('packs dist only, exports point at dist with types first, and the SDK depends on core by version', () => {
    const core = packedJson(tarballs.core)
    const sdk = packedJson(tarballs.sdk)
    expect(sdk.dependencies?.['@auspex/core']).toBe(core.version)
    for (const [tarball, json] of [[tarballs.core, core], [tarballs.sdk, sdk]] as const) {
      expect(Object.keys(json.exports['.']!)).toEqual(['types', 'default'])
      expect(json.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' })
      const files = packedFiles(tarball)
      expect(files.filter((f) => f.startsWith('package/src/'))).toEqual([])
      expect(files).toContain('package/dist/index.d.ts')
    }
    expect(packedFiles(tarballs.sdk)).toContain('package/dist/worker.js')
    expect(sdk.exports['./worker']).toEqual({ types: './dist/worker.d.ts', default: './dist/worker.js' })
  })

  it('ships generated declarations whose relative imports end in .js, and the app type-checks against them', () => {
    for (const pkg of ['core', 'sdk']) {
      const dist = join(app, 'node_modules/@auspex', pkg, 'dist')
      for (const f of readdirSync(dist).filter((f) => f.endsWith('.d.ts') || f.endsWith('.js'))) {
        expect(readFileSync(join(dist, f), 'utf8'), `${pkg}/dist/${f}`).not.toMatch(/(from\s*|import\s*\(\s*)['"`]\.{1,2}\/[^'"`]+\.ts['"`]/)
      }
    }
    run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app)
  })

  it('vite build bundles the worker, and the built site scores an event in it', async () => {
    run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], app)
    expect(readdirSync(join(app, 'dist/assets')).some((f) => /^worker-.*\.js$/.test(f))).toBe(true)
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/`
    servers.push(await startServer(join(app, 'node_modules/.bin/vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], app, url))
    expectScored(await scoreIn(url))
  }, 60_000)

  it('vite dev serves the installed package, and the page scores an event in the worker', async () => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/`
    servers.push(await startServer(join(app, 'node_modules/.bin/vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], app, url))
    expectScored(await scoreIn(url))
    expect(existsSync(join(app, 'node_modules/@auspex/sdk/dist/worker.js'))).toBe(true)
  }, 60_000)
})
