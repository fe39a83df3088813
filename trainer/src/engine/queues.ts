/**
 * The Cloudflare Queues engine (issue 18, item 4): shards uploaded to R2 through the edge's `/v1/jobs` routes (once
 * per command: later jobs on the same shards name the first with `shardsFrom`), one
 * queue message per shard, consumer Workers run `@auspex/shard`'s `runShard` and write each part to R2
 * (`encodeResult`), the CLI gathers the parts in shard order and deletes the job. Same parts as the local engine for
 * the same shards, so the same scores, rows and artifacts (edge/test-node/queues-engine.test.ts).
 */
import type { ShardTask } from '@auspex/shard'
import type { CliIo } from '../commands/io.ts'
import { jobPart, queuesClient, submitJob, waitForJob } from '../queues/job-run.ts'
import type { ProgressFn } from '../types.ts'
import { CodedError } from '../coded-error.ts'
import { shardTotal, type Engine, type ShardResult, type ShardSet, type TaskFor } from './engine.ts'

export interface QueuesEngineOptions {
  io: CliIo
  /** the command, for messages */
  command: string
  /** the edge's base URL (`--endpoint`) */
  endpoint: string
  /** `--allow-insecure-http` */
  allowInsecure: boolean
  onProgress?: ProgressFn
  /** how often to poll a job's status (ms, default 250) */
  pollMs?: number
}

/**
 * An engine on the edge at `endpoint` with the token in AUSPEX_TOKEN, probed first (an unreachable edge or a bad token
 * fails here). Every shard is dispatched at once, so a task chosen per shard gets no parts (`refineTask` then returns
 * the task itself: same merged result, without the local engine's skipping).
 * @throws CliError USAGE (no token, bad URL), EDGE_UNREACHABLE, EDGE_UNAUTHORIZED
 */
export async function createQueuesEngine(options: QueuesEngineOptions): Promise<Engine> {
  const { io, onProgress } = options
  const client = queuesClient(io, options.command, options.endpoint, options.allowInsecure)
  await client.probe()
  // training's first job on a shard set keeps its shards; its later phases on the same set run on them, so the export
  // is uploaded once. The keeper is deleted — its shards with it — when the engine closes (or at its TTL).
  const keepers = new Map<ShardSet, string>()
  return {
    name: 'queues',
    async *run<T extends ShardTask>(shards: ShardSet, task: TaskFor<T>, only?: readonly number[]): AsyncIterable<ShardResult<T>> {
      const chosen = oneTask(task, shardTotal(shards), only)
      if (chosen.kind === 'collect' && chosen.bounds?.sample === undefined && chosen.bounds?.sampleAbove === undefined) {
        // measured (edge/README.md, "What a shard costs"): > 96 MiB of heap for a 100 k-event shard of such an export
        io.stderr('  warning: this export is small enough that every shard keeps all its training candidates; a shard may then need ' +
          'more memory than a Worker has (128 MB) — train exports this size with --engine local\n')
      }
      // scoring is one job: its shards go when it ends, as soon as possible
      const keeper = keepers.get(shards)
      const keep = !keeper && chosen.kind !== 'score'
      const id = await submitJob(io, client, { endpoint: options.endpoint, ...(onProgress ? { onProgress } : {}) }, chosen, shards, keeper ? { from: keeper } : { keep })
      if (keep) keepers.set(shards, id)
      let status: Awaited<ReturnType<typeof waitForJob>>
      try {
        status = await waitForJob(client, id, onProgress, options.pollMs)
      } catch (error) {
        if (keep) keepers.delete(shards) // a failed job is deleted with its shards: nothing left to lend
        throw error
      }
      for (const s of status.shards) yield { index: s.shard, part: await jobPart<T>(client, id, s.shard) }
      // only once the caller has taken every part: a crash before leaves the job for `auspex job --out`
      if (!keep) await client.delete(id)
    },
    async close() {
      const ids = [...keepers.values()]
      keepers.clear()
      for (const id of ids) {
        // best effort (close runs in the command's finally, after any error): the edge's TTL deletes what this cannot
        await client.delete(id).catch((error: unknown) => io.stderr(`  warning: job ${id} and its shards were not deleted (${(error as Error).message}); ` +
          'they are deleted when the job expires (JOB_TTL_SECONDS)\n'))
      }
    },
  }
}

/** An internal misuse of the queues engine (a subset of shards, or a task per shard). */
export class QueuesEngineError extends CodedError<'INTERNAL'> {
  override readonly name = 'QueuesEngineError'
}

/**
 * The one task a job runs on every shard. A job is dispatched at once, so a task chosen per shard sees no parts
 * (`refineTask` returns the task itself: the same object for every shard); a subset of shards, or tasks that differ,
 * would be a job this engine cannot run.
 */
export function oneTask<T extends ShardTask>(task: TaskFor<T>, total: number, only: readonly number[] | undefined): T {
  if (only && only.length !== total) throw new QueuesEngineError('INTERNAL', `the queues engine runs a task on every shard, not on ${only.length} of ${total}`)
  if (typeof task !== 'function') return task
  const tasks = Array.from({ length: total }, (_, i) => task(i))
  if (tasks.some((t) => t !== tasks[0])) throw new QueuesEngineError('INTERNAL', 'the queues engine runs one task on every shard; these differ between shards')
  return tasks[0]!
}
