/**
 * The seam between the queue consumer and the shard worker: `runShardTask(bytes, task)` turns one uploaded shard
 * (`@auspex/shard`'s format, gzip'd) into its result — the task's part, as `encodeResult` JSON, gzip'd — exactly what
 * the local engine computes for the same shard. The consumer and the routes depend only on {@link ShardRunner}.
 */
import { encodeResult, gzip, runShard, type ShardTask } from '@auspex/shard'

export interface ShardRunResult {
  /** gzip of the part's `encodeResult` JSON */
  body: Uint8Array
  /** profiles in the result (score rows), or null for parts that are not per-profile rows */
  profiles: number | null
}

export type ShardRunner = (shard: Uint8Array, name: string, task: ShardTask) => Promise<ShardRunResult>

/**
 * Runs one shard's task. @throws ShardError (`SHARD_CORRUPT`, `UNSUPPORTED_FORMAT_VERSION`, `SHARD_TASK_INVALID`, …)
 * for a shard or task the worker cannot run; the consumer retries it, then the dead-letter queue fails the job.
 */
export const runShardTask: ShardRunner = async (shard, name, task) => {
  const part = await runShard(shard, name, task)
  const body = await gzip(new TextEncoder().encode(encodeResult(part)))
  return { body, profiles: part.kind === 'score' ? part.rows.length : null }
}
