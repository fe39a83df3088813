/**
 * The Cloudflare Queues engine (issue 18, item 4): shards uploaded to R2 through the edge's `/v1/jobs` routes, one
 * queue message per shard, consumer Workers run `@auspex/shard`'s `runShard` and write each part to R2
 * (`encodeResult`), the CLI gathers the parts in shard order and deletes the job. Same parts as the local engine for
 * the same shards, so the same scores, rows and artifacts (edge/test-node/queues-engine.test.ts).
 */
import type { ShardTask } from '@auspex/shard'
import type { CliIo } from '../commands/io.ts'
import { jobPart, queuesClient, submitJob, waitForJob } from '../queues/job-run.ts'
import type { ProgressFn } from '../types.ts'
import type { Engine, ShardResult, ShardSet, TaskFor } from './engine.ts'

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
  return {
    name: 'queues',
    async *run<T extends ShardTask>(shards: ShardSet, task: TaskFor<T>): AsyncIterable<ShardResult<T>> {
      const chosen = typeof task === 'function' ? task(0) : task
      if (chosen.kind === 'collect' && chosen.bounds?.sample === undefined) {
        // measured (edge/README.md, "What a shard costs"): > 96 MiB of heap for a 100 k-event shard of such an export
        io.stderr('  warning: this export is small enough that every shard keeps all its training candidates; a shard may then need ' +
          'more memory than a Worker has (128 MB) — train exports this size with --engine local\n')
      }
      const id = await submitJob(io, client, { endpoint: options.endpoint, ...(onProgress ? { onProgress } : {}) }, chosen, shards)
      const status = await waitForJob(client, id, onProgress, options.pollMs)
      for (const s of status.shards) yield { index: s.shard, part: await jobPart<T>(client, id, s.shard) }
      // only once the caller has taken every part: a crash before leaves the job for `auspex job --out`
      await client.delete(id)
    },
    async close() {},
  }
}
