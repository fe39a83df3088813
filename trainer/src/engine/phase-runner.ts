import { refineTask, type PartOf } from '@auspex/shard'
import type { RunPhase } from '../model/phases.ts'
import type { ProgressFn } from '../types.ts'
import { shardTotal, type Engine, type ShardSet } from './engine.ts'

/** Training's phases on an engine: each shard's task refined by the parts received so far (same merge, less work). */
export function enginePhases(engine: Engine, shards: ShardSet, onProgress?: ProgressFn): RunPhase {
  return async (task) => {
    const parts: Array<PartOf<typeof task>> = []
    const total = shardTotal(shards)
    for await (const { part } of engine.run(shards, () => refineTask(task, parts))) {
      parts.push(part)
      onProgress?.({ step: `${task.kind} (${engine.name} engine)`, done: parts.length, total, unit: 'shards' })
    }
    return parts
  }
}
