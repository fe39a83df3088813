import { collectComplete, PartCombiner, refineTask, speculate, type CollectPart, type PartOf } from '@auspex/shard'
import type { PhaseTask, RunPhase } from '../model/phases.ts'
import type { ProgressFn } from '../types.ts'
import { shardTotal, type Engine, type ShardSet } from './engine.ts'

/**
 * Training's phases on an engine: parts are combined as they arrive (`PartCombiner`: about twice the samples' memory,
 * not every shard's), and each shard still to run gets the task refined by what arrived so far (same merge, less
 * work). The example
 * phase starts from a speculative bound (`speculate`), checked at the end: too tight, and it runs again without it.
 */
export function enginePhases(engine: Engine, shards: ShardSet, onProgress?: ProgressFn): RunPhase {
  const total = shardTotal(shards)
  const events = shards.kind === 'folder' ? shards.manifest.summary.events : shards.summary.events
  async function once<T extends PhaseTask>(task: T): Promise<PartOf<T>> {
    const combiner = new PartCombiner(task)
    let done = 0
    for await (const { part } of engine.run(shards, () => refineTask(task, combiner.parts))) {
      combiner.add(part)
      onProgress?.({ step: `${task.kind} (${engine.name} engine)`, done: ++done, total, unit: 'shards' })
    }
    return combiner.result()!
  }
  return async <T extends PhaseTask>(task: T): Promise<Array<PartOf<T>>> => {
    if (task.kind !== 'collect') return [await once(task)]
    const guess = speculate(task, events) as T
    const part = await once(guess)
    if (guess === task || collectComplete(part as CollectPart, task)) return [part]
    onProgress?.({ step: 'the speculative sample bound was too tight: collecting again', done: total, unit: 'shards' })
    return [await once(task)]
  }
}
