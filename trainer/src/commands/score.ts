import type { Model } from '@auspex/core'
import { CliError } from './cli-error.ts'
import { checkOutPath } from './out-path.ts'
import { helpText, isoFlag, parseFlags, type Flags } from './args.ts'
import { formatCount, progressPrinter, type CliIo } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { readModel } from './model-dir.ts'
import { addScored, emptyTally, openScoreFile, printScoreSummary, scoreFileColumns, type ScoredProfile } from './score-output.ts'
import { readSegmentsFile, unscoredGoalWarnings, type SegmentsFile } from './segments-file.ts'
import { SOURCE_FLAGS } from './source.ts'
import { openProfilePublisher, PUBLISH_PROFILES_FLAGS, publishProfilesTarget, type ProfilePublisher } from './publish-profiles.ts'
import { openShardedInput, shardTip } from './sharded-input.ts'
import { ENGINE_FLAGS, engineFlags, startEngine } from '../engine/engine-flags.ts'
import { engineScoreRows, writeRenderedScores } from '../engine/score-rows.ts'
import type { LocalEngine } from '../engine/local-engine.ts'
import type { RenderSpec } from '../engine/render.ts'

export const SCORE_FLAGS: Flags = {
  ...SOURCE_FLAGS,
  model: { type: 'string', multiple: true, required: true, value: 'DIR', help: 'model folder written by auspex train; repeat for several goals (adds a goal column, one row per profile and goal)' },
  'as-of': { type: 'string', value: 'ISO', help: 'score at this moment from events before it (default: just after the last event)' },
  out: { type: 'string', value: 'FILE', help: 'scores file: .csv or .jsonl (required unless --publish-profiles)' },
  segments: { type: 'string', value: 'FILE', help: 'segment rules (JSON, e.g. goals/segments.json): adds a segments column' },
  ...ENGINE_FLAGS,
  json: { type: 'boolean', help: 'print one JSON document on stdout; no progress' },
  ...PUBLISH_PROFILES_FLAGS,
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
  const target = publishProfilesTarget(flags, io)
  const out = flags.out as string | undefined
  if (out === undefined && !target) throw new CliError('USAGE', 'auspex score: --out is required (scores file: .csv or .jsonl) unless --publish-profiles is given; see auspex score --help')
  const format = out === undefined ? undefined : /\.csv$/i.test(out) ? 'csv' : /\.jsonl$/i.test(out) ? 'jsonl' : undefined
  if (out !== undefined && !format) throw new CliError('USAGE', `auspex score: --out ${out}: the file name must end in .csv or .jsonl`)
  if (out !== undefined) await checkOutPath('score', out, 'file')
  const json = flags.json === true
  // checked before the (possibly long) read of the events
  const asOfFlag = isoFlag('score', 'as-of', flags['as-of'] as string | undefined)
  const choice = engineFlags('score', flags)
  if (target && choice.engine === 'queues') {
    throw new CliError('USAGE', 'auspex score: --publish-profiles scores on this machine (it uploads each profile\'s feature state, which queue results do not carry); drop --engine queues, or publish in a second run')
  }
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
  const { source, shards, readSeconds } = await openShardedInput('score', flags, onProgress, choice)
  onProgress.flush() // the reading's last counts; the last "scored" count is left to the summary line
  // publishing profiles needs each profile's feature states, which shard rows do not carry: it scores in this thread
  const engine = early ?? (shards && !target ? await startEngine(choice, context).catch(async (e: unknown) => { await source.close(); throw e }) : undefined)
  try {
    const asOf = asOfFlag ?? (source.summary.lastTimestamp ?? Date.now()) + 1
    const writer = out === undefined || format === undefined ? undefined : await openScoreFile(out, format, goals, rules)
    const profiles: ProfilePublisher | undefined = target ? await openProfilePublisher({ io, target, goals: Object.fromEntries(models.map((m) => [m.goal.name, m.version])), asOf, onProgress }) : undefined
    const tally = emptyTally(goals, rules)
    try {
      if (engine && shards && writer && format && 'renderScores' in engine) {
        // local worker threads render the file's lines themselves
        const task = { kind: 'score' as const, artifacts: models.map((m) => m.artifact), asOf, ...(rules ? { segments: rules.rules } : {}) }
        const spec: RenderSpec = { format, columns: scoreFileColumns(goals, rules), goals, goalColumn: goals.length > 1 }
        await writeRenderedScores(engine as LocalEngine, shards, task, spec, writer, tally, (done) => onProgress({ step: 'scored', done, unit: 'shards' }))
      } else {
        // other engines and this thread give rows to write here (with feature states in this thread, for profiles)
        const scored = engine && shards ? engineScoreRows(engine, shards, models.map((m) => m.artifact), asOf) : modelApi.scoreProfiles(models, source, asOf)
        const onProfile = profiles && (async (p: ScoredProfile, segments: string[] | undefined) => { await profiles.add({ profileId: p.profileId, predictions: p.predictions, states: p.states ?? {} }, segments) })
        await addScored(tally, goals, scored, { writer, rules, onProfile, onProgress })
      }
    } catch (error) {
      await profiles?.discard()
      throw error
    } finally {
      await writer?.close()
    }
    onProgress.flush()
    const published = await profiles?.finish()
    onProgress.flush()
    const lines = published ? [`  published ${formatCount(published.profiles)} profiles to ${target!.endpoint} as generation ${published.generation} (${published.buckets} buckets, ${published.seconds.toFixed(1)} s)${published.previous ? `, replacing ${published.previous}` : ''}`] : []
    printScoreSummary(io, json, models.map((m) => ({ goal: m.goal.name, version: m.version })), asOf, tally,
      { rules, warnings, out, ...(published ? { extra: { profilesPublished: published } } : {}), lines })
    const tip = json ? undefined : shardTip('score', flags.events as string[], readSeconds)
    if (tip) io.stderr(tip)
    return 0
  } finally {
    await engine?.close()
    await source.close()
  }
}
