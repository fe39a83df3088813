/**
 * A score file's rows and its summary, shared by `auspex score` (either engine, one thread or shard workers) and
 * `auspex job --out`: one row per profile and goal (in `goals` order), a `goal` column with several goals, a
 * `segments` column with rules, and the tallies the summary prints.
 */
import { matchingSegments, type FeatureState, type Prediction } from '@auspex/core'
import type { ScoreTally } from '../engine/score-rows.ts'
import { formatCount, type CliIo } from './io.ts'
import { openScoreWriter, scoreColumns, type ScoreColumn, type ScoreWriter } from './score-writer.ts'
import type { SegmentsFile } from './segments-file.ts'
import type { ProgressFn } from '../types.ts'

export type { ScoreTally } from '../engine/score-rows.ts'

/** A scored profile as an engine yields it (`states` only where the profile was scored in this thread). */
export interface ScoredProfile {
  profileId: string
  predictions: Record<string, Prediction>
  states?: Record<string, FeatureState>
}

/** Scored profiles in output order, from whichever engine computed them. */
export type ScoredProfiles = AsyncIterable<ScoredProfile> | Iterable<ScoredProfile>

/** Empty tallies: every goal's buckets and every rule's segment at 0. */
export function emptyTally(goals: readonly string[], rules: SegmentsFile | undefined): ScoreTally {
  return {
    profiles: 0, rows: 0,
    buckets: Object.fromEntries(goals.map((g) => [g, { low: 0, medium: 0, high: 0 }])),
    segments: Object.fromEntries((rules?.segments ?? []).map((s) => [s.name, 0])),
  }
}

export interface AddScoredOptions {
  /** where the rows go (none: only tallied, e.g. when only profiles are published) */
  writer?: ScoreWriter | undefined
  rules?: SegmentsFile | undefined
  /** called for each profile with the segments it matches, before its rows are written */
  onProfile?: ((profile: ScoredProfile, segments: string[] | undefined) => Promise<void>) | undefined
  onProgress: ProgressFn
}

/** Writes and tallies `scored` (see the module comment). */
export async function addScored(tally: ScoreTally, goals: readonly string[], scored: ScoredProfiles, options: AddScoredOptions): Promise<void> {
  const { writer, rules, onProfile, onProgress } = options
  const several = goals.length > 1
  for await (const profile of scored) {
    const { profileId, predictions } = profile
    const segments = rules ? matchingSegments(rules.segments, predictions) : undefined
    await onProfile?.(profile, segments)
    for (const s of segments ?? []) tally.segments[s] = (tally.segments[s] ?? 0) + 1
    for (const goal of goals) {
      const prediction = predictions[goal]
      if (!prediction) continue
      await writer?.write(profileId, prediction, { ...(several ? { goal } : {}), ...(segments ? { segments } : {}) })
      tally.buckets[goal]![prediction.bucket]++
      tally.rows++
    }
    if (++tally.profiles % 1000 === 0) onProgress({ step: 'scored', done: tally.profiles, unit: 'profiles' })
  }
}

/** The columns of a score file: a `goal` column with several goals, a `segments` column with rules. */
export function scoreFileColumns(goals: readonly string[], rules: SegmentsFile | undefined): ScoreColumn[] {
  return scoreColumns({ goal: goals.length > 1, segments: rules !== undefined })
}

/** Opens the score file `out` (`.csv`/`.jsonl`) with the columns `goals` and `rules` call for. */
export function openScoreFile(out: string, format: 'csv' | 'jsonl', goals: readonly string[], rules: SegmentsFile | undefined): Promise<ScoreWriter> {
  return openScoreWriter(out, format, scoreFileColumns(goals, rules))
}

/** Writes `scored` to `out` and returns the tallies. */
export async function writeScoreFile(out: string, format: 'csv' | 'jsonl', goals: readonly string[], scored: ScoredProfiles,
  rules: SegmentsFile | undefined, onProgress: ProgressFn): Promise<ScoreTally> {
  const writer = await openScoreFile(out, format, goals, rules)
  const tally = emptyTally(goals, rules)
  try {
    await addScored(tally, goals, scored, { writer, rules, onProgress })
  } finally {
    await writer.close()
  }
  return tally
}

export interface SummaryOptions {
  rules?: SegmentsFile | undefined
  warnings: string[]
  /** the score file, when one was written */
  out?: string | undefined
  /** more fields of the JSON document */
  extra?: Record<string, unknown>
  /** more lines of the text summary */
  lines?: string[]
}

/** Prints the summary of a scoring run: one JSON document with `json`, else a few lines. */
export function printScoreSummary(io: CliIo, json: boolean, models: ReadonlyArray<{ goal: string; version: string }>, asOf: number,
  tally: ScoreTally, options: SummaryOptions): void {
  const { profiles: n, rows, buckets, segments } = tally
  const asOfIso = new Date(asOf).toISOString()
  const several = models.length > 1
  if (json) {
    const single = several ? {} : { goal: models[0]?.goal, modelVersion: models[0]?.version, buckets: buckets[models[0]?.goal ?? ''] }
    io.stdout(JSON.stringify({ ok: true, ...single, models, asOf: asOfIso, profiles: n, rows, bucketsByGoal: buckets,
      ...(options.rules ? { segments } : {}), warnings: options.warnings, ...(options.out === undefined ? {} : { out: options.out }), ...options.extra }) + '\n')
    return
  }
  const lines = [`scored ${formatCount(n)} eligible profiles at ${asOfIso} (${formatCount(rows)} rows)`]
  for (const m of models) { const b = buckets[m.goal]!; lines.push(`  ${m.goal} ${m.version}: ${b.high} high, ${b.medium} medium, ${b.low} low`) }
  if (options.rules) lines.push(`  segments: ${Object.entries(segments).map(([s, k]) => `${s} ${formatCount(k)}`).join(', ') || 'none'}`)
  if (options.out !== undefined) lines.push(`  wrote ${options.out}`)
  lines.push(...(options.lines ?? []))
  io.stdout(lines.join('\n') + '\n')
}
