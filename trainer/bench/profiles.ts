/**
 * Profile upload bench (`auspex score --publish-profiles`'s uploader): 100 000 profile records — each with a real
 * feature state of ~20 events over 90 days and a real prediction — spooled to disk, uploaded to the local edge
 * (`wrangler dev`, workerd with local R2 / KV / Durable Objects) and committed. Prints the spool and upload rates
 * and the extrapolation to 10 M profiles; writes `.auspex/bench/trainer-profiles.json`.
 * Run from the repo root: `npx tsx trainer/bench/profiles.ts` (`AUSPEX_BENCH_PROFILES` changes the count).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createArtifact, createFeatureConfig, loadModel, type AuspexEvent, type GoalSpec } from '@auspex/core'
import { startLocalEdge } from '../../edge/scripts/local-edge.ts'
import { processIo } from '../src/commands/io.ts'
import { openProfilePublisher } from '../src/commands/publish-profiles.ts'

const root = new URL('../../', import.meta.url).pathname
const N = Number(process.env.AUSPEX_BENCH_PROFILES ?? 100_000)
const TARGET = 10_000_000
const AS_OF = Date.UTC(2011, 11, 1)
const DAY = 86_400_000
const TYPES = ['pageView', 'productView', 'search', 'addToCart', 'checkout', 'purchase', 'return']

const goal = JSON.parse(readFileSync(join(root, 'goals/purchase-30d.json'), 'utf8')) as GoalSpec
const model = loadModel(createArtifact({
  goal,
  config: createFeatureConfig({ eventTypes: TYPES, currency: 'GBP' }),
  model: {
    kind: 'gam', intercept: -2,
    terms: [
      { feature: 'days_since_purchase', edges: [1, 7, 30], weights: [-1.2, 1.1, 0.6, -0.2, -0.9] },
      { feature: 'count_addtocart_7d', edges: [0.5, 2], weights: [0, -0.3, 0.8, 1.5] },
      { feature: 'sessions_30d', edges: [1, 3, 6], weights: [0, -0.4, 0.1, 0.5, 0.9] },
      { feature: 'value_total', edges: [10, 100, 1000], weights: [0, -0.5, 0.1, 0.4, 0.8] },
      { feature: 'custom_big_order_total', edges: [1], weights: [0, -0.1, 0.7] },
    ],
  },
  calibration: { kind: 'platt', a: 0.9, b: 0.1 },
  population: Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000),
  metrics: { auc: 0.8 },
  createdAt: new Date(Date.UTC(2026, 11, 1)),
}))

let seed = 3
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)

/** ~20 events in a few visits over the 90 days before AS_OF. */
function history(id: string): AuspexEvent[] {
  const events: AuspexEvent[] = []
  const visits = 2 + Math.floor(rand() * 5)
  for (let v = 0; v < visits; v++) {
    let t = AS_OF - Math.floor(rand() * 90 * DAY)
    for (let i = 0; i < 3 + Math.floor(rand() * 5); i++) {
      t += Math.floor(rand() * 300_000)
      const type = TYPES[Math.floor(rand() * TYPES.length)]!
      events.push({ profileId: id, timestamp: t, type, item: `sku-${Math.floor(rand() * 500)}`, ...(type === 'purchase' || type === 'return' || type === 'addToCart' ? { value: Math.round(rand() * 20000) / 100 } : {}) })
    }
  }
  return events.sort((a, b) => a.timestamp - b.timestamp)
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

const work = mkdtempSync(join(tmpdir(), 'auspex-bench-profiles-'))
const edge = await startLocalEdge({ port: await freePort(), stateDir: join(work, 'state') })
const quiet = { ...processIo(), stdout: () => {}, stderr: () => {} }
try {
  const publisher = await openProfilePublisher({ io: quiet, target: { endpoint: edge.url, token: edge.token, spoolDir: work }, goals: { [goal.name]: model.version }, asOf: AS_OF })
  let bytes = 0
  let building = 0
  const t0 = performance.now()
  for (let i = 0; i < N; i++) {
    const b = performance.now()
    const id = `customer-${i}`
    const state = model.engine.init()
    for (const e of history(id)) model.engine.update(state, e)
    const prediction = model.predict(state, AS_OF)
    building += performance.now() - b
    if (i < 1000) bytes += JSON.stringify({ state, factors: prediction.factors }).length
    await publisher.add({ profileId: id, predictions: { [goal.name]: prediction }, states: { [goal.name]: state } }, rand() < 0.3 ? ['likely-buyers'] : [])
  }
  const spoolMs = performance.now() - t0 - building
  const t1 = performance.now()
  const result = await publisher.finish()
  const uploadMs = performance.now() - t1
  const perSecond = N / (uploadMs / 1000)
  const extrapolatedMin = TARGET / perSecond / 60
  const figures = {
    profiles: N, buckets: result.buckets, recordBytes: Math.round(bytes / 1000),
    spoolSeconds: +(spoolMs / 1000).toFixed(2), uploadSeconds: +(uploadMs / 1000).toFixed(2),
    uploadProfilesPerSecond: Math.round(perSecond), uploadMBPerSecond: +((perSecond * bytes) / 1000 / 1e6).toFixed(2),
    extrapolated10MMinutes: +extrapolatedMin.toFixed(1),
  }
  console.log(`trainer profiles: ${N.toLocaleString('en')} records (~${figures.recordBytes} B each as JSON) in ${result.buckets} buckets`)
  console.log(`trainer profiles spool: ${figures.spoolSeconds} s (records built: ${(building / 1000).toFixed(2)} s, not counted)`)
  console.log(`trainer profiles upload + commit to the local edge: ${figures.uploadSeconds} s = ${figures.uploadProfilesPerSecond.toLocaleString('en')} profiles/s (${figures.uploadMBPerSecond} MB/s), 4 PUTs in flight`)
  console.log(`trainer profiles 10 M extrapolated: ~${figures.extrapolated10MMinutes} min upload (linear in records at this rate; ` +
    `assumes the edge's per-bucket work stays constant as buckets grow to 20 480 and one Durable Object takes the bucket writes; ` +
    `the local edge shares these 2 cores with the uploader, so a deployed edge should be faster per PUT while the network adds latency)`)
  mkdirSync(join(root, '.auspex/bench'), { recursive: true })
  writeFileSync(join(root, '.auspex/bench/trainer-profiles.json'), JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2) + '\n')
} finally {
  await edge.stop()
  rmSync(work, { recursive: true, force: true })
}
