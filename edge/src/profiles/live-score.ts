/**
 * `POST /v1/profiles/:id/score`: a stored profile's feature state merged (core's `mergeState`) with the state of
 * only its new events, scored live by the goal's active model. Stores nothing.
 *
 * The new events must be at or after the stored state's `scoredAt` (the state holds every event before it), so the
 * two sides are apart in time, the case where `mergeState` is exact for every feature (visits included): the answer
 * equals core's score of the union of the events.
 */
import { STATE_VERSION, buildState, isAuspexError, mergeState, type AuspexEvent, type Model, type ProfileGoalScore, type ProfileRecord } from '@auspex/core'
import { isObject } from '../body.ts'
import { EdgeError } from '../errors.ts'
import { readRequestTime } from '../request-time.ts'
import { unknownTypes } from '../score-changes.ts'
import { readEvents } from '../score.ts'

/** A checked live-score request. */
export interface LiveScoreRequest {
  events: AuspexEvent[]
  /** only this goal; all the profile's goals when absent */
  goal?: string
  /** epoch ms; events before it count */
  at: number
}

/**
 * One goal's live score: core's score fields (`modelVersion` = the active version that scored — the stored state may
 * come from an older one with the same features; `scoredAt` = the moment scored, `at`), and what the state came from.
 */
export interface LiveGoalScore extends ProfileGoalScore {
  unknownTypes: Record<string, number>
  eligible: boolean
  /** the model version that built the stored state */
  stateModelVersion: string
  /** ISO 8601: the stored state holds the events before this moment */
  stateScoredAt: string
}

export interface LiveScoreResponse {
  profileId: string
  goals: Record<string, LiveGoalScore>
}

const FIELDS = ['events', 'goal', 'at']
const invalid = (message: string) => new EdgeError(400, 'INVALID_REQUEST', message)

/** Checks `{ events, goal?, at? }`. @throws {EdgeError} 400 naming the field, 413 over `maxEvents`. */
export function parseLiveScoreRequest(body: unknown, profileId: string, maxEvents: number, now: number): LiveScoreRequest {
  if (!isObject(body)) throw invalid('expected a JSON object { "events": [ … ], "goal"?: "purchase-30d", "at"?: ISO 8601 }')
  const unknown = Object.keys(body).find((k) => !FIELDS.includes(k))
  if (unknown !== undefined) throw invalid(`${unknown.slice(0, 64)}: unknown field; expected events and optionally goal and at`)
  if (!Array.isArray(body.events)) throw invalid('events: expected an array of the profile\'s new events (may be empty)')
  if (body.events.length > maxEvents) throw new EdgeError(413, 'PAYLOAD_TOO_LARGE', `events: at most ${maxEvents} events per request, got ${body.events.length}`)
  if (body.goal !== undefined && (typeof body.goal !== 'string' || body.goal === '')) throw invalid('goal: expected a goal name, e.g. "purchase-30d"')
  const at = body.at === undefined ? now : readRequestTime(body.at, 'at')
  const events = readEvents(body.events, profileId)
  const other = events.findIndex((e) => e.profileId !== profileId)
  if (other >= 0) throw invalid(`events[${other}].profileId: expected ${JSON.stringify(profileId)}, the profile of the URL (or none)`)
  return { events, at, ...(body.goal === undefined ? {} : { goal: body.goal }) }
}

/** The stored state can be read by `model` (same state format and feature key). @throws {EdgeError} 409 `PROFILE_STATE_STALE` */
function checkFresh(goal: string, record: ProfileRecord['goals'][string], model: Model): void {
  const { state } = record
  if (state.v === STATE_VERSION && state.key === model.engine.key) return
  throw new EdgeError(409, 'PROFILE_STATE_STALE', `goal ${goal}: the stored state was built by model ${record.modelVersion} for other features than the ` +
    `active model ${model.version} reads (feature key ${state.key}, active ${model.engine.key}); re-run auspex score --publish-profiles ` +
    `with the active version to refresh the profiles`)
}

/**
 * The stored state merged with the new events' state, scored by `model`. A stored state with the model's feature key
 * whose shape core refuses (a record altered after `auspex score` wrote it) is a 409 `PROFILE_STATE_STALE` too: the
 * fix is the same, publish the profiles again.
 */
function scoreMerged(goal: string, stored: ProfileRecord['goals'][string], model: Model, request: LiveScoreRequest): ReturnType<Model['predict']> {
  try {
    const state = mergeState(stored.state, buildState(model.engine, request.events, request.at), model.artifact.features.config)
    return model.predict(state, request.at)
  } catch (error) {
    if (!isAuspexError(error)) throw error
    throw new EdgeError(409, 'PROFILE_STATE_STALE', `goal ${goal}: the stored state does not fit the features of model ${model.version} ` +
      `(${error.message}); re-run auspex score --publish-profiles with the active version to refresh the profiles`)
  }
}

/** The first event before `from` (ISO), as a 400 naming it. */
function checkNew(events: readonly AuspexEvent[], goal: string, from: number, stateScoredAt: string): void {
  const index = events.findIndex((e) => e.timestamp < from)
  if (index >= 0) {
    throw invalid(`events[${index}].timestamp: ${new Date(events[index]!.timestamp).toISOString()} is before ${stateScoredAt}, when goal ${goal}'s stored state ` +
      'was scored; it already holds that profile\'s earlier events, so send only the events at or after it')
  }
}

/**
 * Scores each requested goal of `record` live. `modelOf` gives a goal's active model.
 * @throws {EdgeError} 404 for a goal the profile has no score for, 409 `PROFILE_STATE_STALE`, 400 for events or `at` before the state's `scoredAt`.
 */
export async function liveScore(record: ProfileRecord, request: LiveScoreRequest, modelOf: (goal: string) => Promise<Model>): Promise<LiveScoreResponse> {
  const goals = request.goal === undefined ? Object.keys(record.goals).sort() : [request.goal]
  const answer: LiveScoreResponse = { profileId: record.profileId, goals: {} }
  for (const goal of goals) {
    const stored = record.goals[goal]
    if (stored === undefined) {
      throw new EdgeError(404, 'NOT_FOUND', `goal: profile ${JSON.stringify(record.profileId)} has no score for ${JSON.stringify(goal)}; its goals: ${Object.keys(record.goals).join(', ') || 'none'}`)
    }
    const model = await modelOf(goal)
    checkFresh(goal, stored, model)
    const from = Date.parse(stored.scoredAt)
    if (request.at < from) throw invalid(`at: ${new Date(request.at).toISOString()} is before ${stored.scoredAt}, when goal ${goal}'s stored state was scored`)
    checkNew(request.events, goal, from, stored.scoredAt)
    const p = scoreMerged(goal, stored, model, request)
    answer.goals[goal] = {
      probability: p.probability, score: p.score, percentile: p.percentile, bucket: p.bucket, factors: p.factors, modelVersion: model.version,
      scoredAt: new Date(request.at).toISOString(), unknownTypes: unknownTypes(model, request.events), eligible: p.eligible,
      stateModelVersion: stored.modelVersion, stateScoredAt: stored.scoredAt,
    }
  }
  return answer
}
