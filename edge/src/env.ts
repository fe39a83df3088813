/** The Worker's bindings (see wrangler.jsonc). Numeric limits arrive as strings (wrangler vars). */
export interface Env {
  /** R2 bucket: immutable model artifacts (`models/<goal>/<version>.json`) and segment sets (`segments/<version>.json`). */
  MODELS: R2Bucket
  /** KV namespace: active pointers (`active/<goal>`, `segments/active`). */
  REGISTRY: KVNamespace
  /** Secret bearer token for writes (`wrangler secret put AUSPEX_TOKEN`). */
  AUSPEX_TOKEN?: string
  /**
   * Workers rate-limiting binding for `POST /v1/score` (`ratelimits` in wrangler.jsonc), keyed per client. Absent in
   * an older config: scoring is then not rate limited, and the Worker logs a warning once per isolate.
   */
  SCORE_LIMITER?: RateLimit
  /** Rate-limiting binding for `POST /v1/telemetry`, keyed like `SCORE_LIMITER`; absent = not limited (one warning). */
  TELEMETRY_LIMITER?: RateLimit
  /** Durable Object namespace of `TelemetryAggregator` (src/telemetry-aggregator.ts): one instance per goal holds its live score histograms. */
  TELEMETRY: DurableObjectNamespace
  /** R2 bucket: the profile store's records, one object per (generation, bucket): `profiles/<generation>/<bucket>`. */
  PROFILES: R2Bucket
  /** Durable Object namespace of `ProfileStore` (src/profiles/store-object.ts): one instance coordinates every profile write. */
  PROFILE_STORE: DurableObjectNamespace
  /** Secret bearer token of the profile routes (`GET`/`POST …/score`/`DELETE /v1/profiles/:id`), distinct from `AUSPEX_TOKEN`. */
  AUSPEX_PROFILE_TOKEN?: string
  /** Secret that signs profile grants (`POST /v1/profiles/:id/state`); unset = grants disabled (503). */
  AUSPEX_GRANT_SECRET?: string
  /** The previous grant secret, accepted too while keys rotate. */
  AUSPEX_GRANT_SECRET_PREVIOUS?: string
  /** Comma-separated allowed browser origins for reads and `POST /v1/score`; `*` (default) allows any. */
  ALLOWED_ORIGINS?: string
  MAX_ARTIFACT_BYTES?: string
  MAX_SCORE_BYTES?: string
  MAX_SCORE_EVENTS?: string
  /** Body limit of one profile bucket PUT, bytes (default 8 MiB). */
  MAX_PROFILE_BUCKET_BYTES?: string
  /** R2 bucket of the queues engine: `jobs/<id>/` (task, shards, results), deleted when a job ends or expires. */
  JOBS: R2Bucket
  /** Durable Object namespace of `JobRecord` (src/jobs/job-record.ts): one instance per job tracks its shards. */
  JOB_RECORD: DurableObjectNamespace
  /** Queue producer of the shard queue (`auspex-shards`): one `{ jobId, shard }` message per shard. */
  SHARD_QUEUE: Queue<import('./jobs/job-types.ts').ShardMessage>
  /** Test-only: `"on"` lets `POST /v1/jobs` carry `faults` (a consumer that throws); never set it in production. */
  AUSPEX_JOB_FAULTS?: string
  /** Largest uploaded shard in bytes (default 16 MiB). */
  MAX_SHARD_BYTES?: string
  /** Seconds after a job's last change when it and its data are deleted (default 86400). */
  JOB_TTL_SECONDS?: string
}

/** Hono's environment type for this app. */
export interface AppEnv {
  Bindings: Env
}

/** Default limits, used when a var is unset or invalid. */
export const DEFAULT_LIMITS = {
  artifactBytes: 1_048_576,
  scoreBytes: 262_144,
  scoreEvents: 1000,
  activateBytes: 4096,
  segmentBytes: 65_536,
  segmentRules: 200,
  profileBucketBytes: 8_388_608,
  profileBucketRecords: 5000,
} as const

/** The effective limits for this request's environment. */
export function limits(env: Env): { [K in keyof typeof DEFAULT_LIMITS]: number } {
  const num = (v: string | undefined, d: number) => {
    const n = Number(v)
    return v !== undefined && Number.isInteger(n) && n > 0 ? n : d
  }
  return {
    ...DEFAULT_LIMITS,
    artifactBytes: num(env.MAX_ARTIFACT_BYTES, DEFAULT_LIMITS.artifactBytes),
    scoreBytes: num(env.MAX_SCORE_BYTES, DEFAULT_LIMITS.scoreBytes),
    scoreEvents: num(env.MAX_SCORE_EVENTS, DEFAULT_LIMITS.scoreEvents),
    profileBucketBytes: num(env.MAX_PROFILE_BUCKET_BYTES, DEFAULT_LIMITS.profileBucketBytes),
  }
}
