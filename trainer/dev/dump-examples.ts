/**
 * Dev only (not part of `pnpm test`): writes the examples `train()` would build for a generated case — train,
 * early-stopping, calibration and test, with every feature — as CSV, so the features can be fit by other learners
 * (`reference_auc.py --examples`) to tell a missing feature from a weak fit.
 *   npx tsx trainer/dev/dump-examples.ts /tmp/examples [case-goal-name…]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { compileGoal, createFeatureConfig, createFeatureEngine, DEFAULT_MAX_EVENT_TYPES, learnEventTypes, typesNamedBy } from '@auspex/core'
import { hourlyClickstreamCase, oneTimeOutcomeCase, repurchaseCase } from '../src/cases/index.ts'
import { collectExamples } from '../src/model/collect.ts'
import type { Example } from '../src/model/examples.ts'
import { memorySource } from '../src/model/memory-source.ts'
import { resolveAfterOutcome } from '../src/model/outcome-recurrence.ts'
import { DEFAULT_MAX_EXAMPLES, DEFAULT_SEED } from '../src/model/sample.ts'
import { planSplits } from '../src/model/split.ts'
import { survey } from '../src/model/survey.ts'

const out = resolve(process.argv[2] ?? '/tmp/auspex-examples')
const only = process.argv.slice(3)
mkdirSync(out, { recursive: true })
for (const c of [oneTimeOutcomeCase(), hourlyClickstreamCase(), repurchaseCase()]) {
  if (only.length > 0 && !only.includes(c.goal.name)) continue
  const source = memorySource(c.events)
  const given = compileGoal(c.goal)
  const plan = planSplits(given, source.summary.firstTimestamp!, c.cut, 'time')
  const seen = await survey(source, given, c.cut)
  const goal = compileGoal(resolveAfterOutcome(given.spec, seen.recurrence).spec)
  const config = createFeatureConfig({ eventTypes: learnEventTypes(seen.typeCounts, DEFAULT_MAX_EVENT_TYPES, typesNamedBy(goal.spec)) })
  const engine = createFeatureEngine(goal, config)
  const xs = await collectExamples(source, goal, engine, plan, { seed: DEFAULT_SEED, maxExamples: DEFAULT_MAX_EXAMPLES })
  const header = ['split', 'profileId', 't', 'kind', 'label', ...engine.spec.map((s) => s.code)].join(',')
  const rows = (split: string, list: readonly Example[]) => list.map((x) => [split, x.profileId, x.t, x.kind, x.label, ...Array.from(x.features, (v) => (Number.isNaN(v) ? '' : v))].join(','))
  const lines = [header, ...rows('train', xs.train), ...rows('stop', xs.stop), ...rows('calibration', xs.calibration), ...rows('test', xs.test)]
  writeFileSync(join(out, `${c.goal.name}.csv`), `${lines.join('\n')}\n`)
  console.log(`${c.goal.name}: train ${xs.train.length}, stop ${xs.stop.length}, calibration ${xs.calibration.length}, test ${xs.test.length}; ${engine.spec.length} features; plan ${JSON.stringify(Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, typeof v === 'number' && v > 1e11 ? new Date(v).toISOString() : v])))}`)
}
