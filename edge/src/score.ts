import { normalizeEvents, scoreEvents, type AuspexEvent, type Model, type Prediction } from '@auspex/core'
import { isObject } from './body.ts'
import { EdgeError } from './errors.ts'
import { readRequestTime } from './request-time.ts'
import { scoreChanges, unknownTypes, type ScoreChanges } from './score-changes.ts'

/** A validated `POST /v1/score` request. */
export interface ScoreRequest {
  goal: string
  events: AuspexEvent[]
  /** epoch milliseconds; events strictly before it count */
  at: number
  /** epoch milliseconds, before `at`: when given, the response says how the score changed from `since` to `at` */
  since?: number
}

/**
 * The `POST /v1/score` response: core's prediction (so it cannot drift from the SDK's), the time scored, the
 * event types of the request the model does not know, and with `since` the change since then.
 */
export type ScoreResponse = Prediction & {
  at: string
  /** canonical event type → number of the request's events of that type the model does not know (they feed no feature) */
  unknownTypes: Record<string, number>
  changes?: ScoreChanges
}

const FIELDS = ['goal', 'events', 'at', 'since']
const invalid = (message: string) => new EdgeError(400, 'INVALID_REQUEST', message)

/**
 * Validates a score request body `{ goal, events, at?, since? }` (events of one profile; `at` and `since` ISO 8601
 * or epoch ms within 1990–2200, `since` < `at`, `at` defaults to `now`).
 * @throws {EdgeError} 400 naming the field, e.g. `events[3].timestamp: …` or `since: …`.
 */
export function parseScoreRequest(body: unknown, maxEvents: number, now: number): ScoreRequest {
  if (!isObject(body)) throw invalid('expected a JSON object { "goal": "purchase-30d", "events": [ … ], "at"?: ISO 8601, "since"?: ISO 8601 }')
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k))
  if (unknown.length > 0) throw invalid(`${unknown[0]!.slice(0, 64)}: unknown field; expected goal, events and optionally at and since`)
  if (typeof body.goal !== 'string' || body.goal === '') throw invalid('goal: expected the goal name, e.g. "purchase-30d"')
  if (!Array.isArray(body.events)) throw invalid('events: expected an array of events (may be empty)')
  if (body.events.length > maxEvents) throw new EdgeError(413, 'PAYLOAD_TOO_LARGE', `events: at most ${maxEvents} events per request, got ${body.events.length}; send the most recent ones`)
  const at = body.at === undefined ? now : readRequestTime(body.at, 'at')
  const since = body.since === undefined ? undefined : readRequestTime(body.since, 'since')
  if (since !== undefined && since >= at) {
    throw invalid(`since: must be before at (${new Date(at).toISOString()}), got ${new Date(since).toISOString()}`)
  }
  const events = readEvents(body.events, 'anonymous')
  const profile = events[0]?.profileId
  const other = events.findIndex((e) => e.profileId !== profile)
  if (other >= 0) throw invalid(`events[${other}].profileId: all events of a request must belong to one profile (${JSON.stringify(profile)})`)
  return { goal: body.goal, events, at, ...(since === undefined ? {} : { since }) }
}

/**
 * Normalises a request's `events` with core (`defaultProfileId` fills a missing profileId).
 * @throws {EdgeError} 400 `INVALID_EVENT` naming the first bad one, e.g. `events[3].timestamp: …`.
 */
export function readEvents(inputs: readonly unknown[], defaultProfileId: string): AuspexEvent[] {
  const { events, errors } = normalizeEvents(inputs, defaultProfileId)
  const first = errors[0]
  if (first) {
    const message = first.field === 'event' ? `events[${first.index}]: ${first.message.replace(/^event: /, '')}` : `events[${first.index}].${first.message}`
    throw new EdgeError(400, 'INVALID_EVENT', message)
  }
  return events
}

/** Scores the request's events with `model` at `at` (core's `scoreEvents`: the same path as the trainer and SDK). */
export function scoreRequest(model: Model, request: ScoreRequest): ScoreResponse {
  const p = scoreEvents(model, request.events, request.at)
  const response: ScoreResponse = {
    goal: p.goal,
    probability: p.probability,
    score: p.score,
    percentile: p.percentile,
    bucket: p.bucket,
    factors: p.factors,
    modelVersion: p.modelVersion,
    eligible: p.eligible,
    at: new Date(request.at).toISOString(),
    unknownTypes: unknownTypes(model, request.events),
  }
  if (request.since !== undefined) response.changes = scoreChanges(model, request.events, request.since, request.at)
  return response
}
