/**
 * How training's per-profile phases (survey, examples, describe) run: on every shard of the data, each shard's
 * part then merged exactly (`@auspex/shard`). The default runs a phase over the whole source in this thread, as one
 * shard; the CLI passes a runner over shard files and worker threads (src/engine/).
 */
import { mergeParts, PartCombiner, refineTask, runTask, type CollectTask, type DescribeTask, type MergedOf, type PartOf, type SurveyTask } from '@auspex/shard'
import type { EventSource } from '../types.ts'

export type PhaseTask = SurveyTask | CollectTask | DescribeTask

/** Runs a task on every shard and returns the shards' parts (in any order: merges do not depend on it). */
export type RunPhase = <T extends PhaseTask>(task: T) => Promise<Array<PartOf<T>>>

/** In this thread: a sharded source shard by shard, any other source as one shard. */
export function inProcess(source: EventSource): RunPhase {
  return async (task) => {
    if (!source.shards) return [await runTask((before) => source.profiles(before === undefined ? {} : { before }), task)]
    const combiner = new PartCombiner(task)
    for (const shard of source.shards) combiner.add(await runTask(shard, refineTask(task, combiner.parts)))
    const combined = combiner.result()
    return combined ? [combined] : []
  }
}

/** A phase's merged result. */
export async function runPhase<T extends PhaseTask>(run: RunPhase, task: T): Promise<MergedOf<T>> {
  return mergeParts(task, await run(task))
}
