import type { Env } from '../env.ts'

/**
 * Limits of the queues engine (wrangler vars override the byte and TTL ones). Workers give a consumer 128 MB of
 * memory and a bounded CPU time per invocation, and a queue message at most 128 KB, which local workerd does not
 * enforce: so shards are capped here, in code, and messages carry only `{ jobId, shard }`.
 */
export const JOB_DEFAULTS = {
  /** `POST /v1/jobs` body: the task with its model artifacts (each ≤ 1 MiB) */
  taskBytes: 8 * 1_048_576,
  /** one uploaded shard (gzip), `MAX_SHARD_BYTES` */
  shardBytes: 16 * 1_048_576,
  /** shards per job */
  shards: 10_000,
  /** models in a score task */
  models: 16,
  /** a job and its data are deleted this long after its last change unless deleted first, `JOB_TTL_SECONDS` */
  ttlSeconds: 86_400,
} as const

export interface JobLimits { taskBytes: number; shardBytes: number; shards: number; models: number; ttlMs: number }

/** The effective limits for this environment. */
export function jobLimits(env: Env): JobLimits {
  const num = (v: string | undefined, d: number) => {
    const n = Number(v)
    return v !== undefined && Number.isInteger(n) && n > 0 ? n : d
  }
  return {
    taskBytes: JOB_DEFAULTS.taskBytes,
    shardBytes: num(env.MAX_SHARD_BYTES, JOB_DEFAULTS.shardBytes),
    shards: JOB_DEFAULTS.shards,
    models: JOB_DEFAULTS.models,
    ttlMs: num(env.JOB_TTL_SECONDS, JOB_DEFAULTS.ttlSeconds) * 1000,
  }
}
