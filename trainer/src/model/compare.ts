/**
 * Two model versions on one window: both scored at the same cut-off on the same profiles (those eligible under
 * both goals), so their metrics differ only by the models, with a paired bootstrap interval for the AUC gap.
 */
import type { Goal, Model } from '@auspex/core'
import type { EventSource, Metrics, ProgressFn } from '../types.ts'
import { pairedAucBootstrap, type AucDifferenceInterval, type BootstrapOptions } from './bootstrap.ts'
import { TrainError } from './errors.ts'
import {
  buildMetrics, inSampleWarning, isInSample, requireCompleteWindow, requireEvaluable, trainedBefore,
} from './evaluate.ts'
import { cutoffExample, type Example } from './examples.ts'

/** The metrics compared, each as B − A. */
export const COMPARED_METRICS = ['auc', 'prAuc', 'logLoss', 'brier', 'ece'] as const
export type ComparedMetric = (typeof COMPARED_METRICS)[number]

export interface ModelComparison {
  /** ISO cut-off: features from events before it */
  asOf: string
  /** ISO [from, to): the labels' events, the same for both goals */
  labelWindow: [string, string]
  /** the profiles both models are scored on */
  population: { n: number; positives: number; description: 'profiles eligible under both models\' goals at the cut-off' }
  models: [Metrics, Metrics]
  /** B − A per metric, and the paired bootstrap interval of the AUC difference */
  difference: Record<ComparedMetric, number> & { aucInterval: AucDifferenceInterval }
  /** false when a model was trained on events after the cut-off (it has seen the outcomes it is scored on) */
  comparable: boolean
  /** why not comparable; absent when comparable */
  reason?: string
}

const iso = (t: number) => new Date(t).toISOString()

/** JSON with object keys sorted, so that two equal specs give the same text whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Why two goals cannot be compared on one window — they label a profile differently (outcome, window or
 * propensity) — or undefined when their labels agree. Eligibility may differ: the comparison uses the profiles
 * eligible under both.
 */
export function goalMismatch(a: Goal, b: Goal): string | undefined {
  const differ: string[] = []
  if (canonical(a.spec.outcome) !== canonical(b.spec.outcome)) {
    differ.push(`outcome (${a.name}: ${canonical(a.spec.outcome)}; ${b.name}: ${canonical(b.spec.outcome)})`)
  }
  if (a.windowMs !== b.windowMs) differ.push(`window (${a.name}: ${a.spec.window}; ${b.name}: ${b.spec.window})`)
  if (a.propensity !== b.propensity) differ.push(`propensity (${a.name}: ${a.propensity}; ${b.name}: ${b.propensity})`)
  if (differ.length === 0) return undefined
  return `the goals differ in ${differ.join(', ')}, so the models' labels would differ; compare versions of one goal`
}

/** One example pair per profile eligible under both goals at `asOf` (each with its model's own features). */
async function pairedExamples(
  models: readonly [Model, Model], source: EventSource, asOf: number, onProgress?: ProgressFn,
): Promise<[Example[], Example[]]> {
  const [a, b] = models
  const xa: Example[] = []
  const xb: Example[] = []
  let n = 0
  for await (const p of source.profiles()) {
    onProgress?.({ step: 'evaluate', done: ++n, unit: 'profiles' })
    const ea = cutoffExample(p.profileId, p.events, a.goal, a.engine, asOf)
    const eb = ea && cutoffExample(p.profileId, p.events, b.goal, b.engine, asOf)
    if (!ea || !eb) continue
    if (ea.label !== eb.label) {
      throw new Error(`compareModels: profile ${p.profileId} is labelled ${ea.label} by ${a.goal.name} and ${eb.label} ` +
        `by ${b.goal.name}; goalMismatch should have refused these goals`)
    }
    xa.push(ea)
    xb.push(eb)
  }
  return [xa, xb]
}

/**
 * Metrics of models A and B at cut-off `asOf` on the same population: profiles eligible under both goals,
 * scored from events before `asOf`, labelled from [asOf, asOf + window).
 * @throws TrainError `EVAL_GOALS_DIFFER` when the goals label differently, and the errors of `evaluate`
 *   (`EVAL_WINDOW_PAST_DATA`, `EVAL_NO_EXAMPLES`, `EVAL_ONE_CLASS`) for the common population
 */
export async function compareModels(models: readonly [Model, Model], source: EventSource, asOf: number,
  options: { onProgress?: ProgressFn; bootstrap?: BootstrapOptions } = {}): Promise<ModelComparison> {
  const [a, b] = models
  const mismatch = goalMismatch(a.goal, b.goal)
  if (mismatch) throw new TrainError('EVAL_GOALS_DIFFER', `compare at ${iso(asOf)}: ${mismatch}`)
  requireCompleteWindow(a.goal, source, asOf)
  const [xa, xb] = await pairedExamples(models, source, asOf, options.onProgress)
  requireEvaluable(a.goal, source, xa, asOf, `both ${a.goal.name} and ${b.goal.name}`)
  const description = 'profiles eligible under both models\' goals at the cut-off' as const
  const metrics = models.map((model, i) => {
    const m = buildMetrics(model.goal.name, model, i === 0 ? xa : xb, asOf)
    m.evaluation.population = description
    const inSample = inSampleWarning(model, asOf)
    if (inSample) m.warnings.unshift(inSample)
    return m
  }) as [Metrics, Metrics]
  const [ma, mb] = metrics
  const labels = xa.map((x) => x.label)
  const pa = xa.map((x) => a.score(x.features).probability)
  const pb = xb.map((x) => b.score(x.features).probability)
  const difference = {
    ...Object.fromEntries(COMPARED_METRICS.map((k) => [k, mb[k] - ma[k]])) as Record<ComparedMetric, number>,
    aucInterval: pairedAucBootstrap(pa, pb, labels, options.bootstrap),
  }
  const inSample = models.flatMap((model, i) => isInSample(model, asOf)
    ? [`model ${i === 0 ? 'A' : 'B'} (${model.version}) was trained on events before ${iso(trainedBefore(model))}, ` +
      'after the cut-off, so it has seen the outcomes it is scored on (in-sample)']
    : [])
  return {
    asOf: iso(asOf),
    labelWindow: [iso(asOf), iso(asOf + a.goal.windowMs)],
    population: { n: xa.length, positives: ma.positives, description },
    models: metrics,
    difference,
    comparable: inSample.length === 0,
    ...(inSample.length
      ? { reason: `${inSample.join('; ')}; train both with --before ${iso(asOf)} (or earlier) to compare them out of sample` }
      : {}),
  }
}
