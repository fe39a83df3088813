import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { Bucket, Importance } from '@auspex/core'
import { CliError } from '../commands/cli-error.ts'
import { splitCsvLine } from './csv-line.ts'

/** A factor as a score file holds it. */
export interface FileFactor { code: string; label: string; value: number | null; contribution: number; importance: Importance }

/** One row of a score file written by `auspex score`. */
export interface ScoreRow {
  profileId: string
  /** the row's goal: the `goal` column, else the file's goal (from `--model`) */
  goal: string
  probability: number
  score: number
  percentile: number
  bucket: Bucket
  factors: FileFactor[]
  /** the `segments` column, when the file has one */
  segments?: string[]
}

/** The columns every score file has. */
export const REQUIRED_SCORE_COLUMNS = ['profileId', 'probability', 'score', 'percentile', 'bucket', 'factors'] as const

const BUCKETS = ['low', 'medium', 'high']

function fail(path: string, line: number, message: string): never {
  throw new CliError('SCORES_FILE', `--scores ${path}:${line}: ${message}; write score files with auspex score`)
}

function toRow(path: string, line: number, r: Record<string, unknown>, fileGoal: string, hasSegments: boolean): ScoreRow {
  const num = (key: string, lo: number, hi: number) => {
    const v = typeof r[key] === 'string' && r[key] !== '' ? Number(r[key]) : r[key]
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) fail(path, line, `${key}: expected a number within ${lo}–${hi}, got ${JSON.stringify(r[key])}`)
    return v
  }
  const json = (key: string) => {
    if (typeof r[key] !== 'string') return r[key]
    try { return JSON.parse(r[key] as string) as unknown } catch { return fail(path, line, `${key}: not a JSON array`) }
  }
  if (typeof r.profileId !== 'string' || r.profileId === '') fail(path, line, 'profileId: expected a non-empty id')
  if (!BUCKETS.includes(r.bucket as string)) fail(path, line, `bucket: expected low, medium or high, got ${JSON.stringify(r.bucket)}`)
  const factors = json('factors')
  if (!Array.isArray(factors) || factors.some((f) => typeof f?.code !== 'string' || typeof f?.contribution !== 'number')) fail(path, line, 'factors: expected an array of {code,label,value,contribution,importance}')
  const segments = hasSegments ? json('segments') : undefined
  if (hasSegments && (!Array.isArray(segments) || segments.some((s) => typeof s !== 'string'))) fail(path, line, 'segments: expected an array of segment names')
  const goal = r.goal === undefined || r.goal === '' ? fileGoal : r.goal
  if (typeof goal !== 'string') fail(path, line, 'goal: expected a goal name')
  return {
    profileId: r.profileId as string, goal, probability: num('probability', 0, 1), score: num('score', 0, 100), percentile: num('percentile', 0, 100),
    bucket: r.bucket as Bucket, factors: factors as FileFactor[], ...(hasSegments ? { segments: segments as string[] } : {}),
  }
}

/** What a score file offers, known once its header (CSV) or first row (JSONL) is read. */
export interface ScoreFileInfo { hasGoal: boolean; hasSegments: boolean }

function columnsInfo(path: string, keys: string[]): ScoreFileInfo {
  const missing = REQUIRED_SCORE_COLUMNS.filter((c) => !keys.includes(c))
  if (missing.length) throw new CliError('SCORES_FILE', `--scores ${path}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; a score file has ${REQUIRED_SCORE_COLUMNS.join(',')} (+ goal, segments), as auspex score writes it`)
  return { hasGoal: keys.includes('goal'), hasSegments: keys.includes('segments') }
}

/**
 * Streams a score file (`.csv` or `.jsonl`, as `auspex score` writes it) profile by profile: consecutive rows
 * of one profile (one per goal) come together. `fileGoal` names the goal of rows without a `goal` column.
 * `onInfo` is called before the first profile. @throws CliError SCORES_FILE naming the file, line and field or missing columns
 */
export async function* readScoreProfiles(path: string, fileGoal: string, onInfo: (info: ScoreFileInfo) => void): AsyncIterable<ScoreRow[]> {
  const format = /\.csv$/i.test(path) ? 'csv' : /\.jsonl$/i.test(path) ? 'jsonl' : undefined
  if (!format) throw new CliError('USAGE', `--scores ${path}: expected a .csv or .jsonl file written by auspex score`)
  try { await access(path) } catch { throw new CliError('USAGE', `--scores ${path}: no such file; write one with auspex score --out`) }
  let header: string[] | undefined
  let info: ScoreFileInfo | undefined
  let group: ScoreRow[] = []
  const seen = new Set<string>()
  let line = 0
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++
    if (text.trim() === '') continue
    let record: Record<string, unknown>
    if (format === 'csv') {
      const fields = splitCsvLine(text)
      if (!fields) fail(path, line, 'unterminated quoted field')
      if (!header) { header = fields; info = columnsInfo(path, header); onInfo(info); continue }
      if (fields.length !== header.length) fail(path, line, `expected ${header.length} fields like the header, got ${fields.length}`)
      record = Object.fromEntries(header.map((h, i) => [h, fields[i]]))
    } else {
      try { record = JSON.parse(text) as Record<string, unknown> } catch { fail(path, line, 'not a JSON object') }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) fail(path, line, 'not a JSON object')
    }
    if (!info) { info = columnsInfo(path, Object.keys(record)); onInfo(info) }
    const row = toRow(path, line, record, fileGoal, info.hasSegments)
    if (group.length && group[0]!.profileId !== row.profileId) {
      yield group
      group = []
    }
    if (!group.length) {
      if (seen.has(row.profileId)) fail(path, line, `profile ${row.profileId} appears again after other profiles; its rows must be together`)
      seen.add(row.profileId)
    }
    group.push(row)
  }
  if (group.length) yield group
}
