import type { GoalSpec, Model } from '@auspex/core'
import { compileGoal, loadModel } from '@auspex/core'
import type { ModelComparison } from '../model/compare.ts'
import type { EventSource } from '../types.ts'
import { helpText, intFlag, parseFlags, type Flags } from './args.ts'
import { fetchChampion } from './champion.ts'
import { CliError } from './cli-error.ts'
import { checkEndpoint } from './endpoint.ts'
import { progressPrinter, type CliIo, type ProgressPrinter } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { readGoalFile } from './model-dir.ts'
import { publishArtifact, type PublishResult } from './publish.ts'
import { retrainLines, type RetrainReport } from './retrain-report.ts'
import { decide, REPLACE_RULE } from './retrain-rule.ts'
import { openSource, SOURCE_FLAGS } from './source.ts'

export const RETRAIN_FLAGS: Flags = {
  ...SOURCE_FLAGS,
  goal: {
    type: 'string', required: true, value: 'FILE', help: 'goal JSON file: the recipe of the challenger and of the model published',
  },
  endpoint: {
    type: 'string', required: true, value: 'URL',
    help: 'the edge: its active model is the champion; the new model is published there (token from AUSPEX_TOKEN)',
  },
  force: { type: 'boolean', help: 'activate the new model even below the goal\'s quality floors at the edge' },
  'dry-run': { type: 'boolean', help: 'train and compare, print the verdict, publish nothing (no token needed)' },
  seed: { type: 'string', value: 'N', help: 'random seed of both trainings; default 1' },
  'max-examples': { type: 'string', value: 'N', help: 'train on a seeded sample of at most N point-in-time examples' },
  'allow-insecure-http': { type: 'boolean', help: 'allow a plain http:// --endpoint on another machine' },
  json: { type: 'boolean', help: 'print one JSON document on stdout; no progress' },
}

/** Exit code of verdict `wait`: not a failure, but nothing was compared or published. */
export const EXIT_WAIT = 3

const iso = (t: number) => new Date(t).toISOString()

interface Run {
  io: CliIo
  api: ModelApi
  source: EventSource
  goal: GoalSpec
  endpoint: string
  token: string | undefined
  dryRun: boolean
  force: boolean
  json: boolean
  trainOptions: { seed: number; maxExamples?: number }
  progress: ProgressPrinter
}

/**
 * Trains on all events, publishes and activates (unless a dry run). When publishing fails (e.g. the edge's quality
 * gate refuses the activation) the comparison is written to stderr first, so its figures are not lost with the error.
 */
async function publishAllData(run: Run, report: RetrainReport): Promise<{ model: Model; published?: PublishResult }> {
  const r = await run.api.train(run.source, run.goal, { ...run.trainOptions, onProgress: run.progress })
  const model = loadModel(r.artifact)
  if (run.dryRun) return { model }
  try {
    return { model, published: await publishArtifact(run.io, run.endpoint, run.token!, r.artifact, true, run.force) }
  } catch (error) {
    if (!run.json) {
      const lines = retrainLines({ ...report, next: modelLine(model) }).slice(0, -1)
      run.io.stderr([...lines, `  verdict: ${report.verdict}, but publishing ${model.version} failed:`].join('\n') + '\n')
    }
    throw error
  }
}

/** Champion vs challenger at the latest complete window, then the verdict and (maybe) the publication. */
async function retrain(run: Run): Promise<RetrainReport> {
  const goal = compileGoal(run.goal)
  const last = run.source.summary.lastTimestamp
  if (last === null) throw new CliError('USAGE', 'auspex retrain: the export has no events')
  // the latest cut-off whose label window [T, T + window) lies within the data
  const cutoff = last + 1 - goal.windowMs
  const base = { goal: goal.name, rule: REPLACE_RULE, cutoff: iso(cutoff), dryRun: run.dryRun }
  const champion = await fetchChampion(run.io, run.endpoint, goal.name)
  if (!champion) {
    const { model, published } = await publishAllData(run, { ...base, verdict: 'first' })
    return { ...base, verdict: 'first', next: modelLine(model), ...(published ? { published } : {}) }
  }
  const mismatch = run.api.goalMismatch(champion.goal, goal)
  if (mismatch) throw new CliError('USAGE', `auspex retrain: the active model (${champion.version}) and --goal differ: ${mismatch}`)
  const seen = Date.parse(trainedBefore(champion) ?? '')
  if (Number.isNaN(seen)) {
    const message = `the active model ${champion.version} does not say what it was trained on (no training.before), ` +
      'so no fair comparison is possible; publish a model trained by auspex train, or publish this one with auspex publish'
    return { ...base, verdict: 'wait', champion: modelLine(champion), message }
  }
  if (seen > cutoff) {
    const message = `the active model ${champion.version} was trained on events before ${iso(seen)}, after the latest ` +
      `complete window's cut-off ${iso(cutoff)}, so it has seen that window's outcomes: no fair comparison is possible ` +
      `until a new ${goal.spec.window} window of data arrives (events up to ${iso(seen - 1 + goal.windowMs)}); nothing published`
    return { ...base, verdict: 'wait', champion: modelLine(champion), message }
  }
  const r = await run.api.train(run.source, run.goal, { ...run.trainOptions, before: cutoff, onProgress: run.progress })
  const challenger = loadModel(r.artifact)
  const comparison = await run.api.compareModels([champion, challenger], run.source, cutoff, { onProgress: run.progress })
  const compared = comparisonFigures(comparison)
  const pair = { champion: modelLine(champion), challenger: modelLine(challenger) }
  if (decide(comparison) === 'keep') return { ...base, verdict: 'keep', ...pair, ...compared }
  const { model, published } = await publishAllData(run, { ...base, verdict: 'replace', ...pair, ...compared })
  return { ...base, verdict: 'replace', ...pair, ...compared, next: modelLine(model), ...(published ? { published } : {}) }
}

/** The artifact's `training.before` (ISO), or null when it has none. */
function trainedBefore(m: Model): string | null {
  const before: unknown = m.artifact.training?.before
  return typeof before === 'string' ? before : null
}

function modelLine(m: Model): { version: string; trainedBefore: string | null } {
  return { version: m.version, trainedBefore: trainedBefore(m) }
}

function comparisonFigures(c: ModelComparison): Pick<RetrainReport, 'labelWindow' | 'population' | 'auc'> {
  const iv = c.difference.aucInterval
  return {
    labelWindow: c.labelWindow,
    population: { n: c.population.n, positives: c.population.positives },
    auc: {
      champion: c.models[0].auc, challenger: c.models[1].auc, difference: c.difference.auc,
      low: iv.low, high: iv.high, level: iv.level,
    },
  }
}

/** `auspex retrain`: challenger vs champion on the latest complete window, then publish when not worse. */
export async function retrainCommand(argv: string[], io: CliIo, api: () => Promise<ModelApi>): Promise<number> {
  const flags = parseFlags('retrain', argv, RETRAIN_FLAGS)
  if (flags === 'help') {
    const summary = `train a challenger, compare it with the edge's active model, publish when not worse (${REPLACE_RULE})`
    io.stdout(helpText('retrain', summary, RETRAIN_FLAGS))
    return 0
  }
  const json = flags.json === true
  const dryRun = flags['dry-run'] === true
  const token = io.env.AUSPEX_TOKEN
  if (!dryRun && !token) {
    throw new CliError('USAGE', 'auspex retrain: AUSPEX_TOKEN is not set; export AUSPEX_TOKEN=<the edge publish token>, or add --dry-run')
  }
  const endpoint = flags.endpoint as string
  checkEndpoint('retrain', endpoint, flags['allow-insecure-http'] === true)
  const seed = intFlag('retrain', 'seed', flags.seed as string | undefined) ?? 1
  const maxExamples = intFlag('retrain', 'max-examples', flags['max-examples'] as string | undefined)
  if (maxExamples !== undefined && maxExamples < 1) {
    throw new CliError('USAGE', `auspex retrain: --max-examples ${maxExamples}: expected a positive integer`)
  }
  const goal = await readGoalFile(flags.goal as string)
  const progress = progressPrinter(io, json)
  const modelApi = await api()
  const source = await openSource('retrain', flags, progress)
  try {
    const report = await retrain({
      io, api: modelApi, source, goal, endpoint, token, dryRun, force: flags.force === true, json, progress,
      trainOptions: { seed, ...(maxExamples === undefined ? {} : { maxExamples }) },
    })
    progress.flush()
    io.stdout(json ? JSON.stringify({ ok: true, ...report }) + '\n' : retrainLines(report).join('\n') + '\n')
    return report.verdict === 'wait' ? EXIT_WAIT : 0
  } finally {
    await source.close()
  }
}
