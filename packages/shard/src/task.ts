/**
 * The shard worker's one entry point: a task (plain JSON) and a shard in, a part (plain data: objects and typed
 * arrays, see {@link encodeResult} for JSON) out. The same function runs in a Node worker thread, in a Queues
 * consumer in workerd, and in-process over a trainer's event source.
 */
import { collectBounds, collectShard, combineCollect, mergeCollect, type Collected, type CollectPart, type CollectTask } from './collect-task.ts'
import { combineDescribe, describeBound, describeShard, mergeDescribe, type DescribePart, type DescribeTask, type Described } from './describe-task.ts'
import { ShardError } from './errors.ts'
import { decodeShard, type ShardTable } from './format.ts'
import { gunzip } from './gzip.ts'
import { shardProfiles } from './profiles.ts'
import { scoreShard, type ScorePart, type ScoreTask } from './score-task.ts'
import { combineSurveys, mergeSurveys, surveyShard, type Survey, type SurveyPart, type SurveyTask } from './survey-task.ts'
import type { ProfilesOf } from './task-types.ts'

export type ShardTask = SurveyTask | CollectTask | DescribeTask | ScoreTask
export type ShardPart = SurveyPart | CollectPart | DescribePart | ScorePart

/** The part a task returns. */
export type PartOf<T extends ShardTask> =
  T extends SurveyTask ? SurveyPart : T extends CollectTask ? CollectPart : T extends DescribeTask ? DescribePart : ScorePart

/** What the parts of every shard merge into (score parts are not merged: their rows are written shard by shard). */
export type MergedOf<T extends ShardTask> =
  T extends SurveyTask ? Survey : T extends CollectTask ? Collected : T extends DescribeTask ? Described : never

/** Runs a task over a shard's profiles (see {@link ProfilesOf}). */
export async function runTask<T extends ShardTask>(profiles: ProfilesOf, task: T): Promise<PartOf<T>> {
  switch (task.kind) {
    case 'survey': return (await surveyShard(profiles, task)) as PartOf<T>
    case 'collect': return (await collectShard(profiles, task)) as PartOf<T>
    case 'describe': return (await describeShard(profiles, task)) as PartOf<T>
    case 'score': return (await scoreShard(profiles, task)) as PartOf<T>
    default: throw new ShardError('SHARD_TASK_INVALID', `unknown shard task kind ${JSON.stringify((task as { kind?: unknown }).kind)}; expected survey, collect, describe or score`)
  }
}

/** The profiles of a decoded shard. */
export function tableProfiles(table: ShardTable): ProfilesOf {
  return (before) => shardProfiles(table, before)
}

/**
 * Decodes a stored (gzip'd) shard and runs a task on it; `name` (the shard's file) goes in every error.
 * @throws ShardError `SHARD_CORRUPT` for a truncated or damaged shard, `UNSUPPORTED_FORMAT_VERSION`
 */
export async function runShard<T extends ShardTask>(gzipped: Uint8Array, name: string, task: T): Promise<PartOf<T>> {
  return runTask(tableProfiles(await readShard(gzipped, name)), task)
}

/** Gunzips and decodes a stored shard. */
export async function readShard(gzipped: Uint8Array, name: string): Promise<ShardTable> {
  let raw: Uint8Array
  try {
    raw = await gunzip(gzipped)
  } catch (cause) {
    throw new ShardError('SHARD_CORRUPT', `shard ${name}: not a whole gzip stream (${(cause as Error).message}); ` +
      're-create the shards from the export with `auspex shard --events … --out DIR`', { cause })
  }
  return decodeShard(raw, name)
}

/** Merges the parts of every shard for one task. */
export function mergeParts<T extends SurveyTask | CollectTask | DescribeTask>(task: T, parts: ReadonlyArray<PartOf<T>>): MergedOf<T> {
  switch (task.kind) {
    case 'survey': return mergeSurveys(parts as readonly SurveyPart[]) as MergedOf<T>
    case 'collect': return mergeCollect(parts as readonly CollectPart[], task) as MergedOf<T>
    default: return mergeDescribe(parts as readonly DescribePart[], task as DescribeTask) as MergedOf<T>
  }
}

/**
 * The task for a shard still to run, given the parts received so far: collect and describe tasks get bounds that
 * let the shard skip items the merged sample can no longer keep (same merged result, less work); others as given.
 * Engines that dispatch shards as others finish (the local one) use it; ones that dispatch all at once need not.
 */
export function refineTask<T extends ShardTask>(task: T, partsSoFar: ReadonlyArray<PartOf<T>>): T {
  if (partsSoFar.length === 0) return task
  if (task.kind === 'collect') return { ...task, bounds: collectBounds(partsSoFar as readonly CollectPart[], task) }
  if (task.kind === 'describe') {
    const rowsBelow = describeBound(partsSoFar as readonly DescribePart[], task)
    return rowsBelow === undefined ? task : { ...task, rowsBelow }
  }
  return task
}

/**
 * One part that merges like all of `parts` (the samples pruned to their sizes): an engine combines parts as they
 * arrive, so its memory is that of one part, not of every shard's.
 */
export function combineParts<T extends SurveyTask | CollectTask | DescribeTask>(task: T, parts: ReadonlyArray<PartOf<T>>): PartOf<T> {
  switch (task.kind) {
    case 'survey': return combineSurveys(parts as readonly SurveyPart[]) as PartOf<T>
    case 'collect': return combineCollect(parts as readonly CollectPart[], task) as PartOf<T>
    default: return combineDescribe(parts as readonly DescribePart[], task as DescribeTask) as PartOf<T>
  }
}
