import type { ModelArtifact } from '@auspex/core'
import { chromium, type Browser, type Page } from 'playwright'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAY, GOAL, T0, shoppingEvents, testArtifact } from '../src/test-support/fixtures.ts'
import type { AuspexScore, ErrorInfo } from '../src/protocol.ts'

/**
 * Real page reloads in Chromium (Playwright): the page at e2e/page.html is served by Vite and embeds the SDK
 * with its module worker; models are served by route interception of `/v1/models/:goal`.
 */
let server: ViteDevServer
let browser: Browser
let base = ''

beforeAll(async () => {
  server = await createServer({ root: new URL('..', import.meta.url).pathname, configFile: false, logLevel: 'silent', server: { port: 0, host: '127.0.0.1', fs: { allow: ['../..'] } }, optimizeDeps: { include: ['comlink', 'idb'] } })
  await server.listen()
  const address = server.httpServer!.address() as { port: number }
  base = `http://127.0.0.1:${address.port}`
  browser = await chromium.launch({
    executablePath: process.env.AUSPEX_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface PageState {
  errors: ErrorInfo[]
  scores: AuspexScore[]
}
type Win = { auspexPage: PageState & { start(o: unknown): Promise<void>; auspex: { track(e: unknown): void; score(g: string): Promise<AuspexScore | null>; load(e: unknown[]): Promise<void>; forget(): Promise<void> } } }

async function open(page: Page, options: Record<string, unknown>) {
  await page.goto(`${base}/e2e/page.html`)
  await page.waitForFunction(() => 'auspexPage' in window, null, { timeout: 30_000 })
  await page.evaluate((o) => (window as unknown as Win).auspexPage.start({ ...o, clock: () => (o as { now: number }).now }), { goals: [GOAL], ...options, now: T0 + 21 * DAY })
}
const state = (page: Page) => page.evaluate(() => ({ errors: (window as unknown as Win).auspexPage.errors, scores: (window as unknown as Win).auspexPage.scores }))
const score = (page: Page) => page.evaluate((g) => (window as unknown as Win).auspexPage.auspex.score(g), GOAL)

/** Serves `current.artifact` at /v1/models/:goal with its ETag (304 on If-None-Match), or fails when `down`. */
function edgeRoute(page: Page) {
  const current: { artifact: ModelArtifact; down: boolean; seen: Array<string | null> } = { artifact: testArtifact(1), down: false, seen: [] }
  void page.route('**/v1/models/**', async (route) => {
    current.seen.push(route.request().headers()['if-none-match'] ?? null)
    if (current.down) return route.abort('internetdisconnected')
    const etag = `"${current.artifact.hash}"`
    if (route.request().headers()['if-none-match'] === etag) return route.fulfill({ status: 304, headers: { ETag: etag } })
    return route.fulfill({ status: 200, body: JSON.stringify(current.artifact), headers: { ETag: etag, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } })
  })
  return current
}

describe('real page reloads in Chromium', () => {
  it('state persists across a reload (same profile, same score), and forget() survives one', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const models = [testArtifact(1)]
    await open(page, { models })
    await page.evaluate((events) => (window as unknown as Win).auspexPage.auspex.load(events), shoppingEvents())
    const before = (await score(page))!
    await page.reload()
    await open(page, { models })
    expect((await score(page))!.probability).toBe(before.probability)
    await page.evaluate(() => (window as unknown as Win).auspexPage.auspex.forget())
    await page.reload()
    await open(page, { models })
    expect((await score(page))!.probability).not.toBe(before.probability)
    expect((await state(page)).errors).toEqual([])
    await context.close()
  }, 60_000)

  it('fetches a model, starts offline from the cache after a reload, and swaps in a new version', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const edge = edgeRoute(page)
    const endpoint = `${base}/edge`
    await open(page, { endpoint, revalidateEvery: 500 })
    await page.waitForFunction(() => (window as unknown as Win).auspexPage.scores.length > 0)
    edge.down = true
    await page.reload()
    await open(page, { endpoint, revalidateEvery: 500 })
    expect((await score(page))!.modelVersion).toBe(testArtifact(1).version)
    await page.waitForFunction(() => (window as unknown as Win).auspexPage.errors.some((e) => e.code === 'MODEL_FETCH_FAILED'))
    edge.artifact = testArtifact(2)
    edge.down = false
    await page.waitForFunction((v) => (window as unknown as Win).auspexPage.scores.some((s) => s.modelVersion === v), testArtifact(2).version, { timeout: 15_000 })
    expect(edge.seen).toContain(`"${testArtifact(1).hash}"`)
    await context.close()
  }, 60_000)
})
