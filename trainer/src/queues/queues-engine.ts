/**
 * The queues engine on the CLI's side: shard the export locally, upload the shards to the edge, start one queue
 * message per shard, poll the job with progress, then gather the results in the order of a local run and delete the
 * job. A crash after the start leaves the job on the edge (until its TTL): `auspex job --id … --out …` resumes.
 */
import type { Model } from '@auspex/core'
import { CliError } from '../commands/cli-error.ts'
import { checkEndpoint } from '../commands/endpoint.ts'
import type { CliIo } from '../commands/io.ts'
import type { ScoredProfiles } from '../commands/score-output.ts'
import type { EventSource, ProgressFn } from '../types.ts'
import { buildShards, defaultShardCount } from './interim-shards.ts'
import { jobClient, type JobClient, type JobStatus } from './job-client.ts'
import { mergeBySeq } from './merge-results.ts'

export interface QueuesOptions {
  /** the edge, as given (for messages) */
  endpoint: string
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
    onProgress({ step: 'queues', done: status.counts.done, total: status.shards.length, unit: 'shards' })
    if (status.state === 'done') return status
    if (status.state === 'failed') {
      await client.delete(id).catch(() => {})
      throw new CliError('JOB_FAILED', `job ${id} failed: ${status.error ?? 'no error recorded'}; the job and its data are deleted — fix the shard's cause (see the edge's logs) and run the command again`)
    }
    if (status.state === 'expired') {
      throw new CliError('JOB_FAILED', `job ${id} expired before its results were gathered (${status.error ?? ''}); run the command again`)
    }
    await sleep(pollMs)
  }
}

/** Downloads every shard's result and yields the profiles in the order of a local run. */
export async function* gatherScores(client: JobClient, status: JobStatus, onProgress: ProgressFn): ScoredProfiles {
  const results: Uint8Array[] = []
  for (const s of status.shards) {
    results.push(await client.result(status.id, s.shard))
    onProgress({ step: 'gathered', done: results.length, total: status.shards.length, unit: 'shards' })
  }
  for await (const line of mergeBySeq(results)) yield { profileId: line.profileId, predictions: line.predictions }
}

/** Uploads `shards` four at a time. */
async function uploadAll(client: JobClient, id: string, shards: ReadonlyArray<Uint8Array<ArrayBuffer>>, onProgress: ProgressFn): Promise<void> {
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
 * `auspex score --engine queues`: the same profiles, predictions and order as `scoreProfiles` of a local run,
 * computed by the edge's consumers. The job is deleted once every profile has been yielded.
 */
export async function* scoreOnQueues(io: CliIo, client: JobClient, options: QueuesOptions, models: readonly Model[], source: EventSource,
  asOf: number): ScoredProfiles {
  const count = options.shards ?? defaultShardCount(source.summary.events)
  const built = await buildShards(source, asOf, count, (n) => { if (n % 10_000 === 0) options.onProgress({ step: 'sharded', done: n, unit: 'profiles' }) })
  // test-only: the e2e test makes a consumer throw (the edge honours it only with AUSPEX_JOB_FAULTS=on)
  const faults = io.env.AUSPEX_TEST_JOB_FAULTS ? { faults: JSON.parse(io.env.AUSPEX_TEST_JOB_FAULTS) as unknown } : {}
  const created = await client.create({ task: { kind: 'score', asOf, models: models.map((m) => m.artifact) }, shards: built.shards.length, ...faults })
  io.stderr(`  job ${created.id} on ${options.endpoint}: ${built.shards.length} shards of ${built.profiles} profiles ` +
    `(after a crash: auspex job --endpoint ${options.endpoint} --id ${created.id} --out FILE)\n`)
  await uploadAll(client, created.id, built.shards, options.onProgress)
  await client.start(created.id)
  const status = await waitForJob(client, created.id, options.onProgress, options.pollMs)
  yield* gatherScores(client, status, options.onProgress)
  await client.delete(created.id)
}
