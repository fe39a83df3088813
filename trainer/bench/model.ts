/**
 * Trainer modelling bench: training time and peak memory on the bundled Online Retail data for both
 * default goals, and the accuracy rows of the issue's public case (cut-off 2011-09-01).
 * Run from the repo root: `npx tsx trainer/bench/model.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadModel } from '@auspex/core'
import { openEvents } from '../src/ingest/index.ts'
import { hourlyClickstreamCase, oneTimeOutcomeCase, repurchaseCase } from '../src/cases/index.ts'
import { memorySource } from '../src/model/memory-source.ts'
import { evaluate, train } from '../src/model/index.ts'

const root = new URL('../../', import.meta.url).pathname
const CUT = Date.UTC(2011, 8, 1)
const CASES = [
  { goal: 'purchase-30d', gbt: 0.741, recency: 0.676, frequency: 0.621 },
  { goal: 'churn-90d', gbt: 0.739, recency: 0.687, frequency: 0.694 },
]
const figures: Record<string, unknown> = {}
const source = await openEvents([`${root}data/online-retail/online_retail.csv.gz`], { preset: 'online-retail' })
let peak = process.memoryUsage().rss
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 50)
for (const c of CASES) {
  const goal = JSON.parse(readFileSync(`${root}goals/${c.goal}.json`, 'utf8'))
  const t0 = performance.now()
  // a goal whose embargoes need more history than the data before CUT has (churn-90d: 305 of 274 days) is trained
  // with the profile hold-out (--holdout profiles), as the refusal suggests; both are evaluated at CUT
  const tooShort = (e: unknown) => (e as { code?: string }).code === 'TRAIN_HISTORY_TOO_SHORT'
  const result = await train(source, goal, { before: CUT })
    .catch((e: unknown) => { if (tooShort(e)) return train(source, goal, { before: CUT, holdout: 'profiles' }); throw e })
  const seconds = (performance.now() - t0) / 1000
  const m = await evaluate(loadModel(result.artifact), source, CUT)
  peak = Math.max(peak, process.memoryUsage().rss)
  const ok = m.auc >= c.gbt - 0.01
  console.log(`trainer train ${c.goal}: ${seconds.toFixed(1)} s, ${result.metrics.split.examples.train + result.metrics.split.examples.validation + result.metrics.split.examples.test} examples, artifact ${(JSON.stringify(result.artifact).length / 1024).toFixed(1)} KB (budget ≤ 50 KB) ${JSON.stringify(result.artifact).length <= 50 * 1024 ? 'OK' : 'OVER'}`)
  const b = m.baselines ?? {}
  console.log(`calibration ${c.goal}: ECE ${m.ece.toFixed(3)} at ${m.evaluation.cutoff.slice(0, 10)} (budget ≤ 0.03) ${m.ece <= 0.03 ? 'OK' : 'OVER'}; same population: recency AUC ${b.recency?.toFixed(3)}, frequency AUC ${b.frequency?.toFixed(3)}`)
  console.log(`accuracy ${c.goal}: AUC ${m.auc.toFixed(3)} (GBT ${c.gbt}, recency ${c.recency}, frequency ${c.frequency}; budget ≥ ${(c.gbt - 0.01).toFixed(3)}) ${ok ? 'OK' : 'FAIL'}`)
  figures[c.goal] = { trainSeconds: seconds, auc: m.auc, ece: m.ece, evaluation: m.evaluation, gbt: c.gbt, budget: c.gbt - 0.01, ok, baselinesMeasured: m.baselines, artifactBytes: JSON.stringify(result.artifact).length, split: result.metrics.split }
}
clearInterval(timer)
await source.close()

// The generated cases of the trust issue's failure classes (trainer/src/cases), same protocol; GBT references
// from trainer/dev/reference_auc.py (HistGradientBoosting / XGBoost on the same cases)
const GENERATED = [
  { make: oneTimeOutcomeCase, gbt: 0.644 },
  { make: hourlyClickstreamCase, gbt: 0.767 },
  { make: repurchaseCase, gbt: 0.862 },
]
const generated: Record<string, unknown> = {}
for (const g of GENERATED) {
  const c = g.make()
  const memory = memorySource(c.events)
  const t0 = performance.now()
  const result = await train(memory, c.goal, { before: c.cut })
  const m = await evaluate(loadModel(result.artifact), memory, c.cut)
  const b = m.baselines ?? {}
  const best = Math.max(b.recency ?? 0, b.frequency ?? 0, g.gbt)
  console.log(`case ${c.name}: AUC ${m.auc.toFixed(3)}, ECE ${m.ece.toFixed(3)} (n ${m.evaluation.n}); recency ${b.recency?.toFixed(3)}, frequency ${b.frequency?.toFixed(3)}, GBT ${g.gbt}; ` +
    `${m.auc >= best - 0.01 ? 'within 0.01 of the best' : `${(best - m.auc).toFixed(3)} below the best`} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
  generated[c.goal.name] = { name: c.name, auc: m.auc, ece: m.ece, n: m.evaluation.n, baselines: m.baselines, gbt: g.gbt }
}
figures.generated = generated

// One draw of the tiny clickstream has ~85 positives (AUC standard error ~0.03): its row above is mostly the luck of
// the draw. The same case over six seeds, each with the best of HistGradientBoosting / XGBoost on that draw
// (`npx tsx trainer/dev/seeds.ts /tmp/s purchase-24h 11 12 13 14 15 16 && python3 trainer/dev/reference_auc.py /tmp/s`)
const CLICK_SEEDS: Array<[number, number]> = [[11, 0.767], [12, 0.784], [13, 0.754], [14, 0.717], [15, 0.728], [16, 0.725]]
const draws: Array<{ seed: number; auc: number; best: number }> = []
for (const [seed, gbt] of CLICK_SEEDS) {
  const c = hourlyClickstreamCase(seed)
  const memory = memorySource(c.events)
  const m = await evaluate(loadModel((await train(memory, c.goal, { before: c.cut })).artifact), memory, c.cut)
  draws.push({ seed, auc: m.auc, best: Math.max(gbt, m.baselines?.recency ?? 0, m.baselines?.frequency ?? 0) })
}
const meanOf = (k: 'auc' | 'best') => draws.reduce((s, d) => s + d[k], 0) / draws.length
console.log(`case tiny hourly clickstream over seeds ${CLICK_SEEDS.map(([s]) => s).join(', ')}: mean AUC ${meanOf('auc').toFixed(3)}, mean best ${meanOf('best').toFixed(3)} ` +
  `(${(meanOf('auc') - meanOf('best')).toFixed(3)}); within 0.01 of the best on ${draws.filter((d) => d.auc >= d.best - 0.01).length} of ${draws.length} draws`)
figures.clickstreamSeeds = { draws, meanAuc: meanOf('auc'), meanBest: meanOf('best') }
console.log(`trainer model peak memory: ${(peak / 2 ** 20).toFixed(0)} MB RSS (bundled data, both goals)`)
figures.peakRssMB = peak / 2 ** 20
mkdirSync(`${root}.auspex/bench`, { recursive: true })
writeFileSync(`${root}.auspex/bench/trainer-model.json`, JSON.stringify(figures, null, 2))
