/**
 * The describe phase of training, per shard: the eligible population at the end of the data (a seeded share of it on
 * large exports, {@link populationRate}) scored by the calibrated model (its probabilities make the percentile table
 * and the score histogram; their order does not matter), and a seeded bottom-k sample of its feature rows (the
 * importance thresholds and the report's factor statistics), merged exactly like the training sample.
 */
import { loadModel, type ModelArtifact } from '@auspex/core'
import { combineSamples, KeyedSample, mergeSamples, sampleBound, type SamplePart } from './keyed.ts'
import { ShardError } from './errors.ts'
import { unitHash } from './sample.ts'
import type { ProfilesOf } from './task-types.ts'

/** Population rows kept for the importance thresholds and the factor statistics. */
export const DESCRIBE_ROWS = 20_000

/**
 * Profiles the percentile table is read from at most (about: a seeded share of every profile, see
 * {@link populationRate}). Scoring a profile at the end means replaying all its events, a third pass over a large
 * export (10 M events: ~4.7 s of a 40 s training); 100 k profiles put each percentile within ~0.2 points of the whole
 * population's (binomial standard error at the median: √(0.25 / 100 000) = 0.16 %).
 */
export const DESCRIBE_POPULATION = 100_000

/**
 * The share of profiles whose end-of-data score the percentile table is read from: all of them up to
 * {@link DESCRIBE_POPULATION}, a seeded share beyond. It depends only on the export's profile count, so the sample is
 * the same whatever the sharding.
 */
export function populationRate(profiles: number, max = DESCRIBE_POPULATION): number {
  return profiles <= max ? 1 : max / profiles
}

export interface DescribeTask {
  kind: 'describe'
  /** the calibrated model (percentiles and importance not yet known) */
  artifact: ModelArtifact
  /** the population is scored then, from events before it */
  end: number
  seed: number
  /** rows sampled at most (default {@link DESCRIBE_ROWS}) */
  maxRows?: number
  /** inclusive bound on the row keys a shard keeps (see `CollectTask.bounds`) */
  rowsBelow?: number
  /**
   * The share of profiles scored (default 1, all; see {@link populationRate}): a profile is replayed only when its
   * seeded hash is below it, so the rest cost their decoding only
   */
  populationRate?: number
}

export interface DescribePart {
  kind: 'describe'
  /** calibrated probability of every eligible profile */
  population: Float64Array
  /** the sampled rows: ids, keys and features (row i is features[i * width …]) */
  rows: { seen: number; width: number; key: Float64Array; profileId: string[]; features: Float32Array }
}

export interface Described {
  population: Float64Array
  /** the sampled rows, in sample order */
  rows: Float32Array[]
}

export async function describeShard(profiles: ProfilesOf, task: DescribeTask): Promise<DescribePart> {
  const model = loadModel(task.artifact)
  const { engine, goal } = model
  const sample = new KeyedSample<Float32Array>(task.maxRows ?? DESCRIBE_ROWS, task.rowsBelow)
  const population: number[] = []
  const rate = task.populationRate ?? 1
  if (!(typeof rate === 'number' && rate > 0 && rate <= 1)) {
    throw new ShardError('SHARD_TASK_INVALID', `describe task: populationRate ${JSON.stringify(rate)}; expected a share 0 < r ≤ 1 (omit it to score every profile)`)
  }
  for await (const p of profiles(task.end)) {
    if (rate < 1 && unitHash(`${task.seed}:population:${p.profileId}`) >= rate) continue
    const state = engine.init()
    for (const e of p.events) engine.update(state, e)
    if (!goal.isEligible(state, task.end)) continue
    const x = engine.features(state, task.end)
    population.push(model.score(x).probability)
    const key = unitHash(`${task.seed}:describe:${p.profileId}`)
    if (sample.accepts(key)) sample.add(key, p.profileId, 0, x)
  }
  // every eligible profile was offered, including those skipped for the bound
  const { seen, entries } = sample.part(population.length)
  const width = engine.spec.length
  const features = new Float32Array(entries.length * width)
  entries.forEach((e, i) => features.set(e.item, i * width))
  return {
    kind: 'describe', population: Float64Array.from(population),
    rows: { seen, width, key: Float64Array.from(entries, (e) => e.key), profileId: entries.map((e) => e.profileId), features },
  }
}

function rowSamples(parts: readonly DescribePart[]): Array<SamplePart<Float32Array>> {
  return parts.map(({ rows: r }) => ({
    seen: r.seen,
    entries: r.profileId.map((profileId, i) => ({ key: r.key[i]!, profileId, t: 0, item: r.features.subarray(i * r.width, (i + 1) * r.width) })),
  }))
}

function concatPopulation(parts: readonly DescribePart[]): Float64Array {
  const population = new Float64Array(parts.reduce((n, p) => n + p.population.length, 0))
  let at = 0
  for (const p of parts) { population.set(p.population, at); at += p.population.length }
  return population
}

export function mergeDescribe(parts: readonly DescribePart[], task: DescribeTask): Described {
  return { population: concatPopulation(parts), rows: mergeSamples(rowSamples(parts), task.maxRows ?? DESCRIBE_ROWS) }
}

/** One part that merges like all of `parts`. */
export function combineDescribe(parts: readonly DescribePart[], task: DescribeTask): DescribePart {
  const { seen, entries } = combineSamples(rowSamples(parts), task.maxRows ?? DESCRIBE_ROWS)
  const width = parts[0]?.rows.width ?? 0
  const features = new Float32Array(entries.length * width)
  entries.forEach((e, i) => features.set(e.item, i * width))
  return {
    kind: 'describe', population: concatPopulation(parts),
    rows: { seen, width, key: Float64Array.from(entries, (e) => e.key), profileId: entries.map((e) => e.profileId), features },
  }
}

/** The row bound a shard still to run may use, from the parts merged so far. */
export function describeBound(parts: readonly DescribePart[], task: DescribeTask): number | undefined {
  const keys: number[] = []
  for (const p of parts) for (const k of p.rows.key) keys.push(k)
  return sampleBound(keys, task.maxRows ?? DESCRIBE_ROWS, parts.reduce((n, p) => n + p.rows.seen, 0))
}
