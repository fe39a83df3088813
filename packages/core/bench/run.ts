/**
 * Core benchmark: events/s through the reducer and µs per score + explain of one profile.
 * Run: `pnpm bench` (all packages) or `npx tsx packages/core/bench/run.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { compileGoal, createArtifact, createFeatureConfig, createFeatureEngine, loadModel, type AuspexEvent, type FeatureState } from '../src/index.ts'

const goalSpec = {
  name: 'purchase-30d', propensity: 'conversion' as const, window: '30d',
  outcome: { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>' as const, value: 0 }] }] },
  customEvents: [{ name: 'Viewed pricing', type: 'pageView', where: [{ field: 'attributes.page', op: 'contains' as const, value: 'pricing' }] }],
}
const types = ['pageView', 'productView', 'addToCart', 'purchase', 'search', 'return', 'checkout', 'login']
const config = createFeatureConfig({ eventTypes: types })
const engine = createFeatureEngine(compileGoal(goalSpec), config)

// A deterministic synthetic stream: 2,000 profiles × 500 events, each profile's events in time order.
let seed = 42
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32)
const PROFILES = 2000
const PER = 500
const start = Date.UTC(2011, 0, 1)
const streams: AuspexEvent[][] = []
for (let p = 0; p < PROFILES; p++) {
  let t = start + rand() * 86_400_000
  const list: AuspexEvent[] = []
  for (let i = 0; i < PER; i++) {
    t += rand() < 0.8 ? rand() * 600_000 : rand() * 5 * 86_400_000
    const type = types[Math.floor(rand() ** 2 * types.length)]!
    list.push({ profileId: String(p), timestamp: Math.floor(t), type, value: type === 'purchase' ? Math.round(rand() * 5000) / 100 : 0, item: `sku-${Math.floor(rand() * 300)}`, attributes: { page: rand() < 0.1 ? '/pricing' : '/p' } })
  }
  streams.push(list)
}
const total = PROFILES * PER

function reducerRun(): number {
  const t0 = process.hrtime.bigint()
  for (const list of streams) {
    const state = engine.init()
    for (const e of list) engine.update(state, e)
  }
  return Number(process.hrtime.bigint() - t0) / 1e9
}
reducerRun() // warm-up
const runs = [reducerRun(), reducerRun(), reducerRun()].sort((a, b) => a - b)
const eventsPerSecond = total / runs[1]!

// Score + explain: a model with a term on every feature (the worst case for the scorer).
const terms = engine.spec.map((f, i) => ({ feature: f.code, edges: Array.from({ length: 15 }, (_, k) => k * (i % 7 + 1)), weights: Array.from({ length: 17 }, (_, k) => Math.sin(i + k) / 10) }))
const model = loadModel(createArtifact({ goal: goalSpec, config, model: { kind: 'gam', intercept: -1, terms }, metrics: { auc: 0.5 } }))
const states: FeatureState[] = streams.slice(0, 200).map((list) => {
  const s = model.engine.init()
  for (const e of list) model.engine.update(s, e)
  return s
})
const now = start + 400 * 86_400_000
const batch = 200
const WARMUP_ROUNDS = 50
const samples: number[] = []
// the first rounds (in run order, before any sorting) warm the JIT up and are not timed; every timed round counts
for (let round = 0; round < WARMUP_ROUNDS + 300; round++) {
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < batch; i++) model.predict(states[i % states.length]!, now + round)
  if (round >= WARMUP_ROUNDS) samples.push(Number(process.hrtime.bigint() - t0) / 1000 / batch)
}
samples.sort((a, b) => a - b)
const median = samples[Math.floor(samples.length / 2)]!
const p95 = samples[Math.floor(samples.length * 0.95)]!
const artifactBytes = JSON.stringify(model.artifact).length

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, Node ${process.version}`
const lines = [
  `core machine: ${machine}, ${new Date().toISOString()}`,
  `core update: ${(eventsPerSecond / 1e6).toFixed(2)} M events/s on one core (${engine.spec.length} features, ${types.length} event types; reducer only)`,
  `core score+explain: median ${median.toFixed(2)} µs, p95 ${p95.toFixed(2)} µs per profile (${samples.length} rounds of ${batch}, all counted) (budget ≤ 20 µs median) ${median <= 20 ? 'OK' : 'OVER BUDGET'}`,
  `core worst-case artifact (a 17-bin term on all ${engine.spec.length} features): ${(artifactBytes / 1024).toFixed(1)} KB`,
]
for (const line of lines) console.log(line)
mkdirSync('.auspex/bench', { recursive: true })
writeFileSync('.auspex/bench/core.json', JSON.stringify({ machine, date: new Date().toISOString(), eventsPerSecond, scoreExplainMedianUs: median, scoreExplainP95Us: p95, features: engine.spec.length, artifactBytes }, null, 2))
