/**
 * The sample step: one pass over the profiles builds the point-in-time snapshots of the train and validation
 * splits (a seeded, bounded sample), and the one-per-profile cut-off examples that calibrate (at
 * `plan.validEnd`) and test (at `plan.testAt`).
 */
import type { FeatureEngine, Goal } from '@auspex/core'
import type { EventSource, ProgressFn } from '../types.ts'
import { cutoffExample, profileExamples, type Example } from './examples.ts'
import { BottomKSample, hashPrefix, unitHashAfter } from './sample.ts'
import { roleOf, jitteredCutoffs, splitOf, type SplitPlan } from './split.ts'

/**
 * Cut-off examples (one per profile) kept at most per split, by a seeded sample of profiles: metrics and Platt's two
 * parameters are as good on 100 k profiles as on millions, and a large export no longer holds one feature vector
 * per profile twice over (400 k profiles: ~270 MB).
 */
export const MAX_CUTOFF_EXAMPLES = 100_000

export interface CollectOptions {
  seed: number
  maxExamples: number
  onProgress?: ProgressFn | undefined
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

const byTime = (a: Example, b: Example) => a.t - b.t || (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0)

/** Builds the examples of every split in one pass over `source`. */
export async function collectExamples(source: EventSource, goal: Goal, engine: FeatureEngine, plan: SplitPlan, options: CollectOptions): Promise<Collected> {
  const { seed, onProgress } = options
  const cutoffs = jitteredCutoffs(plan, seed)
  const sample = new BottomKSample<Example>(options.maxExamples)
  const calibration = new BottomKSample<Example>(MAX_CUTOFF_EXAMPLES)
  const test = new BottomKSample<Example>(MAX_CUTOFF_EXAMPLES)
  let candidates = 0
  for await (const p of source.profiles({ before: plan.end })) {
    const role = roleOf(plan, seed, p.profileId)
    const prefix = hashPrefix(`${seed}:${p.profileId}:`)
    const key = (t: number) => unitHashAfter(prefix, t)
    // features are computed only for snapshots the sample would keep: large exports cost O(kept), not O(all);
    // snapshots in an embargo, and the calibrating profiles' validation snapshots, are never built
    const keep = (t: number) => {
      const split = splitOf(plan, t)
      if (split === undefined || (split === 'validation' && role !== 'stop')) return false
      candidates++
      return sample.accepts(key(t))
    }
    const snapshots = profileExamples(p.profileId, p.events, goal, engine, { cutoffs, end: plan.validEnd + plan.windowMs, keep })
    for (const x of snapshots) sample.add(key(x.t), x)
    // a later cut-off tests every profile; the profile hold-out tests its own third at the validation cut-off
    const tests = plan.holdout === 'time' || role === 'test'
    const held = unitHashAfter(hashPrefix(`${seed}:holdout:${p.profileId}:`), 0)
    const atTest = tests && test.accepts(held) ? cutoffExample(p.profileId, p.events, goal, engine, plan.testAt) : undefined
    if (atTest) test.add(held, atTest)
    const calibrates = role === 'calibrate' && calibration.accepts(held)
    const atCalibration = calibrates ? cutoffExample(p.profileId, p.events, goal, engine, plan.validEnd) : undefined
    if (atCalibration) calibration.add(held, atCalibration)
    onProgress?.({ step: 'point-in-time examples', done: candidates, unit: 'candidates' })
  }
  const kept = sample.result().sort(byTime)
  if (kept.length < candidates) {
    const step = `sampled (seed ${seed}) from ${candidates.toLocaleString('en-US')} candidates`
    onProgress?.({ step, done: kept.length, unit: 'examples' })
  }
  return {
    train: kept.filter((x) => splitOf(plan, x.t) === 'train'),
    stop: kept.filter((x) => splitOf(plan, x.t) === 'validation'),
    calibration: calibration.result(),
    test: test.result(),
    candidates,
  }
}
