import { combineParts, refineTask, type PartOf } from '@auspex/shard'
import type { RunPhase } from '../model/phases.ts'
import type { ProgressFn } from '../types.ts'
import { shardTotal, type Engine, type ShardSet } from './engine.ts'

/**
 * Training's phases on an engine: parts are combined as they arrive (memory of one part, not of every shard's),
 * and each shard still to run gets the task refined by what arrived so far (same merge, less work).
 */
export function enginePhases(engine: Engine, shards: ShardSet, onProgress?: ProgressFn): RunPhase {
  return async (task) => {
    let combined: Array<PartOf<typeof task>> = []
    const total = shardTotal(shards)
    let done = 0
    for await (const { part } of engine.run(shards, () => refineTask(task, combined))) {
      combined = [combineParts(task, [...combined, part])]
      onProgress?.({ step: `${task.kind} (${engine.name} engine)`, done: ++done, total, unit: 'shards' })
    }
    return combined
  }
}
