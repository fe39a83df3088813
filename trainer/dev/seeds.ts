/**
 * Dev only: the generated cases over several seeds (one draw of a tiny case is noisy: 82 positives give an AUC
 * standard error of ~0.03). Trains each with the bench's protocol, prints AUC/ECE, and writes each draw as CSV +
 * JSON for `reference_auc.py`, so a gap can be told from noise.
 *   npx tsx trainer/dev/seeds.ts OUT_DIR GOAL SEED…   (GOAL: purchase-24h, repurchase-14d, withdraw-30d)
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadModel } from '@auspex/core'
import { hourlyClickstreamCase, oneTimeOutcomeCase, repurchaseCase } from '../src/cases/index.ts'
import { memorySource } from '../src/model/memory-source.ts'
import { evaluate, train } from '../src/model/index.ts'

const [dir = '/tmp/auspex-seeds', goalName = 'purchase-24h', ...seeds] = process.argv.slice(2)
const make = { 'purchase-24h': hourlyClickstreamCase, 'repurchase-14d': repurchaseCase, 'withdraw-30d': oneTimeOutcomeCase }[goalName]!
const out = resolve(dir)
mkdirSync(out, { recursive: true })
const results = []
for (const seed of seeds.map(Number)) {
  const c = make(seed)
  const name = `${c.goal.name}-s${seed}`
  const rows = ['profileId,timestamp,type,value', ...c.events.map((e) => `${e.profileId},${e.timestamp},${e.type},${e.value ?? ''}`)]
  writeFileSync(join(out, `${name}.csv`), `${rows.join('\n')}\n`)
  writeFileSync(join(out, `${name}.json`), JSON.stringify({ name, goal: c.goal, cut: c.cut }, null, 2))
  const memory = memorySource(c.events)
  const fit = process.env.AUSPEX_FIT ? JSON.parse(process.env.AUSPEX_FIT) : undefined
  const result = await train(memory, c.goal, { before: c.cut, ...(fit ? { fit } : {}) })
  const m = await evaluate(loadModel(result.artifact), memory, c.cut)
  results.push({ name, auc: m.auc, ece: m.ece, n: m.evaluation.n, pos: m.positives, baselines: m.baselines, kept: result.artifact.training?.interactions })
  console.log(`${name}: AUC ${m.auc.toFixed(3)} ECE ${m.ece.toFixed(3)} n ${m.evaluation.n} pos ${m.positives} recency ${m.baselines?.recency?.toFixed(3)} frequency ${m.baselines?.frequency?.toFixed(3)}`)
}
const mean = (k: 'auc' | 'ece') => results.reduce((s, r) => s + r[k], 0) / results.length
console.log(`${goalName} mean over ${results.length} seeds: AUC ${mean('auc').toFixed(4)} ECE ${mean('ece').toFixed(4)}`)
writeFileSync(join(out, `auspex-${goalName}.results`), JSON.stringify(results, null, 2))
