import { AuspexError, compileSegments, type Segment, type SegmentRule } from '@auspex/core'
import { CliError } from './cli-error.ts'
import { readJsonFile } from './json-file.ts'

/** A segments file, read and validated: the raw rules (what is published) and the compiled segments. */
export interface SegmentsFile {
  path: string
  rules: SegmentRule[]
  segments: Segment[]
}

/**
 * Reads a segments file (a JSON array of rules, e.g. goals/segments.json) and validates it with core's
 * `compileSegments`. @throws CliError USAGE (missing file, not JSON) or INVALID_SEGMENT naming the file and the JSON path
 */
export async function readSegmentsFile(path: string): Promise<SegmentsFile> {
  const raw = await readJsonFile(path, (kind, why, cause) => kind === 'missing'
    ? new CliError('USAGE', `--segments ${path}: no such file; a segments file is a JSON array of rules (see goals/segments.json)`)
    : new CliError('USAGE', `--segments ${path}: not valid JSON (${why})`, { cause }))
  try {
    return { path, rules: raw as SegmentRule[], segments: compileSegments(raw) }
  } catch (cause) {
    if (cause instanceof AuspexError) throw new CliError('INVALID_SEGMENT', `--segments ${path}: ${cause.message}`, { cause })
    throw cause
  }
}

/** For each rule reading a goal that is not among `goals`: one warning naming the rule and the goal (it cannot match). */
export function unscoredGoalWarnings(segments: readonly Segment[], goals: readonly string[]): string[] {
  const out: string[] = []
  for (const s of segments) {
    for (const g of s.goals) {
      if (!goals.includes(g)) out.push(`segment "${s.name}" reads goal "${g}", which is not scored (no --model for it): its conditions are false, so the rule cannot match as intended; add --model for ${g}`)
    }
  }
  return out
}
