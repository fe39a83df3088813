import type { Model } from '@auspex/core'
import { CliError } from './cli-error.ts'
import { checkOutPath } from './out-path.ts'
import { helpText, isoFlag, parseFlags, type Flags } from './args.ts'
import { progressPrinter, type CliIo } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { readModel } from './model-dir.ts'
import { printScoreSummary, writeScoreFile } from './score-output.ts'
import { readSegmentsFile, unscoredGoalWarnings, type SegmentsFile } from './segments-file.ts'
import { SOURCE_FLAGS } from './source.ts'
import { openShardedInput } from './sharded-input.ts'
import { ENGINE_FLAGS, engineFlags, startEngine } from '../engine/engine-flags.ts'
import { engineScoreRows } from '../engine/score-rows.ts'

export const SCORE_FLAGS: Flags = {
  ...SOURCE_FLAGS,
  model: { type: 'string', multiple: true, required: true, value: 'DIR', help: 'model folder written by auspex train; repeat for several goals (adds a goal column, one row per profile and goal)' },
  'as-of': { type: 'string', value: 'ISO', help: 'score at this moment from events before it (default: just after the last event)' },
  out: { type: 'string', required: true, value: 'FILE', help: 'scores file: .csv or .jsonl' },
  segments: { type: 'string', value: 'FILE', help: 'segment rules (JSON, e.g. goals/segments.json): adds a segments column' },
  ...ENGINE_FLAGS,
  json: { type: 'boolean', help: 'print one JSON document on stdout; no progress' },
}

/** Loads the `--model` folders; two models of the same goal are refused. */
async function readModels(dirs: string[]): Promise<Model[]> {
  const models: Model[] = []
  for (const dir of dirs) {
    const model = await readModel(dir)
    const twin = models.find((m) => m.goal.name === model.goal.name)
    if (twin) throw new CliError('USAGE', `auspex score: --model ${dir}: a second model for goal ${model.goal.name}; give one model per goal`)
    models.push(model)
  }
  return models
}

/**
 * `auspex score`: one row per eligible profile scored at `--as-of` (per profile and goal with several
 * `--model`s), with the segments each profile matches when `--segments` is given. Returns the exit code.
 */
export async function scoreCommand(argv: string[], io: CliIo, api: () => Promise<ModelApi>): Promise<number> {
  const flags = parseFlags('score', argv, SCORE_FLAGS)
  if (flags === 'help') { io.stdout(helpText('score', 'score every eligible profile and write CSV or JSONL', SCORE_FLAGS)); return 0 }
  const out = flags.out as string
  const format = /\.csv$/i.test(out) ? 'csv' : /\.jsonl$/i.test(out) ? 'jsonl' : undefined
  if (!format) throw new CliError('USAGE', `auspex score: --out ${out}: the file name must end in .csv or .jsonl`)
  await checkOutPath('score', out, 'file')
  const json = flags.json === true
  // checked before the (possibly long) read of the events
  const asOfFlag = isoFlag('score', 'as-of', flags['as-of'] as string | undefined)
  const choice = engineFlags('score', flags)
  const onProgress = progressPrinter(io, json)
  const models = await readModels(flags.model as string[])
  const goals = models.map((m) => m.goal.name)
  const rules: SegmentsFile | undefined = flags.segments === undefined ? undefined : await readSegmentsFile(flags.segments as string)
  const warnings = rules ? unscoredGoalWarnings(rules.segments, goals) : []
  for (const w of warnings) io.stderr(`warning: ${w}\n`)
  const modelApi = await api()
  // the queues engine starts first: an unreachable edge or a bad token fails before the (long) read of the export
  const context = { io, command: 'score', onProgress }
  const early = choice.engine === 'queues' ? await startEngine(choice, context) : undefined
  const { source, shards } = await openShardedInput('score', flags, onProgress, choice)
  onProgress.flush() // the reading's last counts; the last "scored" count is left to the summary line
  const engine = early ?? (shards ? await startEngine(choice, context).catch(async (e: unknown) => { await source.close(); throw e }) : undefined)
  try {
    const asOf = asOfFlag ?? (source.summary.lastTimestamp ?? Date.now()) + 1
    const scored = engine && shards ? engineScoreRows(engine, shards, models.map((m) => m.artifact), asOf) : modelApi.scoreProfiles(models, source, asOf)
    const summary = await writeScoreFile(out, format, goals, scored, rules, onProgress)
    printScoreSummary(io, json, models.map((m) => ({ goal: m.goal.name, version: m.version })), asOf, summary, { rules, warnings, out })
    return 0
  } finally {
    await engine?.close()
    await source.close()
  }
}
