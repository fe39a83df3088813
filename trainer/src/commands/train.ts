import type { Flags } from './args.ts'
import { intFlag, isoFlag, parseFlags, helpText } from './args.ts'
import { formatCount, progressPrinter, type CliIo } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { readGoalFile, writeModelDir } from './model-dir.ts'
import { SOURCE_FLAGS } from './source.ts'
import { openShardedInput, shardTip } from './sharded-input.ts'
import { ENGINE_FLAGS, engineFlags, startEngine } from '../engine/engine-flags.ts'
import { enginePhases } from '../engine/phase-runner.ts'
import { CliError } from './cli-error.ts'
import { checkOutPath } from './out-path.ts'
import { DEFAULT_MAX_EXAMPLES } from '../model/sample.ts'
import { renderReport } from '../report/index.ts'
import { reportSegments } from '../segments/report-segments.ts'
import { readSegmentsFile } from './segments-file.ts'
import { loadModel } from '@auspex/core'
import { PRESETS } from '../ingest/mapping.ts'

export const TRAIN_FLAGS: Flags = {
  ...SOURCE_FLAGS,
  goal: { type: 'string', required: true, value: 'FILE', help: 'goal JSON file (e.g. goals/purchase-30d.json)' },
  out: { type: 'string', required: true, value: 'DIR', help: 'output folder: model.json, metrics.json, report.html' },
  before: { type: 'string', value: 'ISO', help: 'train only on events before this time' },
  seed: { type: 'string', value: 'N', help: 'random seed (same seed, same data → same artifact); default 1' },
  'max-examples': { type: 'string', value: 'N', help: `train on a seeded sample of at most N point-in-time examples; default ${DEFAULT_MAX_EXAMPLES}` },
  segments: { type: 'string', value: 'FILE', help: 'segment rules (JSON): adds a segments section to report.html (hold-out population)' },
  holdout: { type: 'string', value: 'time|profiles', help: 'test on a later cut-off (time, default) or, for a history too short for that, on a third of the profiles at the validation cut-off' },
  currency: { type: 'string', value: 'CODE', help: 'ISO 4217 code of the events\' values (e.g. GBP): labels show money with it; default: the preset\'s' },
  'data-note': { type: 'string', value: 'TEXT', help: 'a note on the data (e.g. what is real and what is simulated): kept in model.json (training.dataNote) and shown atop report.html' },
  ...ENGINE_FLAGS,
  json: { type: 'boolean', help: 'print one JSON document on stdout; no progress' },
}

/** `auspex train`: ingest, train, calibrate, evaluate, then write the model folder. Returns the exit code. */
export async function trainCommand(argv: string[], io: CliIo, api: () => Promise<ModelApi>): Promise<number> {
  const flags = parseFlags('train', argv, TRAIN_FLAGS)
  if (flags === 'help') { io.stdout(helpText('train', 'train a model from an event export and a goal', TRAIN_FLAGS)); return 0 }
  const json = flags.json === true
  const goal = await readGoalFile(flags.goal as string)
  const before = isoFlag('train', 'before', flags.before as string | undefined)
  const seed = intFlag('train', 'seed', flags.seed as string | undefined) ?? 1
  const maxExamples = intFlag('train', 'max-examples', flags['max-examples'] as string | undefined)
  const currency = currencyFlag(flags.currency as string | undefined, flags.preset as string | undefined)
  const holdout = holdoutFlag(flags.holdout as string | undefined)
  if (maxExamples !== undefined && maxExamples < 1) throw new CliError('USAGE', `auspex train: --max-examples ${maxExamples}: expected a positive integer such as 200000`)
  const dataNote = typeof flags['data-note'] === 'string' ? flags['data-note'].trim() : undefined
  const rules = flags.segments === undefined ? undefined : await readSegmentsFile(flags.segments as string)
  const choice = engineFlags('train', flags)
  await checkOutPath('train', flags.out as string, 'folder')
  const onProgress = progressPrinter(io, json)
  const model = await api()
  // the queues engine starts first: an unreachable edge or a bad token fails before the (long) read of the export
  const context = { io, command: 'train', onProgress }
  const early = choice.engine === 'queues' ? await startEngine(choice, context) : undefined
  const { source, shards, readSeconds } = await openShardedInput('train', flags, onProgress, choice)
  const engine = early ?? (shards ? await startEngine(choice, context).catch(async (e: unknown) => { await source.close(); throw e }) : undefined)
  try {
    onProgress.flush()
    if (!json) io.stderr(`read ${formatCount(source.summary.events)} events of ${formatCount(source.summary.profiles)} profiles (${formatCount(source.summary.rowsRead)} rows)\n`)
    const result = await model.train(source, goal, {
      ...(before === undefined ? {} : { before }), ...(maxExamples === undefined ? {} : { maxExamples }), ...(currency === undefined ? {} : { currency }),
      ...(dataNote ? { dataNote } : {}), holdout, seed, onProgress,
      ...(engine && shards ? { run: enginePhases(engine, shards, onProgress) } : {}),
    })
    if (rules) {
      // the hold-out population: profiles eligible at the start of the test split, from events before it
      const asOf = Date.parse(result.metrics.split.test[0]) || (before ?? (source.summary.lastTimestamp ?? 0) + 1)
      result.segments = await reportSegments(rules.segments, goal.name, model.scorePopulation(loadModel(result.artifact), source, asOf), asOf)
    }
    const files = await writeModelDir(flags.out as string, result.artifact, result.metrics, renderReport(result))
    onProgress.flush()
    const m = result.metrics
    if (json) {
      io.stdout(JSON.stringify({ ok: true, goal: goal.name, version: result.artifact.version, hash: result.artifact.hash, auc: m.auc, baseRate: m.baseRate, positives: m.positives, negatives: m.negatives, warnings: m.warnings, files, ingest: result.ingest, seconds: result.seconds, ...(result.segments ? { segments: result.segments } : {}) }) + '\n')
    } else {
      io.stdout([
        `trained ${goal.name} (version ${result.artifact.version}) in ${result.seconds.toFixed(1)} s`,
        `  test AUC ${m.auc.toFixed(3)}, PR AUC ${m.prAuc.toFixed(3)}, ECE ${m.ece.toFixed(3)}, base rate ${(100 * m.baseRate).toFixed(1)} % (${formatCount(m.positives)} positive, ${formatCount(m.negatives)} negative)`,
        ...m.warnings.map((w) => `  warning: ${w}`),
        ...(result.segments?.segments ?? []).map((x) => `  segment ${x.name}: ${formatCount(x.size)} of ${formatCount(result.segments!.population)} hold-out profiles`),
        ...(result.segments?.needs ?? []).map((x) => `  segment ${x.name}: needs ${x.goals.join(', ')} (not in the report)`),
        ...files.map((f) => `  wrote ${f}`),
      ].join('\n') + '\n')
      const tip = shardTip('train', flags.events as string[], readSeconds)
      if (tip) io.stderr(tip)
    }
    return 0
  } finally {
    await engine?.close()
    await source.close()
  }
}

/** `--currency`, checked (three capital letters), else the preset's currency. @throws CliError USAGE */
function currencyFlag(given: string | undefined, preset: string | undefined): string | undefined {
  if (given === undefined) return preset === undefined ? undefined : PRESETS[preset]?.currency
  if (!/^[A-Z]{3}$/.test(given)) throw new CliError('USAGE', `auspex train: --currency ${given}: expected an ISO 4217 code such as GBP, EUR or USD`)
  return given
}

/** `--holdout time|profiles` (default time). @throws CliError USAGE */
function holdoutFlag(given: string | undefined): 'time' | 'profiles' {
  if (given === undefined || given === 'time' || given === 'profiles') return given ?? 'time'
  throw new CliError('USAGE', `auspex train: --holdout ${given}: expected "time" (a later cut-off) or "profiles" (a third of the profiles, for short histories)`)
}
