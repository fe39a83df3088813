import { matchingSegments, type Prediction } from '@auspex/core'
import { formatCount, type CliIo } from './io.ts'
import { openScoreWriter, scoreColumns } from './score-writer.ts'
import type { SegmentsFile } from './segments-file.ts'
import type { ProgressFn } from '../types.ts'

/** Scored profiles in output order, from whichever engine computed them. */
export type ScoredProfiles = AsyncIterable<{ profileId: string; predictions: Record<string, Prediction> }>

/** What a score file holds, for the summary. */
export interface ScoreFileSummary {
  profiles: number
  rows: number
  buckets: Record<string, { low: number; medium: number; high: number }>
  /** profiles per segment (with rules) */
  sizes: Record<string, number>
}

/**
 * Writes `scored` to `out` (`.csv`/`.jsonl`): one row per profile and goal (in `goals` order), a `goal` column with
 * several goals, a `segments` column with rules. Shared by `auspex score` (either engine) and `auspex job --out`.
 */
export async function writeScoreFile(out: string, format: 'csv' | 'jsonl', goals: readonly string[], scored: ScoredProfiles,
  rules: SegmentsFile | undefined, onProgress: ProgressFn): Promise<ScoreFileSummary> {
  const several = goals.length > 1
  const writer = await openScoreWriter(out, format, scoreColumns({ goal: several, segments: rules !== undefined }))
  let profiles = 0
  let rows = 0
  const buckets = Object.fromEntries(goals.map((g) => [g, { low: 0, medium: 0, high: 0 }]))
  const sizes = Object.fromEntries((rules?.segments ?? []).map((s) => [s.name, 0]))
  try {
    for await (const { profileId, predictions } of scored) {
      const segments = rules ? matchingSegments(rules.segments, predictions) : undefined
      for (const s of segments ?? []) sizes[s]!++
      for (const goal of goals) {
        const prediction = predictions[goal]
        if (!prediction) continue
        await writer.write(profileId, prediction, { ...(several ? { goal } : {}), ...(segments ? { segments } : {}) })
        buckets[goal]![prediction.bucket]++
        rows++
      }
      if (++profiles % 1000 === 0) onProgress({ step: 'scored', done: profiles, unit: 'profiles' })
    }
  } finally {
    await writer.close()
  }
  return { profiles, rows, buckets, sizes }
}

/** Prints the summary of a written score file: one JSON document with `json`, else a few lines. */
export function printScoreSummary(io: CliIo, json: boolean, models: ReadonlyArray<{ goal: string; version: string }>, asOf: number,
  summary: ScoreFileSummary, options: { rules?: SegmentsFile | undefined; warnings: string[]; out: string; extra?: Record<string, unknown> }): void {
  const { profiles: n, rows, buckets, sizes } = summary
  const asOfIso = new Date(asOf).toISOString()
  const several = models.length > 1
  if (json) {
    const single = several ? {} : { goal: models[0]?.goal, modelVersion: models[0]?.version, buckets: buckets[models[0]?.goal ?? ''] }
    io.stdout(JSON.stringify({ ok: true, ...single, models, asOf: asOfIso, profiles: n, rows, bucketsByGoal: buckets,
      ...(options.rules ? { segments: sizes } : {}), warnings: options.warnings, out: options.out, ...options.extra }) + '\n')
    return
  }
  const lines = [`scored ${formatCount(n)} eligible profiles at ${asOfIso} (${formatCount(rows)} rows)`]
  for (const m of models) { const b = buckets[m.goal]!; lines.push(`  ${m.goal} ${m.version}: ${b.high} high, ${b.medium} medium, ${b.low} low`) }
  if (options.rules) lines.push(`  segments: ${Object.entries(sizes).map(([s, k]) => `${s} ${formatCount(k)}`).join(', ') || 'none'}`)
  lines.push(`  wrote ${options.out}`)
  io.stdout(lines.join('\n') + '\n')
}
