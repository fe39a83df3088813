/**
 * Dev tool: the tfjs fit's path on the bundled goals (8 k-example samples, seed 1, as `bundled.test.ts`) against the
 * float64 Newton optimum of the same objective: every check's train and validation log-loss, the kept epoch, the
 * largest rise of the train loss after warm-up, and the validation-loss gap to Newton.
 * Run from the repo root: `npx tsx trainer/dev/fit-trace.ts [purchase-30d churn-90d]`.
 */
import { readFileSync } from 'node:fs'
import { compileGoal, createFeatureConfig, createFeatureEngine, learnEventTypes } from '@auspex/core'
import { openEvents } from '../src/ingest/index.ts'
import { collectExamples } from '../src/model/collect.ts'
import { designOf } from '../src/model/fit-step.ts'
import { featureEdges } from '../src/model/gam.ts'
import { fitGamNewton } from '../src/model/gam-newton.ts'
import { fitGam } from '../src/model/gam-tf.ts'
import { WARMUP_EPOCHS } from '../src/model/fit-schedule.ts'
import { rowLogits, weightedLogLoss } from '../src/model/objective.ts'
import { planSplits } from '../src/model/split.ts'
import { survey } from '../src/model/survey.ts'

const root = new URL('../../', import.meta.url).pathname
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['purchase-30d', 'churn-90d']
const source = await openEvents([`${root}data/online-retail/online_retail.csv.gz`], { preset: 'online-retail' })
for (const name of names) {
  const goal = compileGoal(JSON.parse(readFileSync(`${root}goals/${name}.json`, 'utf8')))
  const end = source.summary.lastTimestamp! + 1
  const plan = planSplits(goal, source.summary.firstTimestamp!, end)
  const engine = createFeatureEngine(goal, createFeatureConfig({ eventTypes: learnEventTypes((await survey(source, goal, end)).typeCounts) }))
  const xs = await collectExamples(source, goal, engine, plan, { seed: 1, maxExamples: 8000 })
  const edges = featureEdges(xs.train.map((x) => x.features), engine.spec.length)
  const dTrain = designOf(xs.train, edges)
  const dStop = designOf(xs.stop, edges)
  const path: Array<[number, number, number]> = []
  const fit = await fitGam(dTrain, dStop, dTrain, { onEpoch: (e, t, v) => { path.push([e, t, v]) } })
  const ref = fitGamNewton(dTrain, dTrain)
  const tfLoss = weightedLogLoss(dStop, rowLogits(dStop, fit.theta, fit.intercept))
  const refLoss = weightedLogLoss(dStop, rowLogits(dStop, ref.theta, ref.intercept))
  let rise = 0
  for (let k = 1; k < path.length; k++) if (path[k - 1]![0] > WARMUP_EPOCHS) rise = Math.max(rise, path[k]![1] - path[k - 1]![1])
  let swing = 0
  const tail = path.slice(-4)
  for (let k = 1; k < tail.length; k++) swing = Math.max(swing, Math.abs(tail[k]![2] - tail[k - 1]![2]))
  console.log(`${name}: ${path.map(([e, t, v]) => `${e}:${t.toFixed(4)}/${v.toFixed(4)}`).join(' ')}`)
  console.log(`${name}: kept epoch ${fit.epochs} of ${path.at(-1)![0]}; valid tfjs ${tfLoss.toFixed(5)} Newton ${refLoss.toFixed(5)} ` +
    `(gap ${(tfLoss - refLoss).toFixed(5)}); last rate ${fit.lastRate.toExponential(1)}; largest train-loss rise after warm-up ${rise.toExponential(2)}; last checks' valid swing ${swing.toExponential(2)}`)
}
await source.close()
