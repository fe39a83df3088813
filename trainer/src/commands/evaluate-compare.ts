import type { Model } from '@auspex/core'
import type { ModelComparison } from '../model/compare.ts'
import type { Metrics } from '../types.ts'
import type { ParsedFlags } from './args.ts'
import { CliError } from './cli-error.ts'
import { formatCount, progressPrinter, type CliIo } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { openSource } from './source.ts'

export interface CompareInput {
  /** the --model folders, A then B */
  dirs: string[]
  models: [Model, Model]
  asOf: number
  json: boolean
  flags: ParsedFlags
}

/** `auspex evaluate --json` with two models: the comparison, each model with its folder. */
export interface ComparisonJson extends Omit<ModelComparison, 'models'> {
  models: Array<{ dir: string; goal: string; version: string; metrics: Metrics }>
}

const signed = (v: number, digits: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`
const percent = (v: number) => `${(100 * v).toFixed(1)} %`

/** The side-by-side table, the AUC interval and the warnings, as text lines. */
export function comparisonLines(c: ComparisonJson): string[] {
  const [a, b] = c.models as [ComparisonJson['models'][0], ComparisonJson['models'][0]]
  const d = c.difference
  const iv = d.aucInterval
  const rows: Array<[string, string, string, string]> = [
    ['AUC', a.metrics.auc.toFixed(3), b.metrics.auc.toFixed(3), signed(d.auc, 3)],
    ['PR AUC', a.metrics.prAuc.toFixed(3), b.metrics.prAuc.toFixed(3), signed(d.prAuc, 3)],
    ['log loss', a.metrics.logLoss.toFixed(4), b.metrics.logLoss.toFixed(4), signed(d.logLoss, 4)],
    ['Brier', a.metrics.brier.toFixed(4), b.metrics.brier.toFixed(4), signed(d.brier, 4)],
    ['ECE', a.metrics.ece.toFixed(4), b.metrics.ece.toFixed(4), signed(d.ece, 4)],
    ['base rate', percent(a.metrics.baseRate), percent(b.metrics.baseRate), ''],
    ['n', formatCount(a.metrics.evaluation.n), formatCount(b.metrics.evaluation.n), ''],
    ['positives', formatCount(a.metrics.positives), formatCount(b.metrics.positives), ''],
  ]
  const table = [['', 'A', 'B', 'B − A'] as const, ...rows]
    .map(([k, x, y, z]) => `  ${k.padEnd(10)}${x.padStart(10)}${y.padStart(10)}${z.padStart(10)}`.trimEnd())
  return [
    `compare at ${c.asOf}: labels from [${c.labelWindow[0]}, ${c.labelWindow[1]})`,
    `  population: ${formatCount(c.population.n)} ${c.population.description} ` +
      `(${formatCount(c.population.positives)} positive)`,
    `  A: ${a.goal} ${a.version} (${a.dir})`,
    `  B: ${b.goal} ${b.version} (${b.dir})`,
    ...table,
    `  AUC B − A: ${signed(d.auc, 3)}, ${Math.round(100 * iv.level)} % interval ` +
      `${signed(iv.low, 3)} to ${signed(iv.high, 3)} ` +
      `(paired bootstrap over profiles, ${formatCount(iv.resamples)} resamples, seed ${iv.seed})`,
    ...(c.comparable ? [] : [`  warning: not comparable: ${c.reason ?? 'in-sample'}`]),
    ...c.models.flatMap((m, i) => m.metrics.warnings.map((w) => `  warning (${i === 0 ? 'A' : 'B'}): ${w}`)),
  ]
}

/**
 * `auspex evaluate --model A --model B`: both models at one cut-off on the profiles eligible under both goals.
 * @throws CliError USAGE when the goals label differently (outcome, window or propensity), before reading events
 */
export async function compareCommand(input: CompareInput, io: CliIo, api: () => Promise<ModelApi>): Promise<number> {
  const { dirs, models, asOf, json } = input
  const modelApi = await api()
  const mismatch = modelApi.goalMismatch(models[0].goal, models[1].goal)
  if (mismatch) throw new CliError('USAGE', `auspex evaluate --model ${dirs[0]} --model ${dirs[1]}: ${mismatch}`)
  const onProgress = progressPrinter(io, json)
  const source = await openSource('evaluate', input.flags, onProgress)
  onProgress.flush()
  try {
    const c = await modelApi.compareModels(models, source, asOf, { onProgress })
    onProgress.flush()
    const doc: ComparisonJson = {
      ...c,
      models: c.models.map((metrics, i) => ({ dir: dirs[i]!, goal: metrics.goal, version: metrics.modelVersion, metrics })),
    }
    io.stdout(json ? JSON.stringify(doc) + '\n' : comparisonLines(doc).join('\n') + '\n')
    return 0
  } finally {
    await source.close()
  }
}
