import { normalizeEvents, scoreEvents, toEpochMs, type AuspexEvent, type Model, type Prediction } from '@auspex/core'
import { isObject } from './body.ts'
import { EdgeError } from './errors.ts'

/** A validated `POST /v1/score` request. */
export interface ScoreRequest {
  goal: string
  events: AuspexEvent[]
  /** epoch milliseconds; events strictly before it count */
  at: number
}

/** The `POST /v1/score` response: core's prediction (so it cannot drift from the SDK's) and the time scored. */
export type ScoreResponse = Prediction & { at: string }

const invalid = (message: string) => new EdgeError(400, 'INVALID_REQUEST', message)

/**
 * Validates a score request body `{ goal, events, at? }` (events of one profile; `at` ISO 8601 or epoch ms,
 * default `now`). @throws {EdgeError} 400 naming the field, e.g. `events[3].timestamp: …`.
 */
export function parseScoreRequest(body: unknown, maxEvents: number, now: number): ScoreRequest {
  if (!isObject(body)) throw invalid('expected a JSON object { "goal": "purchase-30d", "events": [ … ], "at"?: ISO 8601 }')
  const unknown = Object.keys(body).filter((k) => k !== 'goal' && k !== 'events' && k !== 'at')
  if (unknown.length > 0) throw invalid(`${unknown[0]}: unknown field; expected goal, events and optionally at`)
  if (typeof body.goal !== 'string' || body.goal === '') throw invalid('goal: expected the goal name, e.g. "purchase-30d"')
  if (!Array.isArray(body.events)) throw invalid('events: expected an array of events (may be empty)')
  if (body.events.length > maxEvents) throw new EdgeError(413, 'PAYLOAD_TOO_LARGE', `events: at most ${maxEvents} events per request, got ${body.events.length}; send the most recent ones`)
  let at = now
  if (body.at !== undefined) {
    at = toEpochMs(body.at)
    if (Number.isNaN(at)) throw invalid(`at: expected an ISO 8601 timestamp or epoch milliseconds, got ${JSON.stringify(body.at)}`)
  }
  const { events, errors } = normalizeEvents(body.events, 'anonymous')
  const first = errors[0]
  if (first) {
    const message = first.field === 'event' ? `events[${first.index}]: ${first.message.replace(/^event: /, '')}` : `events[${first.index}].${first.message}`
    throw new EdgeError(400, 'INVALID_EVENT', message)
  }
  const profile = events[0]?.profileId
  const other = events.findIndex((e) => e.profileId !== profile)
  if (other >= 0) throw invalid(`events[${other}].profileId: all events of a request must belong to one profile (${JSON.stringify(profile)})`)
  return { goal: body.goal, events, at }
}

/** Scores the request's events with `model` at `at` (core's `scoreEvents`: the same path as the trainer and SDK). */
export function scoreRequest(model: Model, request: ScoreRequest): ScoreResponse {
  const p = scoreEvents(model, request.events, request.at)
  return {
    goal: p.goal,
    probability: p.probability,
    score: p.score,
    percentile: p.percentile,
    bucket: p.bucket,
    factors: p.factors,
    modelVersion: p.modelVersion,
    eligible: p.eligible,
    at: new Date(request.at).toISOString(),
  }
}
