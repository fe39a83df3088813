/**
 * The sample step: the point-in-time snapshots of the train and validation splits (a seeded, bounded sample), and
 * the one-per-profile cut-off examples that calibrate (at `plan.validEnd`) and test (at `plan.testAt`). Built per
 * shard by the shard worker (`@auspex/shard`'s collect task) and merged exactly.
 */
import type { FeatureConfig, GoalSpec } from '@auspex/core'
import type { Collected } from '@auspex/shard'
import type { EventSource, ProgressFn } from '../types.ts'
import { inProcess, runPhase, type RunPhase } from './phases.ts'
import type { SplitPlan } from './split.ts'

export { MAX_CUTOFF_EXAMPLES, type Collected } from '@auspex/shard'

export interface CollectOptions {
  seed: number
  maxExamples: number
  onProgress?: ProgressFn | undefined
  /** how the shards run (default: the whole source in this thread) */
  run?: RunPhase | undefined
}

/** Builds the examples of every split: one pass over each shard of `source`. */
export async function collectExamples(source: EventSource, goal: GoalSpec, config: FeatureConfig, plan: SplitPlan, options: CollectOptions): Promise<Collected> {
  const { seed, maxExamples, onProgress } = options
  const collected = await runPhase(options.run ?? inProcess(source), { kind: 'collect', goal, config, plan, seed, maxExamples })
  onProgress?.({ step: 'point-in-time examples', done: collected.candidates, unit: 'candidates' })
  const kept = collected.train.length + collected.stop.length
  if (kept < collected.candidates) {
    const step = `sampled (seed ${seed}) from ${collected.candidates.toLocaleString('en-US')} candidates`
    onProgress?.({ step, done: kept, unit: 'examples' })
  }
  return collected
}
