/**
 * The queues engine on the CLI's side: shard the export locally, upload the shards to the edge, start one queue
 * message per shard, poll the job with progress, download every shard's part, delete the job. Scoring merges the
 * parts' rows back into the order of a local run; training's phases hand the parts to the same merges as the local
 * engine. A crash after the upload leaves the job on the edge (until its TTL): `auspex job --id … --out …` resumes.
 */
import type { Model } from '@auspex/core'
import { decodeResult, gunzip, type PartOf, type ScorePart, type ShardTask } from '@auspex/shard'
import { CliError } from '../commands/cli-error.ts'
import { checkEndpoint } from '../commands/endpoint.ts'
import type { CliIo } from '../commands/io.ts'
import type { ScoredProfiles } from '../commands/score-output.ts'
import type { RunPhase } from '../model/phases.ts'
import type { EventSource, ProgressFn } from '../types.ts'
import { buildShards, defaultShardCount, type BuiltShards } from './build-shards.ts'
import { jobClient, type JobClient, type JobStatus } from './job-client.ts'
import { mergeById } from './merge-results.ts'

export interface QueuesOptions {
  /** the edge, as given (for messages) */
  endpoint: string
  /** the command, for the resume hint */
  command: string
  /** shards (default: one per 100 k events) */
  shards?: number
  onProgress: ProgressFn
  /** how often to poll the job's status (ms) */
  pollMs?: number
}

/** The job client of a command's `--endpoint` and AUSPEX_TOKEN. @throws CliError USAGE without a token or with a bad URL */
export function queuesClient(io: CliIo, command: string, endpoint: string, allowInsecure: boolean): JobClient {
  const token = io.env.AUSPEX_TOKEN
  if (!token) throw new CliError('USAGE', `auspex ${command}: AUSPEX_TOKEN is not set; export AUSPEX_TOKEN=<the edge publish token> (--engine queues runs on the edge)`)
  const url = checkEndpoint(command, endpoint, allowInsecure)
  return jobClient(io, url.toString(), token)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Polls the job until it ends. @returns its final status when done.
 * @throws CliError `JOB_FAILED` naming the failed shard (the job is deleted first: nothing to resume) or on expiry
 */
export async function waitForJob(client: JobClient, id: string, onProgress: ProgressFn, pollMs = 250): Promise<JobStatus> {
  for (;;) {
    const status = await client.status(id)
    onProgress({ step: `queues (${status.kind})`, done: status.counts.done, total: status.shards.length, unit: 'shards' })
    if (status.state === 'done') return status
    if (status.state === 'failed') {
      await client.delete(id).catch(() => {})
      throw new CliError('JOB_FAILED', `job ${id} failed: ${status.error ?? 'no error recorded'}; the job and its data are deleted — fix the shard's cause (see the edge's logs) and run the command again`)
    }
    if (status.state === 'created') {
      throw new CliError('JOB_FAILED', `job ${id} was never started (the CLI stopped while uploading its shards); delete it (it expires by itself) and run the command again`)
    }
    if (status.state === 'expired') {
      throw new CliError('JOB_FAILED', `job ${id} expired before its results were gathered (${status.error ?? ''}); run the command again`)
    }
    await sleep(pollMs)
  }
}

/** Downloads and decodes every shard's part of a done job, in shard order. */
export async function jobParts<T extends ShardTask>(client: JobClient, status: JobStatus, onProgress: ProgressFn): Promise<Array<PartOf<T>>> {
  const parts: Array<PartOf<T>> = []
  for (const s of status.shards) {
    const text = new TextDecoder().decode(await gunzip(await client.result(status.id, s.shard)))
    parts.push(decodeResult<PartOf<T>>(text, `job ${status.id} shard ${s.shard}`))
    onProgress({ step: 'gathered', done: parts.length, total: status.shards.length, unit: 'shards' })
  }
  return parts
}

/** Uploads `shards` four at a time. */
async function uploadAll(client: JobClient, id: string, shards: BuiltShards['shards'], onProgress: ProgressFn): Promise<void> {
  let next = 0
  let done = 0
  const lane = async () => {
    for (let n = next++; n < shards.length; n = next++) {
      await client.upload(id, n, shards[n]!)
      onProgress({ step: 'uploaded', done: ++done, total: shards.length, unit: 'shards' })
    }
  }
  await Promise.all([lane(), lane(), lane(), lane()])
}

/**
 * One job: `task` on every shard. Creates it, uploads, starts and waits; `keep` leaves the job on the edge for the
 * caller to delete once it has used the parts (scoring deletes after writing), otherwise it is deleted here.
 */
export async function runJob<T extends ShardTask>(io: CliIo, client: JobClient, options: QueuesOptions, task: T, built: BuiltShards,
  keep = false): Promise<{ id: string; parts: Array<PartOf<T>> }> {
  // test-only: the e2e test makes a consumer throw (an edge honours it only with AUSPEX_JOB_FAULTS=on)
  const faults = io.env.AUSPEX_TEST_JOB_FAULTS ? { faults: JSON.parse(io.env.AUSPEX_TEST_JOB_FAULTS) as unknown } : {}
  const created = await client.create({ task, shards: built.shards.length, ...faults })
  const resume = task.kind === 'score' ? ` (after a crash: auspex job --endpoint ${options.endpoint} --id ${created.id} --out FILE)` : ''
  io.stderr(`  job ${created.id} (${task.kind}) on ${options.endpoint}: ${built.shards.length} shards of ${built.profiles} profiles${resume}\n`)
  await uploadAll(client, created.id, built.shards, options.onProgress)
  await client.start(created.id)
  io.stderr(`  started ${created.id}: ${built.shards.length} messages sent\n`)
  const status = await waitForJob(client, created.id, options.onProgress, options.pollMs)
  const parts = await jobParts<T>(client, status, options.onProgress)
  if (!keep) await client.delete(created.id)
  return { id: created.id, parts }
}

/** The rows of score parts as `auspex score` iterates them (local order). */
export async function* scoreRows(parts: readonly ScorePart[]): ScoredProfiles {
  for (const row of mergeById(parts)) yield { profileId: row.profileId, predictions: row.predictions }
}

/**
 * `auspex score --engine queues`: the same profiles, predictions and order as `scoreProfiles` of a local run,
 * computed by the edge's consumers. The job is deleted once every profile has been yielded.
 */
export async function* scoreOnQueues(io: CliIo, client: JobClient, options: QueuesOptions, models: readonly Model[], source: EventSource,
  asOf: number): ScoredProfiles {
  const count = options.shards ?? defaultShardCount(source.summary.events)
  const built = await buildShards(source, asOf, count, options.onProgress)
  const { id, parts } = await runJob(io, client, options, { kind: 'score', asOf, artifacts: models.map((m) => m.artifact) }, built, true)
  yield* scoreRows(parts)
  await client.delete(id)
}

/**
 * `auspex train --engine queues`: training's per-profile phases (survey, collect, describe) as one job each over the
 * same shards (cut once, uploaded per job, since a job deletes its shards when it ends).
 */
export function queuesRunPhase(io: CliIo, client: JobClient, options: QueuesOptions, source: EventSource): RunPhase {
  let built: Promise<BuiltShards> | undefined
  return async (task) => {
    built ??= buildShards(source, undefined, options.shards ?? defaultShardCount(source.summary.events), options.onProgress)
    return (await runJob(io, client, options, task, await built)).parts
  }
}
