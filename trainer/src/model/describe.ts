/**
 * The describe step: the eligible population at the end of the data, scored by the calibrated model shard by
 * shard, gives the percentile table; a seeded sample of its rows (`DESCRIBE_ROWS`, the same whatever the sharding)
 * gives the importance thresholds and the factor statistics; then the sealed artifact.
 */
import { createArtifact, loadModel, type FeatureConfig, type GamParameters, type Goal, type ImportanceThresholds, type Model, type ModelArtifact, type PlattCalibration } from '@auspex/core'
import { populationRate } from '@auspex/shard'
import type { EventSource, FactorStats, Metrics } from '../types.ts'
import { factorStats } from './factors.ts'
import { inProcess, runPhase, type RunPhase } from './phases.ts'

/**
 * Importance thresholds are quantiles of the nonzero |contribution| (calibrated logit units) of all terms over
 * the population rows: medium from the 75th, high from the 95th percentile. Fixed logit thresholds (0.2 / 0.5)
 * meant nothing on a model whose terms are all small ("high importance for 0 %"); quantiles of the model's own
 * contributions always single out its larger ones.
 */
export const IMPORTANCE_QUANTILES = { medium: 0.75, high: 0.95 } as const
/** Rows the importance quantiles read at most (every k-th row beyond); training passes a sample of `DESCRIBE_ROWS`. */
const IMPORTANCE_ROWS = 20_000

/** The {@link IMPORTANCE_QUANTILES} of the nonzero |contribution| of `model`'s terms over `rows`. */
export function importanceThresholds(model: Model, rows: readonly Float32Array[]): ImportanceThresholds {
  const step = Math.max(1, Math.ceil(rows.length / IMPORTANCE_ROWS))
  const values: number[] = []
  const out = new Float64Array(model.termCodes.length)
  for (let r = 0; r < rows.length; r += step) {
    model.contributions(rows[r]!, out)
    for (const c of out) if (c !== 0) values.push(Math.abs(c))
  }
  if (values.length === 0) return { ...model.artifact.importance }
  const sorted = Float64Array.from(values).sort()
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toPrecision(4))
  return { medium: at(IMPORTANCE_QUANTILES.medium), high: at(IMPORTANCE_QUANTILES.high) }
}

export interface DescribeInput {
  source: EventSource
  goal: Goal
  config: FeatureConfig
  gam: GamParameters
  calibration: PlattCalibration
  metrics: Metrics
  /** end of the training data (exclusive): the population is scored then */
  end: number
  /** profiles in the data: beyond `DESCRIBE_POPULATION`, a seeded share of them is scored ({@link populationRate}) */
  profiles: number
  /** profiles scored at most, about (default `DESCRIBE_POPULATION`) */
  maxPopulation?: number | undefined
  /** free-form facts for the artifact's `training` */
  training: Record<string, unknown>
  createdAt?: Date | undefined
  seed: number
  /** how the shards run (default: the whole source in this thread) */
  run?: RunPhase | undefined
}

export interface DescribeOutput {
  artifact: ModelArtifact
  factors: FactorStats
  /** 20 bins of 5 score points: eligible profiles per bin (estimated from the sample when `populationShare` < 1) */
  scoreHistogram: number[]
  /** the share of profiles scored for the percentiles and the histogram (1: all) */
  populationShare: number
}

/** Scores the population at `end` (a seeded share of it on large exports) and seals the artifact. */
export async function describeStep(input: DescribeInput): Promise<DescribeOutput> {
  const { goal, end, metrics } = input
  const base = { goal: goal.spec, config: input.config, model: input.gam, calibration: input.calibration }
  const draft = createArtifact({ ...base, metrics: { auc: 0 }, createdAt: new Date(0) })
  const run = input.run ?? inProcess(input.source)
  const rate = populationRate(input.profiles, input.maxPopulation)
  const { population, rows } = await runPhase(run, { kind: 'describe', artifact: draft, end, seed: input.seed, ...(rate < 1 ? { populationRate: rate } : {}) })
  const importance = importanceThresholds(loadModel(draft), rows)
  const summary = {
    auc: metrics.auc, prAuc: metrics.prAuc, logLoss: metrics.logLoss, brier: metrics.brier,
    baseRate: metrics.baseRate, positives: metrics.positives, negatives: metrics.negatives,
  }
  const training = {
    ...input.training, ece: metrics.ece, evaluation: metrics.evaluation, importanceQuantiles: IMPORTANCE_QUANTILES,
    ...(rate < 1 ? { percentilesFrom: { profiles: population.length, share: Number(rate.toPrecision(6)), note: 'eligible profiles of a seeded share of the population' } } : {}),
  }
  const artifact = createArtifact({
    ...base, population, importance, metrics: summary, training,
    ...(input.createdAt ? { createdAt: input.createdAt } : {}),
  })
  const hist = new Array<number>(20).fill(0)
  for (const p of population) hist[Math.min(19, Math.floor(p * 20))]! += 1
  const scoreHistogram = rate < 1 ? hist.map((n) => Math.round(n / rate)) : hist
  return { artifact, factors: factorStats(loadModel(artifact), rows), scoreHistogram, populationShare: rate }
}
