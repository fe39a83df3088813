/**
 * train(): a pipeline of named steps, each in its own file with typed input and output —
 * survey (types and outcome before the end) → split (time, with embargoes) → sample (examples per split) →
 * fit (GAM in tfjs, early stopping) → calibrate (Platt on per-profile cut-off examples) → evaluate (test cut-off)
 * → recalibrate at the latest complete cut-off (the test's, once it has served) → describe (population, importance, artifact). The artifact is scored by core's `loadModel`.
 */
import {
  DEFAULT_MAX_EVENT_TYPES, compileGoal, createFeatureConfig, createFeatureEngine, learnEventTypes, typesNamedBy, type GoalSpec,
} from '@auspex/core'
import type { EventSource, ProgressFn, TrainResult } from '../types.ts'
import { calibrateStep, latestCalibration, requireBothClasses } from './calibrate.ts'
import { collectExamples } from './collect.ts'
import { describeStep } from './describe.ts'
import { TrainError } from './errors.ts'
import { fitStep } from './fit-step.ts'
import type { FitOptions } from './gam-tf.ts'
import { evaluateStep } from './holdout.ts'
import { DEFAULT_MAX_EXAMPLES, DEFAULT_SEED } from './sample.ts'
import { planSplits, type Holdout } from './split.ts'
import { eligibilityLine, resolveAfterOutcome } from './outcome-recurrence.ts'
import { checkOutcome, survey } from './survey.ts'
import type { RunPhase } from './phases.ts'

export interface TrainOptions {
  /** train on events before this time (epoch ms; default: all) */
  before?: number
  /** seeds the sample, the cut-off jitter and the calibration profiles (default {@link DEFAULT_SEED}) */
  seed?: number
  onProgress?: ProgressFn
  createdAt?: Date
  maxExamples?: number
  /** profiles scored at the end for the percentiles at most, about (default `DESCRIBE_POPULATION`: a seeded share beyond) */
  maxPopulation?: number
  /** optimiser settings of the fit (tests) */
  fit?: FitOptions
  /** ISO 4217 code of the events' values (e.g. "GBP"): factor labels then show money with it */
  currency?: string
  /** how the test is held out (split.ts): a later cut-off (default), or a third of the profiles for short histories */
  holdout?: Holdout
  /** a fact about the data (what is real, what is simulated), kept in the artifact's `training.dataNote` */
  dataNote?: string
  /** try pairwise interaction terms, kept only when they pay on validation (default true) */
  interactions?: boolean
  /** how the per-profile phases run on shards (default: the whole source in this thread); see src/engine/ */
  run?: RunPhase
}

const iso = (t: number) => new Date(t).toISOString()

/** Why there is nothing to train on, when the data before `end` is empty. */
function noEvents(source: EventSource, end: number, before: number | undefined): TrainError | undefined {
  const { firstTimestamp: from, lastTimestamp: to, events } = source.summary
  const why = events === 0 ? 'the export has no events'
    : from === null || to === null || from >= end ? `there are no events before ${iso(end)}` : undefined
  if (why === undefined) return undefined
  const fix = before === undefined ? '' : ' or a later --before'
  return new TrainError('TRAIN_NO_EXAMPLES', `no point-in-time example: ${why}; use more data${fix}`)
}

/** Trains a calibrated GAM (fit in tfjs, wasm backend) for `goal` on events before `options.before` (default: all). */
export async function train(source: EventSource, givenSpec: GoalSpec, options: TrainOptions = {}): Promise<TrainResult> {
  const started = Date.now()
  const given = compileGoal(givenSpec)
  const { onProgress } = options
  const seed = options.seed ?? DEFAULT_SEED
  const end = options.before ?? (source.summary.lastTimestamp ?? 0) + 1
  const empty = noEvents(source, end, options.before)
  if (empty) throw new TrainError(empty.code, `goal ${given.name}: ${empty.message}`)
  const plan = planSplits(given, source.summary.firstTimestamp!, end, options.holdout ?? 'time')
  const seen = await survey(source, given, end, options.run)
  checkOutcome(given, seen)
  // the goal trained (and recorded in the artifact, so every runtime applies it) says whether profiles that
  // already had the outcome stay eligible: the goal's word, or the data's for a one-time outcome
  const { spec: goalSpec, resolved } = resolveAfterOutcome(given.spec, seen.recurrence)
  onProgress?.({ step: eligibilityLine(resolved), done: resolved.recurrence.profiles, unit: 'profiles with the outcome' })
  const goal = compileGoal(goalSpec)
  const eventTypes = learnEventTypes(seen.typeCounts, DEFAULT_MAX_EVENT_TYPES, typesNamedBy(goalSpec))
  const config = createFeatureConfig({ eventTypes, ...(options.currency === undefined ? {} : { currency: options.currency }) })
  const engine = createFeatureEngine(goal, config)
  const maxExamples = options.maxExamples ?? DEFAULT_MAX_EXAMPLES
  const examples = await collectExamples(source, goalSpec, config, plan, { seed, maxExamples, onProgress, run: options.run })
  const all = [...examples.train, ...examples.stop]
  if (all.length === 0) {
    throw new TrainError('TRAIN_NO_EXAMPLES', `goal ${goal.name}: no point-in-time example: no snapshot between ` +
      `${iso(plan.first)} and ${iso(plan.validEnd)} has an eligible profile (active within ` +
      `${goal.spec.eligible?.activeWithin ?? 'any time'}); use more data${options.before === undefined ? '' : ' or a later --before'}`)
  }
  const positives = all.reduce((n, x) => n + x.label, 0)
  if (all.length > 0 && (positives === 0 || positives === all.length)) {
    throw new TrainError('TRAIN_ONE_CLASS', `goal ${goal.name}: all ${all.length} examples are ` +
      `${positives === 0 ? 'negative' : 'positive'}; training needs both classes — use more data, a longer window or another outcome`)
  }
  requireBothClasses(goal.name, 'train', examples.train.map((x) => x.label), 'point-in-time snapshots')
  requireBothClasses(goal.name, 'validation', examples.stop.map((x) => x.label), 'snapshots for early stopping')
  const codes = engine.spec.map((s) => s.code)
  const fit = await fitStep({ train: examples.train, stop: examples.stop, codes, fit: options.fit, interactions: options.interactions !== false, onProgress })
  const calibration = calibrateStep({ goal: goal.spec, config, gam: fit.gam, calibration: examples.calibration })
  const metrics = evaluateStep({ goal: goal.spec, config, gam: fit.gam, calibration, examples, plan })
  const latest = latestCalibration({ goal: goal.spec, config, gam: fit.gam, examples, plan })
  const training = {
    before: iso(end), seed, epochs: fit.epochs, examples: all.length, calibration: latest.evidence,
    candidates: examples.candidates, split: metrics.split, embargo: goal.spec.window, holdout: plan.holdout, eligibility: resolved,
    ...(options.dataNote ? { dataNote: options.dataNote } : {}),
    ...(fit.interactions ? { interactions: fit.interactions } : {}),
  }
  const described = await describeStep({
    source, goal, config, gam: fit.gam, calibration: latest.calibration, metrics, end, profiles: source.summary.profiles, maxPopulation: options.maxPopulation, training, createdAt: options.createdAt, seed, run: options.run,
  })
  metrics.modelVersion = described.artifact.version
  return { ...described, metrics, ingest: source.summary, seconds: (Date.now() - started) / 1000 }
}
