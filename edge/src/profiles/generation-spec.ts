import { isObject } from '../body.ts'
import { EdgeError } from '../errors.ts'
import { checkGoal, checkVersion } from '../registry.ts'
import { readRequestTime } from '../request-time.ts'
import { MAX_BUCKETS, MAX_GOALS } from './layout.ts'
import type { GenerationSpec } from './store-protocol.ts'

const FIELDS = ['buckets', 'goals', 'scoredAt', 'profiles']
const invalid = (message: string) => new EdgeError(400, 'INVALID_REQUEST', message)

/**
 * Checks `POST /v1/profiles/generations` `{ buckets, goals: { "<goal>": "<modelVersion>" }, scoredAt, profiles }`.
 * @throws {EdgeError} 400 `INVALID_REQUEST` naming the field and what is expected.
 */
export function parseGenerationSpec(body: unknown): GenerationSpec {
  if (!isObject(body)) throw invalid('expected { "buckets": N, "goals": { "<goal>": "<modelVersion>" }, "scoredAt": ISO 8601, "profiles": n }')
  const unknown = Object.keys(body).find((k) => !FIELDS.includes(k))
  if (unknown !== undefined) throw invalid(`${unknown.slice(0, 64)}: unknown field; expected ${FIELDS.join(', ')}`)
  const { buckets, goals, profiles } = body
  if (typeof buckets !== 'number' || !Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
    throw invalid(`buckets: expected an integer from 1 to ${MAX_BUCKETS} (about one bucket per 500 profiles), got ${JSON.stringify(buckets)}`)
  }
  if (!isObject(goals) || Object.keys(goals).length === 0 || Object.keys(goals).length > MAX_GOALS) {
    throw invalid(`goals: expected an object of 1–${MAX_GOALS} entries "<goal>": "<modelVersion>"`)
  }
  for (const [goal, version] of Object.entries(goals)) {
    checkGoal(goal)
    checkVersion(version, `goals.${goal}`)
  }
  if (typeof profiles !== 'number' || !Number.isInteger(profiles) || profiles < 0) throw invalid(`profiles: expected the number of profiles (an integer ≥ 0), got ${JSON.stringify(profiles)}`)
  const scoredAt = new Date(readRequestTime(body.scoredAt, 'scoredAt')).toISOString()
  return { buckets, goals: goals as Record<string, string>, scoredAt, profiles }
}
