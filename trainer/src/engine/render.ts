/**
 * Score rows rendered where they are scored: a worker thread turns its shard's rows into the score file's lines and
 * tallies (buckets per goal, segment sizes), so this thread only writes text — for 10 M events, the rows' objects
 * crossing threads and their formatting took about a third of `auspex score`'s CPU.
 */
import type { ScoreRow } from '@auspex/shard'
import { scoreLine, type ScoreColumn, type ScoreExtras } from '../commands/score-writer.ts'

const NO_EXTRAS: ScoreExtras = Object.freeze({})
const ENCODER = new TextEncoder()

export interface RenderSpec {
  format: 'csv' | 'jsonl'
  columns: ScoreColumn[]
  /** the models' goals in `--model` order: a profile's rows come in this order */
  goals: string[]
  /** add a goal column (several models) */
  goalColumn: boolean
}

export interface Rendered {
  /** the lines, UTF-8: encoded in the worker thread and transferred, so the writing thread only writes bytes */
  bytes: Uint8Array
  profiles: number
  rows: number
  buckets: Record<string, { low: number; medium: number; high: number }>
  segments: Record<string, number>
}

/** The lines and tallies of a shard's rows, as `auspex score` writes them row by row. */
export function renderRows(rows: readonly ScoreRow[], spec: RenderSpec): Rendered {
  const lines: string[] = []
  const buckets = Object.fromEntries(spec.goals.map((g) => [g, { low: 0, medium: 0, high: 0 }]))
  const segments: Record<string, number> = {}
  for (const row of rows) {
    for (const s of row.segments ?? []) segments[s] = (segments[s] ?? 0) + 1
    for (const goal of spec.goals) {
      const prediction = row.predictions[goal]
      if (!prediction) continue
      const extras: ScoreExtras = spec.goalColumn || row.segments ? {} : NO_EXTRAS
      if (spec.goalColumn) extras.goal = goal
      if (row.segments) extras.segments = row.segments
      lines.push(scoreLine(spec.format, spec.columns, row.profileId, prediction, extras))
      buckets[goal]![prediction.bucket]++
    }
  }
  const bytes = lines.length === 0 ? new Uint8Array(0) : ENCODER.encode(lines.join('\n') + '\n')
  return { bytes, profiles: rows.length, rows: lines.length, buckets, segments }
}
