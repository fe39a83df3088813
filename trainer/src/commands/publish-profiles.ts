/**
 * `auspex score … --publish-profiles --endpoint URL`: every scored profile's record (each goal's prediction
 * and the feature state it was computed from, plus segments) goes to the edge's profile store as one new
 * generation. Records are spooled to disk while scoring runs, then uploaded bucket by bucket and committed:
 * the edge switches to the new generation at once, and any failure aborts it (the active one stays).
 */
import { PROFILE_RECORD_VERSION, type FeatureState, type Prediction, type ProfileRecord } from '@auspex/core'
import { CliError } from './cli-error.ts'
import type { Flags, ParsedFlags } from './args.ts'
import { checkEndpoint, isLoopbackHost } from './endpoint.ts'
import type { CliIo } from './io.ts'
import { bucketCount, createProfileSpool } from './profile-spool.ts'
import { profileStoreClient } from './profile-upload.ts'
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.ts'
import type { ProgressFn } from '../types.ts'

export const PUBLISH_PROFILES_FLAGS: Flags = {
  'publish-profiles': { type: 'boolean', help: 'upload every scored profile (scores, factors, segments, feature states) to the edge\'s profile store (token from AUSPEX_TOKEN)' },
  endpoint: { type: 'string', value: 'URL', help: 'the edge, e.g. https://auspex.example.workers.dev: with --publish-profiles it stores the profiles, with --engine queues it runs the shard work (token from AUSPEX_TOKEN)' },
  'allow-insecure-http': { type: 'boolean', help: 'allow a plain http:// --endpoint on another machine (the token then crosses the network unencrypted)' },
  'spool-dir': { type: 'string', value: 'DIR', help: 'with --publish-profiles: where records wait for the upload (default: the system temp folder; ~2–4 KB per profile)' },
}

/** Where and how to publish, read from the flags before anything is scored. */
export interface PublishProfilesTarget {
  endpoint: string
  token: string
  spoolDir?: string
}

/**
 * Reads the `--publish-profiles` flags; undefined without it.
 * @throws {CliError} `USAGE` for a missing token or endpoint, plain http to another machine, or flags given alone
 */
export function publishProfilesTarget(flags: ParsedFlags, io: CliIo): PublishProfilesTarget | undefined {
  if (flags['publish-profiles'] !== true) {
    // --endpoint and --allow-insecure-http also serve --engine queues (engine-flags.ts checks them there)
    const alone = flags.engine === 'queues' ? ['spool-dir'] : ['endpoint', 'spool-dir', 'allow-insecure-http']
    for (const name of alone) {
      if (flags[name] !== undefined) throw new CliError('USAGE', `auspex score: --${name} only applies with --publish-profiles; add it, or drop --${name}`)
    }
    return undefined
  }
  const endpoint = flags.endpoint as string | undefined
  if (endpoint === undefined) throw new CliError('USAGE', 'auspex score: --publish-profiles needs --endpoint URL (the edge, e.g. http://localhost:8787)')
  const token = io.env.AUSPEX_TOKEN
  if (!token) throw new CliError('USAGE', 'auspex score: --publish-profiles: AUSPEX_TOKEN is not set; export AUSPEX_TOKEN=<the edge publish token>')
  const insecure = flags['allow-insecure-http'] === true
  const url = checkEndpoint('score', endpoint, insecure)
  if (insecure && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    io.stderr(`auspex score: warning: sending AUSPEX_TOKEN over plain http to ${url.host} (--allow-insecure-http)\n`)
  }
  return { endpoint, token, ...(flags['spool-dir'] === undefined ? {} : { spoolDir: flags['spool-dir'] as string }) }
}

/** One scored profile, as the scoring loop hands it over. */
export interface ScoredProfileInput {
  profileId: string
  predictions: Record<string, Prediction>
  states: Record<string, FeatureState>
}

/** The store's record of a scored profile: each goal it was scored for, with that goal's state. */
export function profileRecord(scored: ScoredProfileInput, segments: readonly string[], scoredAt: string): ProfileRecord {
  const goals: ProfileRecord['goals'] = {}
  for (const [goal, p] of Object.entries(scored.predictions)) {
    const state = scored.states[goal]
    if (state === undefined) throw new RangeError(`profile ${scored.profileId}: no feature state for goal ${goal}`)
    goals[goal] = { probability: p.probability, score: p.score, percentile: p.percentile, bucket: p.bucket, factors: p.factors, modelVersion: p.modelVersion, scoredAt, state }
  }
  return { v: PROFILE_RECORD_VERSION, profileId: scored.profileId, goals, segments: [...segments].sort() }
}

/** What a publish did (`--json`: `profilesPublished`). */
export interface PublishProfilesResult {
  generation: string
  profiles: number
  buckets: number
  /** the generation it replaced, or null */
  previous: string | null
  seconds: number
}

export interface ProfilePublisherOptions {
  io: CliIo
  target: PublishProfilesTarget
  /** goal → the model version that scores it */
  goals: Record<string, string>
  asOf: number
  onProgress?: ProgressFn
  retry?: RetryPolicy
  /** bucket PUTs in flight at once (default 4) */
  concurrency?: number
}

export interface ProfilePublisher {
  add(scored: ScoredProfileInput, segments?: readonly string[]): Promise<void>
  /** Uploads the spooled records as a new generation and commits it. @throws {CliError} `PROFILES_UPLOAD_FAILED` */
  finish(): Promise<PublishProfilesResult>
  /** Drops the spool (scoring failed: nothing was sent). */
  discard(): Promise<void>
}

/** Opens a publisher: records are spooled as they are added; {@link ProfilePublisher.finish} uploads them. */
export async function openProfilePublisher(options: ProfilePublisherOptions): Promise<ProfilePublisher> {
  const { io, target, goals, asOf, onProgress } = options
  const scoredAt = new Date(asOf).toISOString()
  const spool = await createProfileSpool(target.spoolDir)
  const retryNote = (what: string, attempt: number, why: string) => io.stderr(`  retrying ${what} (attempt ${attempt + 1}, after ${why})\n`)
  const client = profileStoreClient(io, target.endpoint, target.token, options.retry ?? DEFAULT_RETRY, retryNote)
  const concurrency = options.concurrency ?? 4

  const upload = async (generation: string, buckets: number): Promise<void> => {
    const inFlight = new Set<Promise<void>>()
    let failure: unknown
    let done = 0
    for await (const { bucket, body } of spool.buckets(buckets)) {
      if (failure !== undefined) break
      const put: Promise<void> = client.put(generation, bucket, body).then(
        () => onProgress?.({ step: 'uploaded', done: ++done, total: buckets, unit: 'buckets' }),
        (error: unknown) => { failure ??= error },
      ).finally(() => inFlight.delete(put))
      inFlight.add(put)
      if (inFlight.size >= concurrency) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
    if (failure !== undefined) throw failure
  }

  return {
    async add(scored, segments = []) {
      await spool.add(profileRecord(scored, segments, scoredAt))
    },
    async finish() {
      const started = Date.now()
      let generation: string | undefined
      try {
        await spool.flush()
        const profiles = spool.count
        if (profiles === 0) throw new CliError('PROFILES_UPLOAD_FAILED', 'no profile was eligible at --as-of, so there is nothing to publish (the edge keeps its active generation); check --as-of and --events')
        const buckets = bucketCount(profiles)
        generation = await client.create({ buckets, goals, scoredAt, profiles })
        await upload(generation, buckets)
        const committed = await client.commit(generation)
        return { generation, profiles, buckets, previous: committed.previous, seconds: (Date.now() - started) / 1000 }
      } catch (error) {
        throw await uploadFailure(error, generation, client.abort)
      } finally {
        await spool.remove()
      }
    },
    async discard() {
      await spool.remove()
    },
  }
}

/** The error of a failed upload, after aborting the pending generation: its cause, what happened to it, the fix. */
async function uploadFailure(error: unknown, generation: string | undefined, abort: (generation: string) => Promise<string | undefined>): Promise<unknown> {
  if (error instanceof CliError && error.code === 'PROFILES_UPLOAD_FAILED') return error
  const cause = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown }).code
  const fix = code === 'PUBLISH_UNAUTHORIZED' ? 'set AUSPEX_TOKEN to the edge\'s publish token'
    : code === 'PUBLISH_UNREACHABLE' ? 'check --endpoint and that the edge is running'
    : 'fix the cause'
  let outcome = 'nothing was created on the edge'
  if (generation !== undefined) {
    const aborted = await abort(generation)
    outcome = aborted === undefined
      ? `generation ${generation} was aborted (the edge still serves its previous generation)`
      : `generation ${generation} could not be aborted (${aborted}); it is never served, and the edge deletes pending generations after its retention`
  }
  return new CliError('PROFILES_UPLOAD_FAILED', `publishing profiles failed: ${cause}; ${outcome}; ${fix}, then re-run auspex score --publish-profiles`, { cause: error })
}
