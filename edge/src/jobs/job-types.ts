/**
 * The distributed engine's vocabulary: a job (one `auspex score` or example-building run) split into shards, the
 * task every shard runs, the queue message that points at one shard, and the status the CLI polls. One file, so the
 * routes, the consumer, the Durable Object and the tests speak the same protocol.
 */
import type { ShardTask } from '@auspex/shard'

/** A job's life: created (shards uploading) → running (messages sent) → done | failed; expired when its TTL ran out. */
export type JobState = 'created' | 'running' | 'done' | 'failed' | 'expired'

/** A shard's life: uploaded → queued (its message sent) → running (a consumer claimed it) → done | failed. */
export type ShardState = 'uploaded' | 'queued' | 'running' | 'done' | 'failed'

/**
 * The task every shard of a job runs: `@auspex/shard`'s task (score, or training's survey / collect / describe),
 * as plain JSON. The queues engine runs it exactly as the local engine does.
 */
export type { ShardTask } from '@auspex/shard'

/**
 * Test-only fault injection, honoured only when the Worker's `AUSPEX_JOB_FAULTS` var is `"on"` (never in production
 * config): the consumer throws on the first attempt of each shard in `failOnce` and on every attempt of `failAlways`.
 */
export interface JobFaults {
  failOnce?: number[]
  failAlways?: number[]
}

/**
 * What a job is created with (`POST /v1/jobs`): the task and the number of shards the CLI will upload — or, with
 * `shardsFrom`, the id of an earlier job whose kept shards (`keepShards`) this one runs on, so training's phases
 * upload the export once.
 */
export interface JobSpec {
  task: ShardTask
  shards: number
  faults?: JobFaults
  /** keep the shards when the job ends (until it is deleted or expires), for later jobs' `shardsFrom` */
  keepShards?: boolean
  /** run on the shards of this earlier job (which kept them); nothing is uploaded */
  shardsFrom?: string
}

/** The queue message: a pointer to one shard of one job, never its data (messages are ≤ 128 KB). */
export interface ShardMessage {
  jobId: string
  shard: number
}

/**
 * What a job's status tells a CLI that resumes gathering it (`auspex job --id`) without the task: the goals of a
 * score task (in `--model` order) and its as-of.
 */
export interface JobMeta {
  goals?: string[]
  asOf?: number
}

/** One shard as the status route reports it. */
export interface ShardStatus {
  shard: number
  state: ShardState
  /** deliveries claimed by a consumer (1 = first try) */
  attempts: number
  /** size of the uploaded shard, bytes */
  bytes: number
  /** profiles in the result (when done) */
  profiles: number | null
  /** milliseconds from the consumer's read of the shard to its result written (wall time seen by the consumer) */
  ms: number | null
  /** the result's R2 key (when done) */
  resultKey: string | null
  /** the last failure's message */
  error: string | null
}

/** `GET /v1/jobs/:id`. */
export interface JobStatus {
  id: string
  kind: ShardTask['kind']
  state: JobState
  createdAt: string
  updatedAt: string
  /** when the job and everything it stored are deleted if nobody deletes them first */
  expiresAt: string
  /** the job's error: names the shard that failed */
  error: string | null
  meta: JobMeta
  /** whether the shards outlive the job's end (deleted with the job or at its expiry) */
  keepShards: boolean
  /** the job whose shards this one runs on (null: its own uploads) */
  shardsFrom: string | null
  counts: Record<ShardState, number>
  shards: ShardStatus[]
}
