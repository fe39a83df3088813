import type { FeatureState, ModelArtifact, Prediction } from '@auspex/core'
import type { PartOf, ScoreTask } from '@auspex/shard'
import type { ScoreWriter } from '../commands/score-writer.ts'
import type { Engine, ShardSet } from './engine.ts'
import type { LocalEngine } from './local-engine.ts'
import type { Rendered, RenderSpec } from './render.ts'

/**
 * Every eligible profile's predictions, scored by the engine's shard workers: rows shard by shard in shard order
 * (parts that finish early wait for their turn), profiles in id order within a shard, so a run's output does not
 * depend on which thread finished first.
 */
export async function* engineScoreRows(engine: Engine, shards: ShardSet, artifacts: ModelArtifact[], asOf: number): AsyncIterable<{ profileId: string; predictions: Record<string, Prediction>; states: Record<string, FeatureState> }> {
  const waiting = new Map<number, PartOf<ScoreTask>>()
  let next = 0
  for await (const { index, part } of engine.run(shards, { kind: 'score', artifacts, asOf } satisfies ScoreTask)) {
    waiting.set(index, part)
    for (let ready = waiting.get(next); ready; ready = waiting.get(next)) {
      waiting.delete(next++)
      // shard rows carry no feature states (publishing profiles, which needs them, scores in the command's thread)
      for (const row of ready.rows) yield { profileId: row.profileId, predictions: row.predictions, states: {} }
    }
  }
}

/** What {@link writeRenderedScores} adds to the command's tallies. */
export interface ScoreTally {
  profiles: number
  rows: number
  buckets: Record<string, { low: number; medium: number; high: number }>
  segments: Record<string, number>
}

/**
 * Scores every shard in the local engine's threads, which render the lines; writes them shard by shard in shard
 * order (the same file as {@link engineScoreRows} written row by row) and adds to `tally`.
 */
export async function writeRenderedScores(engine: LocalEngine, shards: ShardSet, task: ScoreTask, spec: RenderSpec, writer: ScoreWriter, tally: ScoreTally, onShard?: (done: number) => void): Promise<void> {
  const waiting = new Map<number, Rendered>()
  let next = 0
  let done = 0
  for await (const { index, rendered } of engine.renderScores(shards, task, spec)) {
    waiting.set(index, rendered)
    onShard?.(++done)
    for (let ready = waiting.get(next); ready; ready = waiting.get(next)) {
      waiting.delete(next++)
      await writer.writeText(ready.bytes)
      tally.profiles += ready.profiles
      tally.rows += ready.rows
      for (const [goal, b] of Object.entries(ready.buckets)) for (const k of ['low', 'medium', 'high'] as const) tally.buckets[goal]![k] += b[k]
      for (const [s, k] of Object.entries(ready.segments)) tally.segments[s] = (tally.segments[s] ?? 0) + k
    }
  }
}
