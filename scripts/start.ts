/**
 * `pnpm start`: the whole loop on one machine. Generates the demo shop's events from the bundled data (the real
 * Online Retail purchases with simulated browsing around them; cached under `$AUSPEX_HOME/data/`), trains the
 * default models on them (skipped when up to date), starts the local edge, sets the demo's quality floors (scripts/start/policy.ts),
 * publishes and activates the models, serves the demo shop, prints the
 * URLs (and publishes the segment rules in `goals/segments.json`, then every profile's scores and feature states
 * as of the data's end — `auspex score --publish-profiles` — which "Shop as customer …" reads with `identify`). Ctrl-C / SIGTERM stops everything; a second `pnpm start` while one runs says so.
 *
 * Environment: `AUSPEX_HOME` (state dir, default `.auspex/`), `AUSPEX_MODELS_DIR` (default `$AUSPEX_HOME/models`),
 * `AUSPEX_DATA_DIR` (the generated shop events, default `$AUSPEX_HOME/data`),
 * `AUSPEX_DEMO_PORT` (default 5173, the next free one if busy), `AUSPEX_EDGE_PORT` (default 8787, likewise);
 * `AUSPEX_TRAINER_CLI` / `AUSPEX_LOCAL_EDGE` run another trainer CLI file / edge starter module (default
 * `trainer/bin/auspex.js`, `edge/scripts/local-edge.ts`).
 *
 * Rollback needs two versions: besides `purchase-30d` trained on all the data, `pnpm start` trains
 * `purchase-30d-previous` with `--before 2011-09-01` (a genuinely older model: the data up to that day) and publishes it first,
 * so the model page can roll back to it.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { generateDemoData } from '../demo/scripts/generate-data.ts'
import { startDemoServer, type DemoServer } from '../demo/serve.ts'
import { markDescendants, stopChildren, stopMarkedLeftovers } from './start/children.ts'
import { startEdge, waitHealthy, type LocalEdge } from './start/edge.ts'
import { acquireLock, releaseLock, updateLock } from './start/lock.ts'
import { publishModel, publishProfiles, publishSegments, SEGMENTS_FILE, trainAll, trainModel, type ModelJob } from './start/models.ts'
import { DEMO_POLICY, putPolicy } from './start/policy.ts'
import { freePort } from './start/ports.ts'
import { step, stopSteps } from './start/steps.ts'

const ROOT = resolve(import.meta.dirname, '..')
const HOME = resolve(process.env.AUSPEX_HOME ?? join(ROOT, '.auspex'))
const MODELS = resolve(process.env.AUSPEX_MODELS_DIR ?? join(HOME, 'models'))
const LOCK = join(HOME, 'start.lock')
const SOURCE = join(ROOT, 'data/online-retail/online_retail.csv.gz')
/** The demo's default data: the real Online Retail purchases with simulated browsing around them, generated from SOURCE. */
const EVENTS = join(resolve(process.env.AUSPEX_DATA_DIR ?? join(HOME, 'data')), 'shop-events.csv.gz')
/**
 * The demo models train on a seeded sample of this many point-in-time examples: the simulated shop has ~0.5 M
 * events (a snapshot after nearly each one), and a smaller sample keeps a clean `pnpm start` well under 2 minutes.
 */
const DEMO_MAX_EXAMPLES = 100_000
const GOALS = ['purchase-30d', 'churn-90d']
const PREVIOUS_BEFORE = '2011-09-01T00:00:00Z'
/**
 * The shop's goals: the same names as `goals/*.json` (the Online Retail accuracy case), with eligibility fit for a
 * clickstream where most visitors never buy — purchase-30d scores visitors active in the last 30 days, churn-90d
 * customers who have bought (a visitor who never bought cannot churn).
 */
const SHOP_GOALS = join(ROOT, 'goals/shop')
const SEGMENTS = join(ROOT, SEGMENTS_FILE)

const started = Date.now()
let edge: LocalEdge | null = null
let demo: DemoServer | null = null
let stopping = false
let stoppingSince = 0

async function shutdown(code: number): Promise<never> {
  // A second Ctrl-C forces the exit. Not one within a second of the first: in a terminal Ctrl-C reaches this
  // process twice, from the terminal and relayed by tsx
  if (stopping) {
    if (Date.now() - stoppingSince > 1000) process.exit(code)
    return new Promise<never>(() => {})
  }
  stopping = true
  stoppingSince = Date.now()
  stopSteps()
  console.log('\n▸ stopping …')
  await Promise.allSettled([demo?.close(), Promise.resolve(edge?.stop()), stopChildren()])
  const leftovers = await stopMarkedLeftovers()
  releaseLock(LOCK)
  console.log(`✓ stopped${leftovers > 0 ? ` (${leftovers} leftover process${leftovers === 1 ? '' : 'es'} killed)` : ''}`)
  process.exit(code)
}

process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))
process.on('SIGHUP', () => void shutdown(0))

async function main(): Promise<void> {
  markDescendants()
  const lock = acquireLock(LOCK)
  if (!lock.ok) {
    const urls = lock.holder.urls ? Object.entries(lock.holder.urls).map(([k, v]) => `\n  ${k.padEnd(8)} ${v}`).join('') : ' (still starting)'
    console.log(`Auspex is already running (pid ${lock.holder.pid}, since ${lock.holder.startedAt}):${urls}\nStop it with Ctrl-C in its terminal (or \`kill ${lock.holder.pid}\`) before starting another.`)
    process.exit(1)
  }
  mkdirSync(MODELS, { recursive: true })

  const meta = await step('demo data', () => generateDemoData(SOURCE, undefined, EVENTS), (m) => {
    const r = m.events.rates
    const pct = (x: number): string => `${(100 * x).toFixed(1)} %`
    return `${m.products} products, ${m.customers} customers, ${r.events.toLocaleString('en')} events (real purchases, simulated browsing: ` +
      `${pct(r.conversionRate)} of ${r.sessions.toLocaleString('en')} sessions convert, ${pct(r.addToCartRate)} add to cart, ${pct(r.abandonmentRate)} of carts abandoned)` +
      `${m.cached ? ' (up to date)' : ''}`
  })

  // the shop's prices are Online Retail's, in pounds sterling: labels read "Spent £35.40 per visit"
  const demoJob = { dataNote: meta.note, maxExamples: DEMO_MAX_EXAMPLES, currency: 'GBP' }
  const jobs: ModelJob[] = [
    ...GOALS.map((goal) => ({ name: goal, goal, goalFile: join(SHOP_GOALS, `${goal}.json`), ...demoJob })),
    { name: 'purchase-30d-previous', goal: 'purchase-30d', goalFile: join(SHOP_GOALS, 'purchase-30d.json'), before: PREVIOUS_BEFORE, ...demoJob },
  ]
  const models = await step('train models', (progress) => trainAll(jobs, 2, (job) => trainModel(ROOT, MODELS, EVENTS, job, (line) => progress(`${job.name}: ${line}`))),
    (ms) => ms.map((m) => `${m.name} ${m.version}${m.cached ? ' (up to date)' : ''}`).join(', '))

  const edgePort = await freePort(Number(process.env.AUSPEX_EDGE_PORT ?? 8787))
  const stateDir = join(HOME, 'edge-state')
  rmSync(stateDir, { recursive: true, force: true })
  const token = randomBytes(18).toString('base64url')
  const profileToken = randomBytes(18).toString('base64url')
  const grantSecret = randomBytes(32).toString('base64url')
  edge = await step('start local edge', async () => {
    const e = await startEdge(ROOT, { port: edgePort, stateDir, token, profileToken, grantSecret })
    await waitHealthy(e.url)
    return e
  }, (e) => e.url)
  const liveEdge = edge

  await step('set quality floors', async () => {
    for (const goal of GOALS) await putPolicy(liveEdge.url, liveEdge.token, goal, DEMO_POLICY)
  }, () => `AUC ≥ ${DEMO_POLICY.minAuc}, ≥ ${DEMO_POLICY.minPositives} positive and ≥ ${DEMO_POLICY.minNegatives} negative test examples (the demo's small splits)`)

  await step('publish models', async (progress) => {
    // older versions first, so the newest one ends up active and rollback has somewhere to go
    const ordered = [...models].sort((a, b) => Number(Boolean(b.before)) - Number(Boolean(a.before)))
    for (const m of ordered) {
      await publishModel(ROOT, m.dir, liveEdge.url, liveEdge.token, !m.before, (line) => progress(`${m.name}: ${line}`))
    }
    return ordered
  }, (ms) => ms.map((m) => `${m.goal} ${m.version}${m.before ? '' : ' (active)'}`).join(', '))

  await step('publish segments', (progress) => publishSegments(ROOT, SEGMENTS, liveEdge.url, liveEdge.token, progress), () => SEGMENTS_FILE)

  // every profile as of the data's end (events at historyEnd included): the state "Shop as customer …" identifies into
  const asOf = new Date(meta.historyEnd + 1).toISOString()
  await step('publish profiles', (progress) => publishProfiles(ROOT, {
    models: GOALS.map((goal) => join(MODELS, goal)), events: EVENTS, asOf, segments: SEGMENTS, endpoint: liveEdge.url, token: liveEdge.token,
  }, progress), (r) => `${r.profiles.toLocaleString('en')} profiles scored at ${asOf} (generation ${r.generation})`)

  const port = await freePort(Number(process.env.AUSPEX_DEMO_PORT ?? 5173))
  demo = await step('serve demo', () => startDemoServer({ port, edgeUrl: liveEdge.url, token: liveEdge.token, grantSecret, modelsDir: MODELS, goals: GOALS }), (d) => d.url)

  const urls = { shop: `${demo.url}/`, models: `${demo.url}/#/models/purchase-30d`, edge: liveEdge.url }
  updateLock(LOCK, urls)
  console.log(`\nAuspex is running (${((Date.now() - started) / 1000).toFixed(1)} s; data up to ${new Date(meta.historyEnd).toISOString().slice(0, 10)})`)
  console.log(`  shop     ${urls.shop}`)
  console.log(`  models   ${urls.models}`)
  console.log(`  edge     ${urls.edge}  (dev token in the page; AUSPEX_TOKEN=${liveEdge.token} AUSPEX_PROFILE_TOKEN=${profileToken})`)
  console.log('Press Ctrl-C to stop.')
}

main().catch(async (e: unknown) => {
  if (stopping) return // stopped by a signal mid-step: shutdown() is already on it and exits 0
  console.error((e as { reported?: boolean }).reported ? 'pnpm start failed (see the step above).' : `pnpm start failed: ${(e as Error).message}`)
  await shutdown(1)
})
