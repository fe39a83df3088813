/**
 * @auspex/core — the one implementation of events, goals, feature state, model format, scoring and
 * explanation that the trainer (Node), the edge (workerd) and the SDK (browser worker) all run.
 */
export { AuspexError, isAuspexError, type AuspexErrorCode } from './errors.ts'
export { DAY_MS, HOUR_MS, formatDuration, parseDuration } from './duration.ts'
export { isEpochNumber, parseIsoTimestamp, toEpochMs } from './timestamp.ts'
export {
  EVENT_LIMITS, normalizeEvent, readField, sortByTime,
  type AttributeValue, type AuspexEvent, type EventInput, type EventIssue, type EventResult, type NormalizeOptions,
} from './event.ts'
export { XDM_EVENT_TYPES, fromXdm, isXdmEvent } from './xdm.ts'
export { GA4_SOURCE_FIELDS, fromGa4, ga4Timestamp, isGa4Event } from './ga4.ts'
export { SEGMENT_SOURCE_FIELDS, fromSegmentTrack, isSegmentTrack } from './segment-track.ts'
export { MAX_SOURCE_ATTRIBUTES } from './source-attributes.ts'
export {
  CANONICAL_TYPES, GA4_EVENT_NAMES, SEGMENT_EVENT_NAMES, XDM_EVENT_NAMES, aliasesOf, canonicalType, monetarySign, roleOf,
  type CanonicalType, type EventRole,
} from './vocabulary.ts'
export {
  OPERATORS,
  type Condition, type CustomEvent, type Eligibility, type EventCondition, type GoalSpec, type HistoryCondition, type Operator, type Outcome, type Propensity,
} from './goal-types.ts'
export { MAX_HISTORY_CONDITIONS, parseGoal } from './goal-parse.ts'
export { compileCondition, compileEventCondition, type EventPredicate } from './condition.ts'
export { DEFAULT_ACTIVE_WITHIN_MS, compileGoal, outcomeConditions, typesNamedBy, type CompiledHistoryCondition, type Goal, type HasLastEvent } from './goal.ts'
export {
  DEFAULT_MAX_EVENT_TYPES, DEFAULT_WINDOWS_DAYS, FEATURE_LIMITS, createFeatureConfig, learnEventTypes, validateFeatureConfig, type FeatureConfig,
} from './feature-config.ts'
export { STATE_VERSION, windowSum, type FeatureState, type SessionState, type TypeState } from './feature-state.ts'
export { mergeState } from './merge-state.ts'
export { createFeatureEngine, type FeatureDef, type FeatureEngine, type FeatureUnit } from './feature-engine.ts'
export { fillTemplate, formatValue, typeWords, windowPhrase, type TypeWords } from './feature-labels.ts'
export {
  ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, DEFAULT_BUCKETS, DEFAULT_IMPORTANCE, PAIR_LIMITS,
  type BinnedTerm, type PairTerm, type BucketThresholds, type GamParameters, type ImportanceThresholds, type MetricsSummary, type ModelArtifact, type PlattCalibration,
} from './artifact-types.ts'
export { artifactHash, sealArtifact } from './artifact-hash.ts'
export { validateArtifact, type ValidateOptions } from './artifact-validate.ts'
export { createArtifact, type ArtifactInput } from './artifact-build.ts'
export {
  binIndex, loadModel,
  type Bucket, type Explanation, type Factor, type Importance, type Model, type PredictOptions, type Prediction, type Score, type ScoreChange, type TermChange,
} from './model.ts'
export { buildState, normalizeEvents, scoreEvents, type NormalizedBatch } from './replay.ts'
export { percentileThresholds, versionId } from './percentiles.ts'
export { canonicalJson, sha256, sha256Hex, toHex } from './hash.ts'
export { compileSegment, compileSegments, matchingSegments, type Segment } from './segment.ts'
export type { GoalCondition, PredictionLike, Range, SegmentExpression, SegmentRule } from './segment-types.ts'
export { TELEMETRY_BINS, scoreBin, utcDay, type TelemetryReport } from './telemetry.ts'
export {
  GRANT_CLOCK_SKEW_SECONDS, GRANT_DEFAULT_TTL_SECONDS, GRANT_MAX_TTL_SECONDS, GRANT_MIN_SECRET_LENGTH, hmacSha256, signGrant, verifyGrant,
  type GrantCheck, type GrantRefusal, type SignGrantOptions,
} from './grant.ts'
export {
  PROFILE_RECORD_VERSION, profileBucket, profileView,
  type ProfileGoalRecord, type ProfileGoalScore, type ProfileRecord, type ProfileView,
} from './profile-record.ts'
