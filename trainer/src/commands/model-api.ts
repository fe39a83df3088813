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
 * Loads the modelling side when a command needs it, through typed dynamic imports, so the type checker sees the
 * boundary. Scoring and evaluation load without `train`: its module graph holds tfjs (~0.3 s of a 1.5 s
 * `auspex score` on the bundled data), so `train` imports it on its first call. Commands that never model
 * (publish, segments) load none of it.
 */
export async function loadModelApi(): Promise<ModelApi> {
  const [{ scorePopulation, scoreProfiles, evaluate }, { compareModels, goalMismatch }] = await Promise.all([import('../model/evaluate.ts'), import('../model/compare.ts')])
  const train: ModelApi['train'] = async (...args) => (await import('../model/train.ts')).train(...args)
  return { train, scorePopulation, scoreProfiles, evaluate, compareModels, goalMismatch }
}
