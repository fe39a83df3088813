import { matchingSegments } from '@auspex/core'
import { helpText, intFlag, parseFlags, type Flags } from './args.ts'
import { CliError } from './cli-error.ts'
import type { CliIo } from './io.ts'
import { readModel } from './model-dir.ts'
import { readSegmentsFile, unscoredGoalWarnings } from './segments-file.ts'
import { readScoreProfiles, type ScoreFileInfo } from '../segments/score-file.ts'
import { renderSegmentTable } from '../segments/render-table.ts'
import { rowPredictions, SegmentTally } from '../segments/tally.ts'

export const SEGMENTS_FLAGS: Flags = {
  scores: { type: 'string', required: true, value: 'FILE', help: 'a score file written by auspex score (.csv or .jsonl)' },
  segments: { type: 'string', value: 'FILE', help: 'segment rules to evaluate on the scores (default: the file\'s segments column)' },
  model: { type: 'string', multiple: true, value: 'DIR', help: 'the model that wrote a score file without a goal column (names its goal)' },
  top: { type: 'string', value: 'N', help: 'top factors per segment; default 5' },
  json: { type: 'boolean', help: 'print one JSON document on stdout' },
}

/**
 * `auspex segments`: the population view of a score file — per segment its size, share of the scored
 * profiles, mean score per goal and top factors. Returns the exit code.
 */
export async function segmentsCommand(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags('segments', argv, SEGMENTS_FLAGS)
  if (flags === 'help') { io.stdout(helpText('segments', 'summarise each segment of a score file: size, share, mean score, top factors', SEGMENTS_FLAGS)); return 0 }
  const path = flags.scores as string
  const top = intFlag('segments', 'top', flags.top as string | undefined) ?? 5
  if (top < 0) throw new CliError('USAGE', `auspex segments: --top ${top}: expected 0 or more`)
  const models = await Promise.all(((flags.model as string[] | undefined) ?? []).map((dir) => readModel(dir)))
  const rules = flags.segments === undefined ? undefined : await readSegmentsFile(flags.segments as string)
  const fileGoal = models.length === 1 ? models[0]!.goal.name : 'score'
  const checkInfo = (info: ScoreFileInfo) => {
    if (rules && !info.hasGoal && models.length !== 1) {
      throw new CliError('USAGE', `auspex segments: --scores ${path} has no goal column (the scores of one model): pass --model DIR of the model that wrote it, so the rules can read its goal`)
    }
    if (!rules && !info.hasSegments) {
      throw new CliError('USAGE', `auspex segments: --scores ${path} has no segments column: pass --segments FILE to evaluate rules on these scores, or write it with auspex score --segments FILE`)
    }
  }
  const tally = new SegmentTally(rules?.segments.map((s) => s.name))
  for await (const rows of readScoreProfiles(path, fileGoal, checkInfo)) {
    tally.add(rows, rules ? matchingSegments(rules.segments, rowPredictions(rows)) : rows[0]!.segments ?? [])
  }
  const summary = tally.summary(top, new Map(models.flatMap((m) => m.engine.spec.map((d) => [d.code, d.name] as const))))
  const warnings = rules && summary.profiles > 0 ? unscoredGoalWarnings(rules.segments, summary.goals) : []
  for (const w of warnings) io.stderr(`warning: ${w}\n`)
  if (flags.json === true) io.stdout(JSON.stringify({ ok: true, scores: path, ...summary, warnings }) + '\n')
  else io.stdout(renderSegmentTable(summary))
  return 0
}
