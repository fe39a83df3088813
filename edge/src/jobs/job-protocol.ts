/**
 * The messages the Worker sends to a job's `JobRecord` Durable Object (`POST /` with one JSON op) and what each
 * answers. The object is spoken to by `fetch` like `TelemetryAggregator`, so the Worker module needs no
 * `cloudflare:workers` import and still loads in Node for the bench.
 */
import type { JobFaults, JobMeta, JobStatus, ShardTask } from './job-types.ts'

export type JobOp =
  | { op: 'create'; id: string; kind: ShardTask['kind']; shards: number; faults: JobFaults | null; ttlMs: number; meta: JobMeta
      keepShards: boolean; shardsFrom: { id: string; bytes: number[] } | null }
  | { op: 'lend'; shards: number }
  | { op: 'uploaded'; shard: number; bytes: number }
  | { op: 'start' }
  | { op: 'claim'; shard: number }
  | { op: 'attemptFailed'; shard: number; error: string }
  | { op: 'done'; shard: number; resultKey: string; profiles: number | null; ms: number }
  | { op: 'failed'; shard: number; error: string }
  | { op: 'status' }
  | { op: 'delete' }

/** What a consumer may do with a delivered message. */
export type Claim =
  | { run: true; attempt: number; faults: JobFaults | null; shardsOf: string }
  | { run: false; reason: string }

/** Answers by op (an op the job's state refuses answers `{ error }` with an HTTP status instead). */
export interface JobAnswers {
  create: JobStatus
  lend: { bytes: number[] }
  uploaded: JobStatus
  start: { status: JobStatus; enqueue: number[] }
  claim: Claim
  attemptFailed: { ok: true }
  done: { first: boolean; status: JobStatus }
  failed: { first: boolean; status: JobStatus }
  status: JobStatus
  delete: { deleted: number }
}

/** A refusal of the Durable Object, turned into an EdgeError by the Worker. */
export interface JobRefusal {
  error: { status: 404 | 409 | 400; code: string; message: string }
}
