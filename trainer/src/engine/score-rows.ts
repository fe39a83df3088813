import type { ModelArtifact, Prediction } from '@auspex/core'
import type { PartOf, ScoreTask } from '@auspex/shard'
import type { Engine, ShardSet } from './engine.ts'

/**
 * Every eligible profile's predictions, scored by the engine's shard workers: rows shard by shard in shard order
 * (parts that finish early wait for their turn), profiles in id order within a shard, so a run's output does not
 * depend on which thread finished first.
 */
export async function* engineScoreRows(engine: Engine, shards: ShardSet, artifacts: ModelArtifact[], asOf: number): AsyncIterable<{ profileId: string; predictions: Record<string, Prediction> }> {
  const waiting = new Map<number, PartOf<ScoreTask>>()
  let next = 0
  for await (const { index, part } of engine.run(shards, { kind: 'score', artifacts, asOf } satisfies ScoreTask)) {
    waiting.set(index, part)
    for (let ready = waiting.get(next); ready; ready = waiting.get(next)) {
      waiting.delete(next++)
      yield* ready.rows
    }
  }
}
