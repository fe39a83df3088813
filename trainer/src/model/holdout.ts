/**
 * The evaluate step: the calibrated model's metrics on the test cut-off (one example per eligible profile at
 * `plan.testAt`, labels from [testAt, testAt + window)), with the dates and sizes of every split.
 */
import { createArtifact, loadModel, type FeatureConfig, type GamParameters, type GoalSpec, type PlattCalibration } from '@auspex/core'
import type { Metrics } from '../types.ts'
import type { Collected } from './collect.ts'
import { requireBothClasses } from './calibrate.ts'
import { buildMetrics } from './evaluate.ts'
import { shortFitWarning, type SplitPlan } from './split.ts'

export interface EvaluateInput {
  goal: GoalSpec
  config: FeatureConfig
  gam: GamParameters
  calibration: PlattCalibration
  examples: Collected
  plan: SplitPlan
}

const iso = (t: number) => new Date(t).toISOString()

/** Test metrics of the calibrated model, and where the splits lie. */
export function evaluateStep(input: EvaluateInput): Metrics {
  const { examples: xs, plan } = input
  requireBothClasses(input.goal.name, 'test', xs.test.map((x) => x.label), 'one example per eligible profile at the test cut-off')
  const model = loadModel(createArtifact({ ...input, model: input.gam, metrics: { auc: 0 }, createdAt: new Date(0) }))
  const metrics = buildMetrics(input.goal.name, model, xs.test, plan.testAt)
  if (plan.holdout === 'profiles') metrics.evaluation.population = 'a third of the eligible profiles at the cut-off (holdout: profiles)'
  const shortFit = shortFitWarning(plan, input.goal.window)
  if (shortFit) metrics.warnings.push(shortFit)
  metrics.split = {
    train: [iso(xs.train[0]?.t ?? plan.first), iso(plan.trainEnd)],
    validation: [iso(plan.validStart), iso(plan.validEnd)],
    test: [iso(plan.testAt), iso(plan.end)],
    examples: { train: xs.train.length, validation: xs.stop.length + xs.calibration.length, test: xs.test.length },
  }
  return metrics
}
