import type * as ModelModule from '../model/index.ts'

/**
 * What the CLI needs from the modelling side (`src/model/index.ts`): its functions' own types, so the two cannot
 * drift apart (the hand-written copy had lost `maxExamples` from train's options).
 */
export interface ModelApi {
  train: typeof ModelModule.train
  scorePopulation: typeof ModelModule.scorePopulation
  /** Every profile eligible for at least one of `models` at `asOf`, with its predictions by goal (one pass). */
  scoreProfiles: typeof ModelModule.scoreProfiles
  evaluate: typeof ModelModule.evaluate
  /** Two models at one cut-off on the profiles eligible under both goals (`auspex evaluate --model A --model B`). */
  compareModels: typeof ModelModule.compareModels
  /** Why two goals cannot be compared (their labels differ), or undefined. */
  goalMismatch: typeof ModelModule.goalMismatch
}

/**
 * Loads `src/model/index.ts` when a command needs it: a typed dynamic import, so commands that never train
 * (publish, segments) do not load tfjs, and the type checker sees the boundary.
 */
export async function loadModelApi(): Promise<ModelApi> {
  const { train, scorePopulation, scoreProfiles, evaluate, compareModels, goalMismatch } = await import('../model/index.ts')
  return { train, scorePopulation, scoreProfiles, evaluate, compareModels, goalMismatch }
}
