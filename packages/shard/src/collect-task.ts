/**
 * The example phase of training, per shard: the point-in-time snapshots of the train and validation splits (a
 * seeded, bounded sample) and the one-per-profile cut-off examples that calibrate (at `plan.validEnd`) and test
 * (at `plan.testAt`), each with the sampler's keys, so that {@link mergeCollect} gives the same samples whatever
 * the sharding.
 */
import { compileGoal, createFeatureEngine, type FeatureConfig, type GoalSpec } from '@auspex/core'
import { combineBatches, packExamples, unpackExamples, type ExampleBatch } from './example-batch.ts'
import { cutoffExample, profileExamples, type Example } from './examples.ts'
import { KeyedSample, mergeSamples, sampleBound } from './keyed.ts'
import { hashPrefix, unitHashAfter } from './sample.ts'
import { jitteredCutoffs, roleOf, splitOf, type SplitPlan } from './split-plan.ts'
import type { ProfilesOf } from './task-types.ts'

/**
 * Cut-off examples (one per profile) kept at most per split, by a seeded sample of profiles: metrics and Platt's two
 * parameters are as good on 100 k profiles as on millions, and a large export no longer holds one feature vector
 * per profile twice over (400 k profiles: ~270 MB).
 */
export const MAX_CUTOFF_EXAMPLES = 100_000

export interface CollectTask {
  kind: 'collect'
  /** the goal as trained (afterOutcome resolved) */
  goal: GoalSpec
  config: FeatureConfig
  plan: SplitPlan
  seed: number
  maxExamples: number
  /** cut-off examples per split at most (default {@link MAX_CUTOFF_EXAMPLES}) */
  maxCutoffExamples?: number
  /**
   * Inclusive bounds on the keys a shard keeps ({@link sampleBound} of the parts merged so far): items above them
   * are not built. Exact whenever each is ≥ the largest key of the merged sample; omitted = no bound.
   * `sampleAbove`: an exclusive lower bound on the sample's keys, for a top-up (`speculation.ts`): the shard keeps
   * only keys in (sampleAbove, sample], the ones a first run with the bound `sampleAbove` skipped.
   */
  bounds?: { sample?: number; sampleAbove?: number; calibration?: number; test?: number }
}

export interface CollectPart {
  kind: 'collect'
  /** snapshots offered to the sample */
  candidates: number
  sample: ExampleBatch
  calibration: ExampleBatch
  test: ExampleBatch
}

export interface Collected {
  /** sampled snapshots with t ≤ plan.trainEnd, by time */
  train: Example[]
  /** sampled validation snapshots of the profiles that do not calibrate (early stopping), by time */
  stop: Example[]
  /** one example per eligible calibrating profile at plan.validEnd */
  calibration: Example[]
  /** one example per eligible profile at plan.testAt */
  test: Example[]
  /** snapshots offered to the sample */
  candidates: number
}

/** Builds one shard's part of every split's examples in one pass. */
export async function collectShard(profiles: ProfilesOf, task: CollectTask): Promise<CollectPart> {
  const { plan, seed } = task
  const goal = compileGoal(task.goal)
  const engine = createFeatureEngine(goal, task.config)
  const maxCutoff = task.maxCutoffExamples ?? MAX_CUTOFF_EXAMPLES
  const cutoffs = jitteredCutoffs(plan, seed)
  const bounds = task.bounds ?? {}
  const sample = new KeyedSample<Example>(task.maxExamples, bounds.sample)
  const calibration = new KeyedSample<Example>(maxCutoff, bounds.calibration)
  const test = new KeyedSample<Example>(maxCutoff, bounds.test)
  const above = bounds.sampleAbove ?? -Infinity
  let candidates = 0
  for await (const p of profiles(plan.end)) {
    const role = roleOf(plan, seed, p.profileId)
    const prefix = hashPrefix(`${seed}:${p.profileId}:`)
    const key = (t: number) => unitHashAfter(prefix, t)
    // features are computed only for snapshots the sample would keep: large exports cost O(kept), not O(all);
    // snapshots in an embargo, and the calibrating profiles' validation snapshots, are never built
    const keep = (t: number) => {
      const split = splitOf(plan, t)
      if (split === undefined || (split === 'validation' && role !== 'stop')) return false
      candidates++
      const k = key(t)
      return k > above && sample.accepts(k)
    }
    const snapshots = profileExamples(p.profileId, p.events, goal, engine, { cutoffs, end: plan.validEnd + plan.windowMs, keep })
    for (const x of snapshots) sample.add(key(x.t), x.profileId, x.t, x)
    // a later cut-off tests every profile; the profile hold-out tests its own third at the validation cut-off
    const tests = plan.holdout === 'time' || role === 'test'
    const held = unitHashAfter(hashPrefix(`${seed}:holdout:${p.profileId}:`), 0)
    const atTest = tests && test.accepts(held) ? cutoffExample(p.profileId, p.events, goal, engine, plan.testAt) : undefined
    if (atTest) test.add(held, p.profileId, atTest.t, atTest)
    const calibrates = role === 'calibrate' && calibration.accepts(held)
    const atCalibration = calibrates ? cutoffExample(p.profileId, p.events, goal, engine, plan.validEnd) : undefined
    if (atCalibration) calibration.add(held, p.profileId, atCalibration.t, atCalibration)
  }
  const width = engine.spec.length
  return {
    kind: 'collect', candidates,
    // the sample was offered every candidate, including those skipped for the bound
    sample: packExamples(sample.part(candidates), width), calibration: packExamples(calibration.part(), width), test: packExamples(test.part(), width),
  }
}

const byTime = (a: Example, b: Example) => a.t - b.t || (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0)

/** The examples one pass over every shard's profiles would have sampled. */
export function mergeCollect(parts: readonly CollectPart[], task: CollectTask): Collected {
  const maxCutoff = task.maxCutoffExamples ?? MAX_CUTOFF_EXAMPLES
  // combined packed first: only the kept examples become objects
  const merge = (pick: (p: CollectPart) => ExampleBatch, max: number) => mergeSamples([unpackExamples(combineBatches(parts.map(pick), max))], max)
  const kept = merge((p) => p.sample, task.maxExamples).sort(byTime)
  return {
    train: kept.filter((x) => splitOf(task.plan, x.t) === 'train'),
    stop: kept.filter((x) => splitOf(task.plan, x.t) === 'validation'),
    calibration: merge((p) => p.calibration, maxCutoff),
    test: merge((p) => p.test, maxCutoff),
    candidates: parts.reduce((n, p) => n + p.candidates, 0),
  }
}

/** The bounds a shard still to run may use, from the parts merged so far (see {@link CollectTask.bounds}). */
export function collectBounds(parts: readonly CollectPart[], task: CollectTask): NonNullable<CollectTask['bounds']> {
  const maxCutoff = task.maxCutoffExamples ?? MAX_CUTOFF_EXAMPLES
  const bound = (pick: (p: CollectPart) => ExampleBatch, max: number) =>
    sampleBound(concat(parts.map((p) => pick(p).key)), max, parts.reduce((n, p) => n + pick(p).seen, 0))
  // a bound the task already has (a speculative one) stays when it is tighter
  const tighter = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b))
  const given = task.bounds ?? {}
  const sample = tighter(given.sample, bound((p) => p.sample, task.maxExamples))
  const calibration = tighter(given.calibration, bound((p) => p.calibration, maxCutoff))
  const test = tighter(given.test, bound((p) => p.test, maxCutoff))
  // only finite bounds: the task stays plain JSON
  return { ...(sample === undefined ? {} : { sample }), ...(calibration === undefined ? {} : { calibration }), ...(test === undefined ? {} : { test }) }
}

function concat(arrays: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0))
  let at = 0
  for (const a of arrays) { out.set(a, at); at += a.length }
  return out
}

/** One part that merges like all of `parts` (at most the samples' sizes): see `combineSamples`. */
export function combineCollect(parts: readonly CollectPart[], task: CollectTask): CollectPart {
  const maxCutoff = task.maxCutoffExamples ?? MAX_CUTOFF_EXAMPLES
  const combine = (pick: (p: CollectPart) => ExampleBatch, max: number) => combineBatches(parts.map(pick), max)
  return {
    kind: 'collect', candidates: parts.reduce((n, p) => n + p.candidates, 0),
    sample: combine((p) => p.sample, task.maxExamples), calibration: combine((p) => p.calibration, maxCutoff), test: combine((p) => p.test, maxCutoff),
  }
}
