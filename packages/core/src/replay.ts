import { normalizeEvent, sortByTime, type AuspexEvent, type EventIssue } from './event.ts'
import type { FeatureEngine } from './feature-engine.ts'
import type { FeatureState } from './feature-state.ts'
import type { Model, PredictOptions, Prediction } from './model.ts'

/**
 * The point-in-time state of one profile: its events strictly before `at` (all when `at` is omitted),
 * applied in time order. Events at or after `at` can never influence it — the no-leakage rule.
 */
export function buildState(engine: FeatureEngine, events: readonly AuspexEvent[], at = Infinity): FeatureState {
  const state = engine.init()
  for (const event of sortByTime(events)) {
    if (event.timestamp >= at) break
    engine.update(state, event)
  }
  return state
}

/** Scores one profile's events at `at` (events before it only). The same path the edge and the SDK take. */
export function scoreEvents(model: Model, events: readonly AuspexEvent[], at: number, options?: PredictOptions): Prediction {
  return model.predict(buildState(model.engine, events, at), at, options)
}

export interface NormalizedBatch {
  events: AuspexEvent[]
  /** rejected inputs, with their index in the input */
  errors: Array<EventIssue & { index: number }>
}

/** Normalises many event inputs; never throws. `defaultProfileId` fills in a missing profileId. */
export function normalizeEvents(inputs: readonly unknown[], defaultProfileId?: string): NormalizedBatch {
  const events: AuspexEvent[] = []
  const errors: NormalizedBatch['errors'] = []
  inputs.forEach((input, index) => {
    const result = normalizeEvent(input, defaultProfileId === undefined ? {} : { defaultProfileId })
    if (result.ok) events.push(result.event)
    else errors.push({ ...result.error, index })
  })
  return { events, errors }
}
