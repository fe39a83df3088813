import { buildState, type AuspexEvent, type Model, type TermChange } from '@auspex/core'

/** How the score moved between `since` and `at`: core's `Model.change` of the two feature vectors. */
export interface ScoreChanges {
  /** score at `at` − score at `since` (0–100 points) */
  points: number
  /** logit at `at` − logit at `since`; equals Σ `terms[].delta` */
  logit: number
  /** probability at `at` − probability at `since` */
  probability: number
  /** terms whose contribution changed, largest |delta| first */
  terms: TermChange[]
  since: string
  at: string
}

/**
 * The change of the score from `since` (events before `since`) to `at` (events before `at`). Each side is the
 * point-in-time state core's `buildState` replays, read with `model.vector` and compared with `model.change`,
 * so `points` is exactly the difference of the two scores `POST /v1/score` answers at those times.
 */
export function scoreChanges(model: Model, events: readonly AuspexEvent[], since: number, at: number): ScoreChanges {
  const before = model.vector(buildState(model.engine, events, since), since)
  const after = model.vector(buildState(model.engine, events, at), at)
  const { points, logit, probability, terms } = model.change(before, after)
  return { points, logit, probability, terms, since: new Date(since).toISOString(), at: new Date(at).toISOString() }
}

/**
 * The request's events whose (canonical) type the model does not know, counted by type: they feed no feature, so a
 * caller learns that a name is misspelt or unmapped instead of getting a silently lower score. All events of the
 * request count, also those at or after `at`.
 */
export function unknownTypes(model: Model, events: readonly AuspexEvent[]): Record<string, number> {
  const counts = new Map<string, number>()
  for (const event of events) {
    if (!model.engine.knows(event.type)) counts.set(event.type, (counts.get(event.type) ?? 0) + 1)
  }
  // fromEntries defines own properties, so a type named "__proto__" is counted like any other
  return Object.fromEntries(counts)
}
