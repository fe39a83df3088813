/**
 * The Worker's `queue()` handler. On the shard queue each message points at one shard: claim it from the job's
 * Durable Object (a done shard is skipped, so duplicates cost nothing), read the shard and the task from R2, run the
 * shard worker, write the result under the shard's own key, report it. Any failure is recorded and the message
 * retried (`message.retry()`); after the queue's `max_retries` it lands on the dead-letter queue, whose messages
 * end the shard and the job as failed, naming the shard and its last error.
 */
import type { Env } from '../env.ts'
import { EdgeError } from '../errors.ts'
import { jobCall } from './job-client.ts'
import { resultKey, shardKey, taskKey } from './job-keys.ts'
import type { Claim } from './job-protocol.ts'
import type { ShardMessage, ShardTask } from './job-types.ts'
import { runShardTask, type ShardRunner } from './shard-runner.ts'

/** Queue names (wrangler.jsonc `queues`): the shard queue and its dead-letter queue. */
export const SHARD_QUEUE = 'auspex-shards'
export const SHARD_DEAD_LETTER_QUEUE = 'auspex-shards-dlq'

/** Tasks by job id, read from R2 once per isolate (a job's task never changes). */
const tasks = new Map<string, ShardTask>()

async function readTask(env: Env, jobId: string): Promise<ShardTask> {
  const cached = tasks.get(jobId)
  if (cached) return cached
  const object = await env.JOBS.get(taskKey(jobId))
  if (!object) throw new Error(`the task of job ${jobId} is missing from R2`)
  const task = await object.json<ShardTask>()
  if (tasks.size >= 32) tasks.clear()
  tasks.set(jobId, task)
  return task
}

function isShardMessage(body: unknown): body is ShardMessage {
  const m = body as Partial<ShardMessage> | null
  return typeof m === 'object' && m !== null && typeof m.jobId === 'string' && Number.isInteger(m.shard)
}

/** The test-only faults (`AUSPEX_JOB_FAULTS` = "on"): throws on a shard's first attempt (`failOnce`) or every attempt. */
function injectFault(env: Env, claim: Extract<Claim, { run: true }>, shard: number): void {
  if (env.AUSPEX_JOB_FAULTS !== 'on' || !claim.faults) return
  if (claim.faults.failAlways?.includes(shard)) throw new Error(`injected fault: shard ${shard} always fails`)
  if (claim.faults.failOnce?.includes(shard) && claim.attempt === 1) throw new Error(`injected fault: shard ${shard} fails its first attempt`)
}

/** Runs one shard message to its result; the message is acked or retried here. */
async function consume(message: Message<unknown>, env: Env, runner: ShardRunner): Promise<void> {
  if (!isShardMessage(message.body)) {
    console.error('auspex-edge: dropped a shard message that is not { jobId, shard }', message.body)
    message.ack()
    return
  }
  const { jobId, shard } = message.body
  let claim: Claim
  try {
    claim = await jobCall(env, jobId, { op: 'claim', shard })
  } catch (error) {
    if (error instanceof EdgeError && error.status < 500) { message.ack(); return } // a shard the job does not have
    message.retry()
    return
  }
  if (!claim.run) { message.ack(); return }
  try {
    injectFault(env, claim, shard)
    const object = await env.JOBS.get(shardKey(claim.shardsOf, shard))
    if (!object) {
      const whose = claim.shardsOf === jobId ? '' : ` (uploaded with job ${claim.shardsOf}, which was deleted or expired)`
      throw new Error(`shard ${shard} is missing from R2${whose}`)
    }
    const started = Date.now() // workerd's clock moves at I/O: this and the one after the put span the work
    const result = await runner(new Uint8Array(await object.arrayBuffer()), `${jobId}/${shard}`, await readTask(env, jobId))
    const key = resultKey(jobId, shard)
    await env.JOBS.put(key, result.body)
    await jobCall(env, jobId, { op: 'done', shard, resultKey: key, profiles: result.profiles, ms: Date.now() - started })
    message.ack()
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    console.error(`auspex-edge: job ${jobId} shard ${shard} attempt ${claim.attempt} failed: ${reason}`)
    await jobCall(env, jobId, { op: 'attemptFailed', shard, error: reason }).catch(() => {})
    message.retry()
  }
}

/** A message that used up its retries: the shard and its job are failed (the job's error names the shard). */
async function deadLetter(message: Message<unknown>, env: Env): Promise<void> {
  if (isShardMessage(message.body)) {
    const { jobId, shard } = message.body
    try {
      await jobCall(env, jobId, { op: 'failed', shard, error: `no attempt succeeded (the queue's max_retries were used up)` })
    } catch (error) {
      if (!(error instanceof EdgeError && error.status < 500)) { message.retry(); return }
    }
  }
  message.ack()
}

/** The `queue()` handler; `runner` is the shard worker (tests pass their own). */
export function shardConsumer(runner: ShardRunner = runShardTask) {
  return async (batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> => {
    const dead = batch.queue === SHARD_DEAD_LETTER_QUEUE
    for (const message of batch.messages) {
      if (dead) await deadLetter(message, env)
      else await consume(message, env, runner)
    }
  }
}
