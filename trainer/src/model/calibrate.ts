/**
 * The calibrate step: Platt scaling (a·logit + b, monotone in the logit, folded into the artifact) fit on the
 * calibration part of the validation split: one example per eligible profile at a cut-off, the population the
 * model scores, not the snapshots it was fit on. Early stopping uses the other profiles of the validation split,
 * so no example serves both.
 */
import { createArtifact, loadModel, type FeatureConfig, type GamParameters, type GoalSpec, type PlattCalibration } from '@auspex/core'
import type { Example } from './examples.ts'
import { fitPlatt } from './gam.ts'
import { TrainError } from './errors.ts'

/**
 * Fewest examples of each class a split needs: below it Platt's slope and offset, and AUC, are noise (with one
 * class Platt diverges: a one-class validation split once gave a = 0.097, b = −31.2).
 */
export const MIN_CLASS_EXAMPLES = 20

/**
 * @throws TrainError `TRAIN_SPLIT_TOO_SMALL` naming the split, its class counts and the fix
 */
export function requireBothClasses(goal: string, split: string, labels: readonly number[], what: string): void {
  const positives = labels.reduce((n, y) => n + y, 0)
  const negatives = labels.length - positives
  if (positives >= MIN_CLASS_EXAMPLES && negatives >= MIN_CLASS_EXAMPLES) return
  throw new TrainError('TRAIN_SPLIT_TOO_SMALL', `goal ${goal}: the ${split} split (${what}) has ${positives} positive and ` +
    `${negatives} negative examples; it needs at least ${MIN_CLASS_EXAMPLES} of each — use more profiles or history, ` +
    'a later --before, or a goal whose outcome is neither rarer nor more common')
}

export interface CalibrateInput {
  goal: GoalSpec
  config: FeatureConfig
  gam: GamParameters
  calibration: readonly Example[]
}

/** Platt scaling of the uncalibrated GAM on the calibration examples. */
export function calibrateStep(input: CalibrateInput): PlattCalibration {
  const labels = input.calibration.map((x) => x.label)
  requireBothClasses(input.goal.name, 'calibration', labels, 'one example per eligible profile at the validation cut-off')
  const raw = loadModel(createArtifact({ goal: input.goal, config: input.config, model: input.gam, metrics: { auc: 0 }, createdAt: new Date(0) }))
  return { kind: 'platt', ...fitPlatt(input.calibration.map((x) => raw.logit(x.features)), labels) }
}
