import { readFileSync } from 'node:fs'
import { compileGoal, createFeatureConfig, createFeatureEngine, learnEventTypes } from '@auspex/core'
import { afterAll, describe, expect, it } from 'vitest'
import { openEvents } from '../ingest/index.ts'
import { collectExamples } from './collect.ts'
import { designOf } from './fit-step.ts'
import { featureEdges } from './gam.ts'
import { fitGamNewton } from './gam-newton.ts'
import { fitGam } from './gam-tf.ts'
import { rowLogits, weightedLogLoss } from './objective.ts'
import { planSplits } from './split.ts'
import { survey } from './survey.ts'
import { train } from './train.ts'

const source = await openEvents([new URL('../../../data/online-retail/online_retail.csv.gz', import.meta.url).pathname], { preset: 'online-retail' })
afterAll(() => source.close())
const goalOf = (name: string) => JSON.parse(readFileSync(new URL(`../../../goals/${name}.json`, import.meta.url), 'utf8'))
/**
 * How much worse than the converged penalised optimum (Newton) the tfjs fit may be on validation. Early stopping
 * keeps a check before the optimum, which may be better or worse on validation; measured on 8 k-example samples
 * (seed 1, `trainer/dev/fit-trace.ts`): tfjs 0.53302 vs Newton 0.53388 (purchase-30d), 0.61982 vs 0.63923
 * (churn-90d): better, not worse. Was 0.01; the settled fit holds a tenth of that.
 */
const VALID_LOSS_TOLERANCE = 0.001
/**
 * The largest rise of the training log-loss from one check to the next the fit may show. Measured: 1.2e-4
 * (purchase-30d), 0 (churn-90d); without the warm-up the issue measured 0.96 → 1.21 on the withdrawal case.
 */
const LOSS_SPIKE = 1e-3

describe.each(['purchase-30d', 'churn-90d'])('bundled goal %s (Online Retail, sampled)', (name) => {
  it('the tfjs fit settles without loss spikes at the validation loss of the float64 Newton reference on the same objective', async () => {
    const goal = compileGoal(goalOf(name))
    const end = source.summary.lastTimestamp! + 1
    const plan = planSplits(goal, source.summary.firstTimestamp!, end)
    const config = createFeatureConfig({ eventTypes: learnEventTypes((await survey(source, goal, end)).typeCounts) })
    const engine = createFeatureEngine(goal, config)
    const xs = await collectExamples(source, goal.spec, config, plan, { seed: 1, maxExamples: 8000 })
    const edges = featureEdges(xs.train.map((x) => x.features), engine.spec.length)
    const dTrain = designOf(xs.train, edges)
    const dStop = designOf(xs.stop, edges)
    const trainLoss: number[] = []
    const tf = await fitGam(dTrain, dStop, dTrain, { onEpoch: (_, t) => { trainLoss.push(t) } })
    for (let k = 1; k < trainLoss.length; k++) expect(trainLoss[k]! - trainLoss[k - 1]!).toBeLessThan(LOSS_SPIKE)
    // it stopped because the rate had annealed to 0, not at the epoch budget
    expect(tf.lastRate).toBe(0)
    expect(tf.ran).toBeLessThan(400)
    const ref = fitGamNewton(dTrain, dTrain)
    const tfLoss = weightedLogLoss(dStop, rowLogits(dStop, tf.theta, tf.intercept))
    const refLoss = weightedLogLoss(dStop, rowLogits(dStop, ref.theta, ref.intercept))
    expect(tfLoss).toBeLessThan(refLoss + VALID_LOSS_TOLERANCE)
  }, 60_000)

  it('importance thresholds come from the model: every bucket has high-importance factors', async () => {
    const result = await train(source, goalOf(name), { maxExamples: 8000 })
    const { medium, high } = result.artifact.importance
    expect(0 < medium && medium < high).toBe(true)
    expect(result.artifact.training?.importanceQuantiles).toEqual({ medium: 0.75, high: 0.95 })
    for (const bucket of ['low', 'medium', 'high'] as const) expect(result.factors.byBucket[bucket].length).toBeGreaterThan(0)
    expect(result.metrics.ece).toBeGreaterThanOrEqual(0)
    expect(result.metrics.evaluation.population).toBe('eligible profiles at the cut-off')
  }, 60_000)
})
