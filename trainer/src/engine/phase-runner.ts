import { combineParts, loosen, PartCombiner, refineTask, speculate, topUpPart, topUpTask, type CollectPart, type CollectTask, type PartOf } from '@auspex/shard'
import type { PhaseTask, RunPhase } from '../model/phases.ts'
import type { ProgressFn } from '../types.ts'
import { shardTotal, type Engine, type ShardSet } from './engine.ts'

/**
 * Training's phases on an engine: parts are combined as they arrive (`PartCombiner`: about twice the samples' memory,
 * not every shard's), and each shard still to run gets the task refined by what arrived so far (same merge, less
 * work). The example phase starts from a speculative bound (`speculation.ts` in `@auspex/shard`), corrected as parts
 * arrive; the shards that ran with a bound too tight for the merged sample are then topped up with what they skipped.
 */
export function enginePhases(engine: Engine, shards: ShardSet, onProgress?: ProgressFn): RunPhase {
  const total = shardTotal(shards)
  const events = shards.kind === 'folder' ? shards.manifest.summary.events : shards.summary.events
  /** Runs `task` on the shards (`only`, or all), each getting `taskFor(parts so far, shards done)` (or the task). */
  async function once<T extends PhaseTask>(task: T, taskFor?: (parts: ReadonlyArray<PartOf<T>>, done: number, index: number) => T, only?: readonly number[], label = `${task.kind} (${engine.name} engine)`): Promise<PartOf<T>> {
    const combiner = new PartCombiner(task)
    let done = 0
    for await (const { part } of engine.run(shards, taskFor ? (index: number) => taskFor(combiner.parts, done, index) : task, only)) {
      combiner.add(part)
      onProgress?.({ step: label, done: ++done, total: only?.length ?? total, unit: 'shards' })
    }
    return combiner.result()!
  }
  async function collect(task: CollectTask): Promise<CollectPart> {
    const guess = speculate(task, events)
    if (guess === task) return once(task, (parts) => refineTask(task, parts))
    // the bound each shard ran with, to find those whose part may lack keys of the merged sample
    const ran = new Map<number, number | undefined>()
    const first = await once(guess, (parts, done, index) => {
      const chosen = refineTask(loosen(guess, parts, done, total), parts)
      ran.set(index, chosen.bounds?.sample)
      return chosen
    })
    const topUps = new Map<number, CollectTask>()
    const byBound = new Map<number | undefined, CollectTask | undefined>()
    for (const [index, bound] of ran) {
      if (!byBound.has(bound)) byBound.set(bound, topUpTask(task, bound, first))
      const t = byBound.get(bound)
      if (t) topUps.set(index, t)
    }
    if (topUps.size === 0) return first
    const only = [...topUps.keys()].sort((a, b) => a - b)
    const label = `the speculative sample bound was too tight for ${only.length} of ${total} shards: topping them up`
    const more = await once(task, (_parts, _done, index) => topUps.get(index)!, only, label)
    return combineParts(task, [first, topUpPart(more)])
  }
  return async <T extends PhaseTask>(task: T): Promise<Array<PartOf<T>>> => {
    if (task.kind === 'collect') return [await collect(task) as PartOf<T>]
    return [await once(task, (parts) => refineTask(task, parts))]
  }
}
