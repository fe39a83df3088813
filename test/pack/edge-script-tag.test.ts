import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalEdge, type LocalEdge } from '../../edge/scripts/local-edge.ts'
import { testArtifact } from '../../packages/sdk/src/test-support/fixtures.ts'
import { launchChromium } from '../e2e/browser.ts'
import { ROOT } from './consumer-app.ts'
import { freePort } from './processes.ts'

/**
 * The SDK from the edge on a page of another origin: `wrangler dev` (origin B) serves `/v1/sdk.js` and the build's
 * files; a plain page server (origin A) loads it with one module script — and with the tag-manager snippet of
 * packages/sdk/README.md, taken from the README itself. `new Worker()` of B's worker.js is refused on A, so the
 * client must start a same-origin blob worker that imports it: the test sees a `blob:` worker, B's worker.js
 * fetched, and a score with no `WORKER_UNAVAILABLE`.
 */
const artifact = testArtifact()
const goal = artifact.goal.name
const EXAMPLE_EDGE = 'https://auspex.example.workers.dev'
const state = mkdtempSync(join(tmpdir(), 'auspex-edge-sdk-'))
let edge: LocalEdge
let site: Server
let siteUrl: string
let browser: BrowserContext
const pages = new Map<string, string>()

/** The tag-manager snippet between the README's markers, without its code fence. */
function tagManagerSnippet(): string {
  const readme = readFileSync(join(ROOT, 'packages/sdk/README.md'), 'utf8')
  const block = readme.match(/<!-- tag-manager:start -->\n```html\n([\s\S]*?)```\n<!-- tag-manager:end -->/)?.[1]
  if (!block?.includes(EXAMPLE_EDGE)) throw new Error('packages/sdk/README.md: no tag-manager snippet between its markers')
  return block
}

const collect = `<script>window.auspexErrors = []</script>`
const MODULE_PAGE = (edgeUrl: string) => `<!doctype html><meta charset="utf-8">${collect}<script type="module">
  import { createAuspex } from '${edgeUrl}/v1/sdk.js'
  window.auspex = createAuspex({ goals: ['${goal}'], models: [${JSON.stringify(artifact)}], onError: (e) => window.auspexErrors.push(e) })
</script>`
// the snippet, with the test edge and an onError hook so failures are seen
const SNIPPET_PAGE = (edgeUrl: string) => `<!doctype html><meta charset="utf-8">${collect}` +
  tagManagerSnippet().replaceAll(EXAMPLE_EDGE, edgeUrl).replace("' });'", "', onError: (e) => window.auspexErrors.push(e) });'")

beforeAll(async () => {
  edge = await startLocalEdge({ port: await freePort(), stateDir: state })
  const auth = { authorization: `Bearer ${edge.token}`, 'content-type': 'application/json' }
  const put = await fetch(`${edge.url}/v1/models/${goal}/versions/${artifact.version}`, { method: 'PUT', headers: auth, body: JSON.stringify(artifact) })
  // force: a fixture model, not held to the quality gate's floors; this test is about embedding the SDK
  const act = await fetch(`${edge.url}/v1/models/${goal}/active`, { method: 'POST', headers: auth, body: JSON.stringify({ version: artifact.version, force: true }) })
  expect([put.status, act.status]).toEqual([201, 200])
  pages.set('/module.html', MODULE_PAGE(edge.url))
  pages.set('/snippet.html', SNIPPET_PAGE(edge.url))
  site = createServer((req, res) => {
    const html = pages.get(req.url ?? '')
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? '')
  })
  const port = await freePort()
  await new Promise<void>((r) => site.listen(port, '127.0.0.1', r))
  siteUrl = `http://localhost:${port}` // another origin than the edge's http://127.0.0.1:<port>
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  site?.close()
  await edge?.stop()
  rmSync(state, { recursive: true, force: true })
})

async function trackAndScore(path: string) {
  const page: Page = await browser.newPage()
  const requests: string[] = []
  const problems: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  page.on('pageerror', (e) => problems.push(e.message))
  try {
    await page.goto(`${siteUrl}${path}`)
    await page.waitForFunction(() => 'auspex' in window, undefined, { timeout: 15_000 })
    const result = await page.evaluate(async (g) => {
      const w = window as unknown as { auspex: import('@auspex/sdk').Auspex; auspexErrors: unknown[] }
      await w.auspex.ready
      // a model from the edge arrives after start (score() is null until then); a host model is there at once
      for (let i = 0; i < 100 && (await w.auspex.score(g)) === null; i++) await new Promise((r) => setTimeout(r, 100))
      w.auspex.track({ type: 'addToCart', item: 'sku-1', value: 12.5 })
      return { score: await w.auspex.score(g), errors: w.auspexErrors }
    }, goal)
    return { ...result, requests, problems, workers: page.workers().map((w) => w.url()) }
  } finally {
    await page.close()
  }
}

describe('the SDK from the edge (GET /v1/sdk.js) on a page of another origin', () => {
  for (const [name, path, models] of [['one module script, host model', '/module.html', 'host'], ['the README tag-manager snippet, model from the edge', '/snippet.html', 'edge']] as const) {
    it(`${name}: scores an event in a blob worker that imports the edge's worker.js`, async () => {
      const r = await trackAndScore(path)
      expect(r.problems).toEqual([])
      expect(r.errors).toEqual([])
      expect(r.score?.modelVersion).toBe(artifact.version)
      expect(r.score?.factors.map((f) => f.code)).toContain('count_addtocart_1d')
      expect(r.workers.length, 'one dedicated worker').toBe(1)
      expect(r.workers[0]).toMatch(new RegExp(`^blob:${siteUrl}/`))
      expect(r.requests).toContain(`${edge.url}/v1/sdk.js`)
      expect(r.requests.some((u) => new RegExp(`^${edge.url}/v1/sdk/[^/]+/worker\\.js$`).test(u)), r.requests.join('\n')).toBe(true)
      expect(r.requests.includes(`${edge.url}/v1/models/${goal}`)).toBe(models === 'edge')
    })
  }
})
