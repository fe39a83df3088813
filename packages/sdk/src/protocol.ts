/**
 * The worker boundary, in one file: the options the client sends, the methods the worker exposes, the
 * shapes that cross it. The same {@link EngineApi} runs in the module worker (behind comlink) and, as the
 * fallback, on the main thread — so the client never knows which one it talks to.
 */
import type { ModelArtifact, Prediction, ScoreChange, SegmentRule } from '@auspex/core'

/** A flat attribute value (attributes are flat: no nested objects). */
export type AttributeValue = string | number | boolean | null

/** What a page passes to `track` and `load`. `timestamp` defaults to the SDK clock. */
export interface TrackEvent {
  type: string
  item?: string
  value?: number
  attributes?: Record<string, AttributeValue>
  timestamp?: number | string
}

/**
 * Why a score moved since the previous score of its goal (same model version): core's {@link ScoreChange} —
 * `logit`, `probability` and `points` (score now − before) and `terms` (each term's exact change of its
 * contribution to the logit, largest |delta| first, `Σ terms[].delta = logit`) — plus `cause`, the canonical types
 * of the events applied since (in order, each once; types the model does not know are never causes), and `since`,
 * the epoch ms of the previous score. An empty `cause` means only time moved the score.
 */
export interface ScoreChanges extends ScoreChange {
  cause: string[]
  since: number
}

/**
 * A live score: core's prediction — `probability` 0–1, `score` 0–100, `percentile` 1–100, `bucket`, the top
 * factors, `modelVersion`, `goal`, `eligible` — the same type the trainer and the edge return, and `changes`
 * when there is a previous score of the goal from the same model version. When `eligible` is false the profile
 * is outside the goal's population (e.g. no recent activity): its numbers are not a score to show or act on.
 */
export interface AuspexScore extends Prediction {
  changes?: ScoreChanges
}

/**
 * Counts of what the engine could not use, since the SDK started (or since `forget()`): `events` accepted,
 * `droppedEvents` (invalid, reported as `INVALID_EVENT`), and `unknownTypes` — per canonical type, the accepted
 * events of a type that a model in use does not know (reported once per type and model as `UNKNOWN_EVENT_TYPE`).
 */
export interface Diagnostics {
  events: number
  droppedEvents: number
  unknownTypes: Record<string, number>
}

/** What `onError` receives: a stable `code` and a message that says what to do. */
export interface ErrorInfo {
  code: string
  message: string
}

/**
 * What `identify` resolves to: the customer's id, the edge's `scoredAt` (ISO; the batch's moment), every
 * configured goal's score now (null without a model) and `merged`, the goals whose score includes the edge's
 * state (the others are scored from this device's events only, e.g. after `IDENTITY_STATE_MISMATCH`).
 */
export interface IdentifyResult {
  profileId: string
  scoredAt: string | null
  goals: Record<string, AuspexScore | null>
  merged: string[]
}

/** Options the engine needs; all structured-cloneable (the clock stays on the main thread). */
export interface EngineOptions {
  goals: string[]
  endpoint?: string
  models?: ModelArtifact[]
  profileId?: string
  consent: boolean
  revalidateEvery: number
  topFactors: number
  /** IndexedDB database name and BroadcastChannel name (default `auspex`). */
  namespace: string
  debug: boolean
  /** host rules (an array), `true` = fetch `GET {endpoint}/v1/segments`, absent/false = no segments */
  segments?: SegmentRule[] | boolean
  /** opt-in: send each day's live-score histogram and unknown-type counts to `POST {endpoint}/v1/telemetry` */
  telemetry?: boolean
}

/**
 * One segment transition of the profile: names entered and left (each non-empty list sorted), the sorted set
 * now, the edge's segments `version` (null for host rules) and each scored goal's `{ score, bucket }`.
 */
export interface SegmentChange {
  entered: string[]
  left: string[]
  segments: string[]
  version: string | null
  scores: Record<string, { score: number; bucket: AuspexScore['bucket'] }>
}

/** Events from the engine to the client. */
export interface EngineCallbacks {
  onScore(score: AuspexScore): void
  onError(error: ErrorInfo): void
  /** A segment transition (only with segment rules). */
  onSegments?(change: SegmentChange): void
}

/**
 * The engine's methods. Every method resolves (never rejects) except `init`, which rejects with an
 * {@link SdkError} when the options cannot work. `now` is the client's clock, passed with each call.
 */
export interface EngineApi {
  init(options: EngineOptions, callbacks: EngineCallbacks, now: number): Promise<EngineInfo>
  track(event: TrackEvent & { timestamp: number | string }, now: number): Promise<void>
  load(events: TrackEvent[], now: number): Promise<void>
  score(goal: string, now: number): Promise<AuspexScore | null>
  /** Fetches the known customer's state with the grant and merges it (see `engine-identity.ts`); null on failure. */
  identify(profileId: string, grant: unknown, now: number): Promise<IdentifyResult | null>
  refresh(now: number): Promise<void>
  consent(granted: boolean, now: number): Promise<void>
  forget(now: number): Promise<void>
  /** Re-scores at `now` and returns the sorted names of the segments the profile is in. */
  segments(now: number): Promise<string[]>
  /** The counts of {@link Diagnostics} (a copy). */
  diagnostics(): Promise<Diagnostics>
  destroy(): Promise<void>
}

/** What `init` reports: where data lives and which profile is in use. */
export interface EngineInfo {
  storage: 'indexeddb' | 'memory'
  profileId: string
}
