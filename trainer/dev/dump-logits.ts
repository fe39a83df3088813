/**
 * Dev only: trains a case's GAM (the pipeline of train() up to calibration) and writes the raw logit of every
 * cut-off example — training and validation cut-off snapshots, calibration, internal test, and the evaluation
 * cut-off — with its time and label, so calibration choices can be compared offline.
 *   npx tsx trainer/dev/dump-logits.ts OUT.csv CASE [CUT-OFF ISO]   (CASE: purchase-30d, churn-90d or a generated goal name)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { compileGoal, createArtifact, createFeatureConfig, createFeatureEngine, DEFAULT_MAX_EVENT_TYPES, learnEventTypes, loadModel, typesNamedBy, type GoalSpec } from '@auspex/core'
import { hourlyClickstreamCase, oneTimeOutcomeCase, repurchaseCase } from '../src/cases/index.ts'
import { openEvents } from '../src/ingest/index.ts'
import { collectExamples } from '../src/model/collect.ts'
import { cutoffExamples } from '../src/model/evaluate.ts'
import { fitStep } from '../src/model/fit-step.ts'
import { memorySource } from '../src/model/memory-source.ts'
import { resolveAfterOutcome } from '../src/model/outcome-recurrence.ts'
import { DEFAULT_MAX_EXAMPLES, DEFAULT_SEED } from '../src/model/sample.ts'
import { planSplits, type Holdout } from '../src/model/split.ts'
import { survey } from '../src/model/survey.ts'
import type { EventSource } from '../src/types.ts'

const [outFile = '/tmp/logits.csv', name = 'purchase-30d', at] = process.argv.slice(2)
const root = new URL('../../', import.meta.url).pathname
let source: EventSource, spec: GoalSpec, cut: number, holdout: Holdout = 'time'
if (name === 'purchase-30d' || name === 'churn-90d') {
  source = await openEvents([`${root}data/online-retail/online_retail.csv.gz`], { preset: 'online-retail' })
  spec = JSON.parse(readFileSync(`${root}goals/${name}.json`, 'utf8'))
  cut = at ? Date.parse(at) : Date.UTC(2011, 8, 1)
  if (name === 'churn-90d') holdout = 'profiles'
} else {
  const c = [oneTimeOutcomeCase(), hourlyClickstreamCase(), repurchaseCase()].find((x) => x.goal.name === name)!
  source = memorySource(c.events); spec = c.goal; cut = at ? Date.parse(at) : c.cut
}
const given = compileGoal(spec)
const plan = planSplits(given, source.summary.firstTimestamp!, cut, holdout)
const seen = await survey(source, given, cut)
const goal = compileGoal(resolveAfterOutcome(given.spec, seen.recurrence).spec)
const config = createFeatureConfig({ eventTypes: learnEventTypes(seen.typeCounts, DEFAULT_MAX_EVENT_TYPES, typesNamedBy(goal.spec)) })
const engine = createFeatureEngine(goal, config)
const xs = await collectExamples(source, goal.spec, config, plan, { seed: DEFAULT_SEED, maxExamples: DEFAULT_MAX_EXAMPLES })
const fit = await fitStep({ train: xs.train, stop: xs.stop, codes: engine.spec.map((s) => s.code) })
const raw = loadModel(createArtifact({ goal: goal.spec, config, model: fit.gam, metrics: { auc: 0 }, createdAt: new Date(0) }))
const evalXs = await cutoffExamples(source, goal, engine, cut)
const lines = ['set,t,kind,label,z,profileId']
const put = (set: string, list: typeof xs.train) => { for (const x of list) lines.push(`${set},${x.t},${x.kind},${x.label},${raw.logit(x.features)},${x.profileId}`) }
put('train', xs.train); put('stop', xs.stop); put('calibration', xs.calibration); put('test', xs.test); put('eval', evalXs)
writeFileSync(outFile, `${lines.join('\n')}\n`)
console.log(JSON.stringify({ name, plan: Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, typeof v === 'number' && v > 1e11 ? new Date(v).toISOString() : v])), interactions: fit.interactions, epochs: fit.epochs }))
await source.close()
