import type { GoalSpec, Model, Prediction } from '@auspex/core'
import type { EventSource, Metrics, ProgressFn, TrainResult } from '../types.ts'
import { CliError } from './cli-error.ts'

/** What the CLI needs from the modelling side (`src/model/index.ts`, owned by trainer-model). */
export interface ModelApi {
  train(source: EventSource, goal: GoalSpec, options?: { before?: number; seed?: number; onProgress?: ProgressFn }): Promise<TrainResult>
  scorePopulation(model: Model, source: EventSource, asOf: number): AsyncIterable<{ profileId: string; prediction: Prediction }>
  /** Every profile eligible for at least one of `models` at `asOf`, with its predictions by goal (one pass). */
  scoreProfiles(models: readonly Model[], source: EventSource, asOf: number): AsyncIterable<{ profileId: string; predictions: Record<string, Prediction> }>
  evaluate(model: Model, source: EventSource, asOf: number, onProgress?: ProgressFn): Promise<Metrics>
}

/**
 * Loads `src/model/index.ts` at run time (developed separately; the variable specifier keeps the CLI
 * type-checking without it). @throws CliError TRAIN_FAILED when the module or one of its exports is missing
 */
export async function loadModelApi(): Promise<ModelApi> {
  const specifier = '../model/index.ts'
  let mod: Partial<ModelApi>
  try {
    mod = (await import(specifier)) as Partial<ModelApi>
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((cause as Error).message).includes('model/index.ts')) {
      throw new CliError('TRAIN_FAILED', 'the modelling module trainer/src/model/index.ts is missing from this checkout; reinstall or update the trainer', { cause })
    }
    throw cause
  }
  for (const name of ['train', 'scorePopulation', 'scoreProfiles', 'evaluate'] as const) {
    if (typeof mod[name] !== 'function') throw new CliError('TRAIN_FAILED', `trainer/src/model/index.ts does not export ${name}(); the CLI needs train, scorePopulation, scoreProfiles and evaluate`)
  }
  return mod as ModelApi
}
