import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { once } from 'node:events'
import type { Prediction } from '@auspex/core'
import { csvField, scoreCsvLine } from './score-line.ts'

export { csvField }

/** The CSV header of `auspex score` with one model and no segments (a contract). */
export const SCORE_COLUMNS = ['profileId', 'probability', 'score', 'percentile', 'bucket', 'factors'] as const

/** Every column a score file may have: the contract's, then `goal` (several models) and `segments` (`--segments`). */
export type ScoreColumn = (typeof SCORE_COLUMNS)[number] | 'goal' | 'segments'


/** One output record: the contract's fields, factors as `{code,label,value,contribution,importance}`. */
export function scoreRecord(profileId: string, p: Prediction): Record<(typeof SCORE_COLUMNS)[number], unknown> {
  return {
    profileId,
    probability: p.probability,
    score: p.score,
    percentile: p.percentile,
    bucket: p.bucket,
    factors: p.factors.map((f) => ({ code: f.code, label: f.label, value: f.value, contribution: f.contribution, importance: f.importance })),
  }
}

/** Formats a record as one CSV line (no newline), in the order of `columns` (default: the contract's). */
export function csvLine(record: Partial<Record<ScoreColumn, unknown>>, columns: readonly ScoreColumn[] = SCORE_COLUMNS): string {
  return columns.map((c) => {
    const v = record[c]
    return csvField(typeof v === 'string' ? v : JSON.stringify(v))
  }).join(',')
}

/** The columns of a score file: the contract's, plus `goal` with several models and `segments` with rules. */
export function scoreColumns(options: { goal?: boolean; segments?: boolean } = {}): ScoreColumn[] {
  return [...SCORE_COLUMNS, ...(options.goal ? ['goal' as const] : []), ...(options.segments ? ['segments' as const] : [])]
}

/** What a row may add to the contract's fields. */
export interface ScoreExtras {
  goal?: string
  segments?: string[]
}

/** A streaming writer of scores to `.csv` or `.jsonl` (the format follows the file name). */
export interface ScoreWriter {
  write(profileId: string, prediction: Prediction, extras?: ScoreExtras): Promise<void>
  /** Writes lines formatted elsewhere ({@link scoreLine}, e.g. in a worker thread), each ending in a newline (bytes: UTF-8). */
  writeText(text: string | Uint8Array): Promise<void>
  close(): Promise<void>
}

/** One row of a score file (no newline): CSV or JSON Lines, in the order of `columns`. */
export function scoreLine(format: 'csv' | 'jsonl', columns: readonly ScoreColumn[], profileId: string, prediction: Prediction, extras: ScoreExtras = {}): string {
  if (format === 'csv') return scoreCsvLine(profileId, prediction, extras, columns)
  const full: Partial<Record<ScoreColumn, unknown>> = { ...scoreRecord(profileId, prediction), goal: extras.goal, segments: extras.segments }
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c, full[c]])))
}

/**
 * Opens a score file for writing. `format` must be 'csv' or 'jsonl'; `columns` (from {@link scoreColumns})
 * decides whether rows carry `goal` and `segments` (a JSON array in CSV, an array in JSONL).
 */
export async function openScoreWriter(path: string, format: 'csv' | 'jsonl', columns: readonly ScoreColumn[] = SCORE_COLUMNS): Promise<ScoreWriter> {
  await mkdir(dirname(path), { recursive: true })
  const out = createWriteStream(path)
  if (format === 'csv') out.write(columns.join(',') + '\n')
  return {
    async write(profileId, prediction, extras = {}) {
      const ok = out.write(scoreLine(format, columns, profileId, prediction, extras) + '\n')
      if (!ok) await once(out, 'drain')
    },
    async writeText(text) {
      if (!out.write(text)) await once(out, 'drain')
    },
    async close() {
      out.end()
      await once(out, 'finish')
    },
  }
}
