/**
 * Where a job keeps its data in the `JOBS` R2 bucket: everything under `jobs/<id>/`, so one prefix listing finds
 * (and deletes) all of it. Shards hold raw events and are deleted as soon as the job ends; results and the task go
 * when the CLI deletes the job or its TTL runs out.
 */

/** The prefix of everything a job stores. */
export const jobPrefix = (id: string): string => `jobs/${id}/`

/** The task (models, as-of, …) as JSON: too large for a queue message or a Durable Object row, so it lives in R2. */
export const taskKey = (id: string): string => `${jobPrefix(id)}task.json`

/** The prefix of a job's uploaded shards. */
export const shardPrefix = (id: string): string => `${jobPrefix(id)}shards/`

/** One uploaded shard (the shard worker's bytes, as the CLI sent them). */
export const shardKey = (id: string, shard: number): string => `${shardPrefix(id)}${shard}`

/**
 * One shard's result. Deterministic per shard, so a retried or duplicated message overwrites the same object with the
 * same content instead of adding a second copy of its profiles.
 */
export const resultKey = (id: string, shard: number): string => `${jobPrefix(id)}results/${shard}`

/** Job ids are random UUIDs (crypto.randomUUID); anything else in a URL is refused before a Durable Object is touched. */
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Deletes every object under `prefix` (R2 deletes at most 1000 keys a call). */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0
  let cursor: string | undefined
  do {
    const page = await bucket.list({ prefix, limit: 1000, ...(cursor ? { cursor } : {}) })
    const keys = page.objects.map((o) => o.key)
    if (keys.length > 0) await bucket.delete(keys)
    deleted += keys.length
    cursor = page.truncated ? page.cursor : undefined
  } while (cursor)
  return deleted
}
