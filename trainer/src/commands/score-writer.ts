import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { once } from 'node:events'
import type { Prediction } from '@auspex/core'

/** The CSV header of `auspex score` (a contract). */
export const SCORE_COLUMNS = ['profileId', 'probability', 'score', 'percentile', 'bucket', 'factors'] as const

/** Quotes one CSV field when needed (comma, quote, CR or LF), doubling inner quotes (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

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

/** Formats a record as one CSV line (no newline). */
export function csvLine(record: ReturnType<typeof scoreRecord>): string {
  return SCORE_COLUMNS.map((c) => {
    const v = record[c]
    return csvField(typeof v === 'string' ? v : JSON.stringify(v))
  }).join(',')
}

/** A streaming writer of scores to `.csv` or `.jsonl` (the format follows the file name). */
export interface ScoreWriter {
  write(profileId: string, prediction: Prediction): Promise<void>
  close(): Promise<void>
}

/** Opens a score file for writing. `format` must be 'csv' or 'jsonl'. */
export async function openScoreWriter(path: string, format: 'csv' | 'jsonl'): Promise<ScoreWriter> {
  await mkdir(dirname(path), { recursive: true })
  const out = createWriteStream(path)
  if (format === 'csv') out.write(SCORE_COLUMNS.join(',') + '\n')
  return {
    async write(profileId, prediction) {
      const record = scoreRecord(profileId, prediction)
      const ok = out.write((format === 'csv' ? csvLine(record) : JSON.stringify(record)) + '\n')
      if (!ok) await once(out, 'drain')
    },
    async close() {
      out.end()
      await once(out, 'finish')
    },
  }
}
