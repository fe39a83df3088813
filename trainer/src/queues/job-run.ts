/**
 * One queues-engine job from the CLI's side: create it on the edge, upload every shard, start it (one queue message
 * per shard), poll its status with progress, download each shard's part, delete it. A crash after the start leaves
 * the job on the edge until its TTL: `auspex job --id … --out …` gathers it (src/commands/job.ts).
 */
import { decodeResult, gunzip, type PartOf, type ShardTask } from '@auspex/shard'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_RETRY } from '../commands/retry-policy.ts'
import { CliError } from '../commands/cli-error.ts'
import { checkEndpoint } from '../commands/endpoint.ts'
import type { CliIo } from '../commands/io.ts'
import { shardTotal, type ShardSet } from '../engine/engine.ts'
import type { ProgressFn } from '../types.ts'
import { jobClient, type JobClient, type JobStatus } from './job-client.ts'

/** The job client of a command's `--endpoint` and AUSPEX_TOKEN. @throws CliError USAGE without a token or with a bad URL */
export function queuesClient(io: CliIo, command: string, endpoint: string, allowInsecure: boolean): JobClient {
  const token = io.env.AUSPEX_TOKEN
  if (!token) throw new CliError('USAGE', `auspex ${command}: AUSPEX_TOKEN is not set; export AUSPEX_TOKEN=<the edge publish token> (--engine queues runs on the edge)`)
  const url = checkEndpoint(command, endpoint, allowInsecure)
  return jobClient(io, url.toString(), token, DEFAULT_RETRY, (what, attempt, why) => io.stderr(`  retrying ${what} (attempt ${attempt + 1}, after ${why})\n`))
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Polls the job until it ends. @returns its final status when done.
 * @throws CliError `JOB_FAILED` naming the failed shard (the job is deleted first: nothing to resume), for a job
 * that was never started, or on expiry
 */
export async function waitForJob(client: JobClient, id: string, onProgress?: ProgressFn, pollMs = 250): Promise<JobStatus> {
  for (;;) {
    const status = await client.status(id)
    onProgress?.({ step: `${status.kind} (queues engine)`, done: status.counts.done, total: status.shards.length, unit: 'shards' })
    if (status.state === 'done') return status
    if (status.state === 'failed') {
      await client.delete(id).catch(() => {})
      throw new CliError('JOB_FAILED', `job ${id} failed: ${status.error ?? 'no error recorded'}; the job and its data are deleted — ` +
        'fix the shard\'s cause (see the edge\'s logs) and run the command again')
    }
    if (status.state === 'created') {
      throw new CliError('JOB_FAILED', `job ${id} was never started (the CLI stopped while uploading its shards); it expires by itself — run the command again`)
    }
    if (status.state === 'expired') throw new CliError('JOB_FAILED', `job ${id} expired before its results were gathered (${status.error ?? ''}); run the command again`)
    await sleep(pollMs)
  }
}

/** One shard's part of a done job. */
export async function jobPart<T extends ShardTask>(client: JobClient, id: string, shard: number): Promise<PartOf<T>> {
  const text = new TextDecoder().decode(await gunzip(await client.result(id, shard)))
  return decodeResult<PartOf<T>>(text, `job ${id} shard ${shard}`)
}

/** A shard's stored bytes (gzip'd, as `auspex shard` writes them): read from its file, or from memory. */
async function shardBytes(shards: ShardSet, index: number): Promise<Uint8Array<ArrayBuffer>> {
  if (shards.kind === 'folder') return new Uint8Array(await readFile(join(shards.dir, shards.manifest.shards[index]!.file)))
  return new Uint8Array(await shards.store.stored(index))
}

/** Uploads every shard, four at a time (each read or cut only when its upload starts). */
async function uploadAll(client: JobClient, id: string, shards: ShardSet, onProgress?: ProgressFn): Promise<void> {
  const total = shardTotal(shards)
  let next = 0
  let done = 0
  const lane = async () => {
    for (let n = next++; n < total; n = next++) {
      await client.upload(id, n, await shardBytes(shards, n))
      onProgress?.({ step: 'uploaded', done: ++done, total, unit: 'shards' })
    }
  }
  await Promise.all([lane(), lane(), lane(), lane()])
}

export interface SubmitOptions {
  /** the edge as given, for the resume hint */
  endpoint: string
  onProgress?: ProgressFn
}

/** Which shards a job runs on: uploaded for it (and kept for later jobs, with `keep`), or those of job `from`. */
export type ShardSource = { keep: boolean } | { from: string }

/** Creates the job, uploads every shard (unless it runs on another job's) and starts it. @returns the job id */
export async function submitJob(io: CliIo, client: JobClient, options: SubmitOptions, task: ShardTask, shards: ShardSet, source: ShardSource = { keep: false }): Promise<string> {
  // test-only: the e2e test makes a consumer throw (an edge honours it only with AUSPEX_JOB_FAULTS=on)
  const faults = io.env.AUSPEX_TEST_JOB_FAULTS ? { faults: JSON.parse(io.env.AUSPEX_TEST_JOB_FAULTS) as unknown } : {}
  const total = shardTotal(shards)
  const reuse = 'from' in source ? { shardsFrom: source.from } : source.keep ? { keepShards: true } : {}
  const created = await client.create({ task, shards: total, ...faults, ...reuse })
  const resume = task.kind === 'score' ? ` (after a crash: auspex job --endpoint ${options.endpoint} --id ${created.id} --out FILE)` : ''
  const whose = 'from' in source ? ` (those of job ${source.from}, uploaded once)` : ''
  io.stderr(`  job ${created.id} (${task.kind}) on ${options.endpoint}: ${total} shards${whose}${resume}\n`)
  if (!('from' in source)) await uploadAll(client, created.id, shards, options.onProgress)
  await client.start(created.id)
  io.stderr(`  started ${created.id}: ${total} messages sent\n`)
  return created.id
}
