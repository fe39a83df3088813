/**
 * SDK bench: gzip sizes of the main entry and the worker bundle (from `pnpm build`'s dist/), and
 * `track` → subscriber callback latency in Chromium over a few hundred events (real worker, real IndexedDB).
 * Run from the repo root: `npx tsx packages/sdk/bench/run.ts`. Writes `.auspex/bench/sdk.json`.
 */
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createArtifact, createFeatureConfig, type GoalSpec } from '@auspex/core'
import { chromium } from 'playwright'
import { buildSdk } from '../scripts/build.ts'

const SDK = resolve(import.meta.dirname, '..')
const ROOT = resolve(SDK, '../..')
const DIST = join(SDK, 'dist')
const EVENTS = 400
const summary: Record<string, number> = {}
const figures: Array<{ name: string; value: number; unit: string; budget: string; ok: boolean }> = []
const line = (name: string, value: number, unit: string, budget: string, ok: boolean) => {
  figures.push({ name, value, unit, budget, ok })
  console.log(`sdk ${name}: ${value} ${unit} (budget ${budget}) ${ok ? 'OK' : 'OVER'}`)
}

await buildSdk() // dist/ as published: index.js, its lazy chunks, the self-contained worker.js
const gz = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length
// the main entry with the chunks it imports statically (the lazily imported main-thread engine is excluded: it loads only without workers)
const entry = readFileSync(join(DIST, 'index.js'), 'utf8')
const staticImports = [...entry.matchAll(/(?:^|;|\})\s*import\s*(?:[^'"`()]*?from\s*)?["'`]\.\/([^"'`]+)["'`]/g)].map((m) => m[1]!)
const mainBytes = gz('index.js') + staticImports.reduce((s, f) => s + gz(f), 0)
const workerBytes = gz('worker.js')
summary.mainEntryGzipBytes = mainBytes
summary.workerGzipBytes = workerBytes
line('main entry gzip', +(mainBytes / 1024).toFixed(2), 'KB', '≤ 4 KB', mainBytes <= 4096)
line('worker bundle gzip', +(workerBytes / 1024).toFixed(2), 'KB', '≤ 40 KB', workerBytes <= 40 * 1024)
// the destinations chunk (html attribute, dataLayer) loads lazily, only when `destinations` is given
const destinationsFile = readdirSync(DIST).find((f) => f.startsWith('destinations-'))
if (destinationsFile) {
  summary.destinationsGzipBytes = gz(destinationsFile)
  line('destinations chunk gzip (lazy)', +(summary.destinationsGzipBytes / 1024).toFixed(2), 'KB', '—', true)
}

// a model whose score moves with every event (a fine-binned term on events_total), so each track has a callback
const goal = JSON.parse(readFileSync(join(ROOT, 'goals/purchase-30d.json'), 'utf8')) as GoalSpec
const edges = Array.from({ length: EVENTS + 100 }, (_, i) => i + 0.5)
const artifact = createArtifact({
  goal,
  config: createFeatureConfig({ eventTypes: ['pageView', 'addToCart', 'purchase'] }),
  model: {
    kind: 'gam', intercept: -2,
    terms: [
      { feature: 'events_total', edges, weights: [0, ...edges.map((_, i) => Math.sin(i) / 2), 0] },
      { feature: 'count_addtocart_1d', edges: [0.5, 2], weights: [0, -0.3, 0.8, 1.5] },
      { feature: 'days_since_purchase', edges: [1, 7, 30], weights: [-1.2, 1.1, 0.6, -0.2, -0.9] },
    ],
  },
  population: Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000),
  metrics: { auc: 0.5 },
})

const page = `<!doctype html><meta charset="utf-8"><script type="module">
import { createAuspex } from './index.js'
window.runBench = async (artifact, n) => {
  const errors = []
  const auspex = createAuspex({ goals: [artifact.goal.name], models: [artifact], namespace: 'bench-' + Math.random(), onError: (e) => errors.push(e) })
  let resolve = null
  auspex.subscribe(artifact.goal.name, () => resolve?.())
  await auspex.ready
  const types = ['pageView', 'addToCart', 'pageView', 'purchase']
  const times = []
  let misses = 0
  for (let i = 0; i < n + 20; i++) {
    let timer
    const done = new Promise((r) => { resolve = r; timer = setTimeout(() => { misses++; timer = undefined; r() }, 2000) })
    const t0 = performance.now()
    auspex.track({ type: types[i % 4], item: 'sku-' + (i % 7), value: i % 4 === 3 ? 20 : undefined })
    await done
    clearTimeout(timer)
    // an event whose callback never came counts at the timeout (2 s), not as a missing sample
    if (i >= 20) times.push(timer === undefined ? 2000 : performance.now() - t0)
    if (misses > 3) break
  }
  await auspex.forget()
  auspex.destroy()
  return { times, errors, misses }
}
</script>`
const types: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' }
const server = createServer((req, res) => {
  const url = (req.url ?? '/').split('?')[0]!
  if (url === '/favicon.ico') return void res.writeHead(204).end()
  if (url === '/' || url === '/bench.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page)
  try {
    const body = readFileSync(join(DIST, url.replace(/\.\.+/g, '')))
    res.writeHead(200, { 'content-type': types[url.slice(url.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(body)
  } catch {
    res.writeHead(404).end()
  }
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const port = (server.address() as { port: number }).port
const browser = await chromium.launch({
  executablePath: process.env.AUSPEX_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const tab = await browser.newPage()
  tab.on('console', (m) => console.log(`sdk bench page: ${m.text()}`))
  tab.on('pageerror', (e) => console.log(`sdk bench page error: ${e.message}`))
  await tab.goto(`http://localhost:${port}/`)
  await tab.waitForFunction(() => typeof (window as unknown as { runBench?: unknown }).runBench === 'function')
  const result = (await tab.evaluate(([a, n]) => (window as unknown as { runBench: (a: unknown, n: number) => Promise<unknown> }).runBench(a, n), [artifact, EVENTS] as const)) as { times: number[]; errors: unknown[]; misses: number }
  if (result.misses > 0) console.log(`sdk bench: ${result.misses} events without a callback within 2 s (counted at 2000 ms, and the verdict fails)`)
  if (result.errors.length > 0) console.log(`sdk bench: the page reported ${JSON.stringify(result.errors)}`)
  const sorted = [...result.times].sort((a, b) => a - b)
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
  summary.trackCallbackP50Ms = q(0.5)
  summary.trackCallbackP95Ms = q(0.95)
  summary.trackCallbackEvents = sorted.length
  summary.trackCallbackMisses = result.misses
  const complete = result.misses === 0 && sorted.length === EVENTS
  line(`track → callback p50 (${sorted.length} events, worker)`, +q(0.5).toFixed(3), 'ms', '—', true)
  line(`track → callback p95 (${sorted.length} events, worker, ${result.misses} timed out)`, +q(0.95).toFixed(3), 'ms', '≤ 5 ms, none timed out', q(0.95) <= 5 && complete)
} finally {
  await browser.close()
  server.close()
}

mkdirSync(join(ROOT, '.auspex/bench'), { recursive: true })
writeFileSync(join(ROOT, '.auspex/bench/sdk.json'), JSON.stringify({ date: new Date().toISOString(), ...summary, figures }, null, 2))
process.exit(figures.every((f) => f.ok) ? 0 : 1)
