/**
 * The profile store's record: what `auspex score --publish-profiles` uploads for one profile and the edge keeps
 * (`GET /v1/profiles/:id` returns it without the feature states; `identify` gets one goal's state on a grant).
 * States are compact feature states as of `scoredAt` — never raw events.
 */
import type { FeatureState } from './feature-state.ts'
import type { Bucket, Factor } from './model.ts'

/** Version of {@link ProfileRecord}; a store refuses another with `UNSUPPORTED_FORMAT_VERSION`. */
export const PROFILE_RECORD_VERSION = 1

/** One goal's batch score of a profile, as `auspex score` computed it. */
export interface ProfileGoalScore {
  probability: number
  score: number
  percentile: number
  bucket: Bucket
  factors: Factor[]
  modelVersion: string
  /** ISO 8601: the moment scored (the run's `--as-of`); the state holds the events before it */
  scoredAt: string
}

/** What the store keeps per goal: the score and the feature state it was computed from. */
export interface ProfileGoalRecord extends ProfileGoalScore {
  state: FeatureState
}

export interface ProfileRecord {
  /** {@link PROFILE_RECORD_VERSION} */
  v: number
  profileId: string
  goals: Record<string, ProfileGoalRecord>
  /** segments the profile matched when scored, sorted */
  segments: string[]
}

/** `GET /v1/profiles/:id`: the record without its states. */
export interface ProfileView {
  profileId: string
  goals: Record<string, ProfileGoalScore>
  segments: string[]
}

/** A record's public view (drops the feature states). */
export function profileView(record: ProfileRecord): ProfileView {
  const goals: Record<string, ProfileGoalScore> = {}
  for (const [goal, { state: _state, ...score }] of Object.entries(record.goals)) goals[goal] = score
  return { profileId: record.profileId, goals, segments: record.segments }
}

/**
 * The bucket (0..buckets−1) a profile's record is stored in: FNV-1a (32-bit) of the id's UTF-16 code units,
 * modulo `buckets`. Stable: the uploader groups records and the edge finds one with the same function.
 */
export function profileBucket(profileId: string, buckets: number): number {
  let h = 0x811c9dc5 | 0
  for (let i = 0; i < profileId.length; i++) h = Math.imul(h ^ profileId.charCodeAt(i), 0x01000193)
  return (h >>> 0) % buckets
}
