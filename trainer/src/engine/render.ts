/**
 * Score rows rendered where they are scored: a worker thread turns each row, as it is scored, into the score file's
 * line and tallies (buckets per goal, segment sizes), so the main thread only writes bytes — for 10 M events, the
 * rows' objects crossing threads and their formatting took about a third of `auspex score`'s CPU.
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

/** Lines of UTF-8 in one growing buffer: no string of the whole shard is built, joined or encoded at once. */
class LineBuffer {
  private bytes = new Uint8Array(1 << 20)
  length = 0
  lines = 0

  add(line: string): void {
    const most = this.length + line.length * 3 + 1 // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (most > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, most))
      grown.set(this.bytes.subarray(0, this.length))
      this.bytes = grown
    }
    this.length += ENCODER.encodeInto(line, this.bytes.subarray(this.length)).written
    this.bytes[this.length++] = 10
    this.lines++
  }

  /** The lines written, in a buffer of their own size (it is transferred to the writing thread). */
  take(): Uint8Array {
    return this.bytes.slice(0, this.length)
  }
}

/** A shard's score file lines and tallies, built row by row as the rows are scored ({@link Rendered}). */
export interface Renderer {
  add(row: ScoreRow): void
  finish(): Rendered
}

/** Renders rows as `auspex score` writes them, one at a time (see {@link forEachScoreRow}). */
export function createRenderer(spec: RenderSpec): Renderer {
  const out = new LineBuffer()
  const buckets = Object.fromEntries(spec.goals.map((g) => [g, { low: 0, medium: 0, high: 0 }]))
  const segments: Record<string, number> = {}
  let profiles = 0
  return {
    add(row) {
      profiles++
      for (const s of row.segments ?? []) segments[s] = (segments[s] ?? 0) + 1
      for (const goal of spec.goals) {
        const prediction = row.predictions[goal]
        if (!prediction) continue
        const extras: ScoreExtras = spec.goalColumn || row.segments ? {} : NO_EXTRAS
        if (spec.goalColumn) extras.goal = goal
        if (row.segments) extras.segments = row.segments
        out.add(scoreLine(spec.format, spec.columns, row.profileId, prediction, extras))
        buckets[goal]![prediction.bucket]++
      }
    },
    finish: () => ({ bytes: out.take(), profiles, rows: out.lines, buckets, segments }),
  }
}
