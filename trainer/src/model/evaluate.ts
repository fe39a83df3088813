/**
 * Metrics of a model on labelled examples, `evaluate()` at a cut-off and `scorePopulation()`.
 */
import { DAY_MS, type FeatureEngine, type FeatureState, type Goal, type Model, type Prediction } from '@auspex/core'
import type { Evaluation, EventSource, Metrics, ProgressFn } from '../types.ts'
import { cutoffExample, type Example } from './examples.ts'
import { auc, brier, calibrationTable, deciles, ece, logLoss, prAuc, rocPoints } from './metrics.ts'
import { TrainError } from './errors.ts'

const iso = (t: number) => new Date(t).toISOString()

/** AUC of a baseline score, oriented so that it is at least 0.5 (a baseline may rank the other way round). */
function baselineAuc(scores: number[], labels: number[]): number {
  const r = auc(scores, labels)
  return Math.max(r, 1 - r)
}

/**
 * AUCs of the simple baselines on the same examples: recency (−days since the last event before the cut-off) and
 * frequency (events before it). Read from the events, not from feature codes, so they outlive feature changes.
 */
export function baselineAucs(examples: readonly Example[]): Record<string, number> {
  const y = examples.map((x) => x.label)
  return {
    recency: baselineAuc(examples.map((x) => -(x.t - x.lastEvent) / DAY_MS), y),
    frequency: baselineAuc(examples.map((x) => x.events), y),
  }
}

/** ECE above which a hold-out's probabilities are called off (the trust issue's bar), on at least {@link CALIBRATION_WARN_N} examples. */
export const CALIBRATION_WARN_ECE = 0.03
/** Fewer examples than this make ECE too noisy to warn on (10 bins; the sample-size warnings cover them). */
export const CALIBRATION_WARN_N = 1000

/**
 * The warning for probabilities that are off on a hold-out (ECE over {@link CALIBRATION_WARN_ECE}), saying whether
 * they are off on average — the goal's rate moved after the windows the calibration saw, which no map fit on earlier
 * windows can follow — and what still holds: the ranking.
 */
export function calibrationWarning(p: readonly number[], y: readonly number[], e: number): string | undefined {
  if (p.length < CALIBRATION_WARN_N || !(e > CALIBRATION_WARN_ECE)) return undefined
  const mean = p.reduce((a, b) => a + b, 0) / p.length
  const rate = y.reduce((a, b) => a + b, 0) / y.length
  const how = Math.abs(mean - rate) >= e / 2
    ? `they average ${mean.toFixed(3)} where ${rate.toFixed(3)} had the outcome, so the goal's rate moved after the windows the model was calibrated on`
    : `they average ${mean.toFixed(3)} as ${rate.toFixed(3)} had the outcome, but are ${overconfident(p, y) ? 'too far from it at the extremes' : 'too close to it at the extremes'}`
  return `probabilities are off at this cut-off (ECE ${e.toFixed(3)}, above ${CALIBRATION_WARN_ECE}): ${how}; ` +
    'the ranking (AUC, percentiles, buckets) holds; retraining on newer outcomes recalibrates, and until then read scores as ranks'
}

/** Whether the highest fifth of the probabilities overshoots its rate by more than the lowest fifth does (over-confident). */
function overconfident(p: readonly number[], y: readonly number[]): boolean {
  const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]!)
  const fifth = Math.max(1, Math.floor(p.length / 5))
  const gap = (idx: readonly number[]) => idx.reduce((g, i) => g + p[i]! - y[i]!, 0) / idx.length
  return gap(order.slice(-fifth)) > gap(order.slice(0, fifth))
}

/**
 * Hold-out metrics of `model` on the examples of the cut-off `cutoff` (one per eligible profile), with warnings
 * per the data requirements and the window and population they describe.
 */
export function buildMetrics(goal: string, model: Model, examples: Example[], cutoff: number): Metrics {
  const p = examples.map((x) => model.score(x.features).probability)
  const y = examples.map((x) => x.label)
  const positives = y.reduce<number>((n, v) => n + v, 0)
  const negatives = y.length - positives
  const lift = deciles(p, y)
  const warnings: string[] = []
  if (positives < 500) warnings.push(`only ${positives} positive test examples (fewer than 500): metrics are noisy`)
  if (negatives < 500) warnings.push(`only ${negatives} negative test examples (fewer than 500): metrics are noisy`)
  const a = auc(p, y)
  if (a < 0.65) warnings.push(`test AUC ${a.toFixed(3)} is below 0.65: the model separates the classes weakly`)
  const baselines = baselineAucs(examples)
  const simplest = Math.max(baselines.recency ?? 0, baselines.frequency ?? 0)
  if (simplest > a) {
    warnings.push(`a one-number baseline beats the model on this population (recency ${(baselines.recency ?? 0).toFixed(3)}, ` +
      `frequency ${(baselines.frequency ?? 0).toFixed(3)}, model ${a.toFixed(3)}): too little data for its features, or a goal the data cannot tell`)
  }
  const e = ece(p, y)
  const off = calibrationWarning(p, y, e)
  if (off) warnings.push(off)
  const evaluation: Evaluation = {
    cutoff: iso(cutoff),
    labelWindow: [iso(cutoff), iso(cutoff + model.goal.windowMs)],
    population: 'eligible profiles at the cut-off',
    n: examples.length,
  }
  return {
    goal, modelVersion: model.version, auc: a, prAuc: prAuc(p, y), logLoss: logLoss(p, y), brier: brier(p, y),
    baseRate: y.length ? positives / y.length : 0, positives, negatives, lift,
    gains: lift.map((r) => ({ decile: r.decile, share: r.cumulativeGain })),
    calibration: calibrationTable(p, y), ece: e, evaluation, roc: rocPoints(p, y),
    split: { train: ['', ''], validation: ['', ''], test: [evaluation.cutoff, evaluation.labelWindow[1]], examples: { train: 0, validation: 0, test: examples.length } },
    baselines, warnings,
  }
}

/**
 * The hold-out protocol's examples at `asOf`: one per profile eligible then, features from its events before
 * `asOf`, labels from [asOf, asOf + window).
 */
export async function cutoffExamples(source: EventSource, goal: Goal, engine: FeatureEngine, asOf: number, onProgress?: ProgressFn): Promise<Example[]> {
  const examples: Example[] = []
  let n = 0
  for await (const p of source.profiles()) {
    const x = cutoffExample(p.profileId, p.events, goal, engine, asOf)
    if (x) examples.push(x)
    onProgress?.({ step: 'evaluate', done: ++n, unit: 'profiles' })
  }
  return examples
}

/** Scores every profile eligible at `asOf` from its events before `asOf` only. */
export async function* scorePopulation(model: Model, source: EventSource, asOf: number): AsyncIterable<{ profileId: string; prediction: Prediction }> {
  for await (const p of source.profiles({ before: asOf })) {
    const state = model.engine.init()
    for (const e of p.events) model.engine.update(state, e)
    if (!model.goal.isEligible(state, asOf)) continue
    yield { profileId: p.profileId, prediction: model.predict(state, asOf) }
  }
}

/** One scored profile: its predictions by goal, and the feature state each was computed from (as of `asOf`). */
export interface ScoredProfile {
  profileId: string
  predictions: Record<string, Prediction>
  states: Record<string, FeatureState>
}

/**
 * Scores every profile with several models in one pass over the source: for each profile eligible for at
 * least one model at `asOf`, its predictions by goal name (only the goals it is eligible for) and their states.
 */
export async function* scoreProfiles(models: readonly Model[], source: EventSource, asOf: number): AsyncIterable<ScoredProfile> {
  for await (const p of source.profiles({ before: asOf })) {
    const predictions: Record<string, Prediction> = {}
    const states: Record<string, FeatureState> = {}
    let any = false
    for (const model of models) {
      const state = model.engine.init()
      for (const e of p.events) model.engine.update(state, e)
      if (!model.goal.isEligible(state, asOf)) continue
      predictions[model.goal.name] = model.predict(state, asOf)
      states[model.goal.name] = state
      any = true
    }
    if (any) yield { profileId: p.profileId, predictions, states }
  }
}

/**
 * Refuses a cut-off whose label window runs past the data.
 * @throws TrainError `EVAL_WINDOW_PAST_DATA` naming the latest cut-off allowed
 */
export function requireCompleteWindow(goal: Goal, source: EventSource, asOf: number): void {
  const { firstTimestamp: first, lastTimestamp: last } = source.summary
  if (last !== null && asOf + goal.windowMs > last + 1) {
    const latest = last + 1 - goal.windowMs
    throw new TrainError('EVAL_WINDOW_PAST_DATA', `evaluate at ${iso(asOf)}: the ${goal.spec.window} label window ends after the last event (${iso(last)}), so labels would miss what happens after the export; ` +
      (first !== null && latest > first ? `evaluate at ${iso(latest)} or earlier` : `the data spans less than ${goal.spec.window}`))
  }
}

/**
 * Refuses examples that cannot be evaluated; `who` says who was eligible (for the message).
 * @throws TrainError `EVAL_NO_EXAMPLES` when there are none, `EVAL_ONE_CLASS` when all share one label
 */
export function requireEvaluable(goal: Goal, source: EventSource, examples: readonly Example[], asOf: number, who = goal.name): void {
  const { firstTimestamp: first, lastTimestamp: last } = source.summary
  const at = iso(asOf)
  const span = first === null || last === null ? 'the data has no events' : `the data runs from ${iso(first)} to ${iso(last)}`
  if (examples.length === 0) {
    throw new TrainError('EVAL_NO_EXAMPLES', `evaluate at ${at}: no profile is eligible then (${who} scores profiles active within ${goal.spec.eligible?.activeWithin ?? 'any time'} before it; ${span}); pick a time within the data`)
  }
  const positives = examples.reduce((k, x) => k + x.label, 0)
  if (positives === 0 || positives === examples.length) {
    throw new TrainError('EVAL_ONE_CLASS', `evaluate at ${at}: all ${examples.length} eligible profiles are ${positives === 0 ? 'negative' : 'positive'} for ${who}, so AUC and lift are undefined; pick another time or more data`)
  }
}

/** The end (exclusive, epoch ms) of the events `model` was trained on; NaN when the artifact does not say. */
export function trainedBefore(model: Model): number {
  return Date.parse(String(model.artifact.training?.before ?? ''))
}

/** True when `model` was trained on events at or after `asOf`: it has seen the outcomes scored at `asOf`. */
export function isInSample(model: Model, asOf: number): boolean {
  return asOf < trainedBefore(model)
}

/**
 * The in-sample warning for a model trained on events after `asOf` (it has seen the outcomes it is scored on),
 * or undefined when the cut-off is out of sample.
 */
export function inSampleWarning(model: Model, asOf: number): string | undefined {
  if (!isInSample(model, asOf)) return undefined
  const trainedTo = trainedBefore(model)
  return `in-sample: the model was trained on events before ${iso(trainedTo)}, which overlap this cut-off's label window, so these metrics are optimistic; for a hold-out, train with --before ${iso(asOf)} (or earlier)`
}

/**
 * Metrics of `model` at cut-off `asOf`: eligible profiles scored from events < asOf, labels from [asOf, asOf + window).
 * @throws TrainError `EVAL_WINDOW_PAST_DATA` when the label window ends after the data (the labels would be
 *   incomplete: what happens after the export is unknown, not absent), `EVAL_NO_EXAMPLES` when no profile is
 *   eligible at `asOf`, `EVAL_ONE_CLASS` when all eligible profiles share one label.
 */
export async function evaluate(model: Model, source: EventSource, asOf: number, onProgress?: ProgressFn): Promise<Metrics> {
  const goal = model.goal
  requireCompleteWindow(goal, source, asOf)
  const examples = await cutoffExamples(source, goal, model.engine, asOf, onProgress)
  requireEvaluable(goal, source, examples, asOf)
  const metrics = buildMetrics(goal.name, model, examples, asOf)
  // A model trained on events up to `before` has seen the outcomes of any earlier cut-off: say so
  const inSample = inSampleWarning(model, asOf)
  if (inSample) metrics.warnings.unshift(inSample)
  return metrics
}
