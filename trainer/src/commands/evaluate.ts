import type { Model } from '@auspex/core'
import { helpText, isoFlag, parseFlags, type Flags } from './args.ts'
import { CliError } from './cli-error.ts'
import { compareCommand } from './evaluate-compare.ts'
import { formatCount, progressPrinter, type CliIo } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { readModel } from './model-dir.ts'
import { openSource, SOURCE_FLAGS } from './source.ts'

export const EVALUATE_FLAGS: Flags = {
  ...SOURCE_FLAGS,
  model: { type: 'string', multiple: true, required: true, value: 'DIR', help: 'model folder written by auspex train; give two (A, then B) to compare them on the same profiles' },
  'as-of': { type: 'string', required: true, value: 'ISO', help: 'score at this moment from events before it; labels come from the events after' },
  json: { type: 'boolean', help: 'print the metrics as one JSON document on stdout; no progress' },
}

/** `auspex evaluate`: the model's metrics at a cut-off, or two models' side by side. Returns the exit code. */
export async function evaluateCommand(argv: string[], io: CliIo, api: () => Promise<ModelApi>): Promise<number> {
  const flags = parseFlags('evaluate', argv, EVALUATE_FLAGS)
  if (flags === 'help') { io.stdout(helpText('evaluate', 'metrics of a model at a past cut-off, or of two models on the same profiles', EVALUATE_FLAGS)); return 0 }
  const dirs = flags.model as string[]
  if (dirs.length > 2) throw new CliError('USAGE', `auspex evaluate: ${dirs.length} --model flags; give one model, or two (A and B) to compare`)
  const json = flags.json === true
  const asOf = isoFlag('evaluate', 'as-of', flags['as-of'] as string)!
  const models: Model[] = []
  for (const dir of dirs) models.push(await readModel(dir))
  if (models.length === 2) return compareCommand({ dirs, models: [models[0]!, models[1]!], asOf, json, flags }, io, api)
  const model = models[0]!
  const onProgress = progressPrinter(io, json)
  const modelApi = await api()
  const source = await openSource('evaluate', flags, onProgress)
  onProgress.flush()
  try {
    const m = await modelApi.evaluate(model, source, asOf, onProgress)
    onProgress.flush()
    if (json) {
      io.stdout(JSON.stringify(m) + '\n')
    } else {
      const top = m.lift[0]
      io.stdout([
        `${m.goal} ${m.modelVersion} at ${new Date(asOf).toISOString()}`,
        `  AUC ${m.auc.toFixed(3)}, PR AUC ${m.prAuc.toFixed(3)}, log loss ${m.logLoss.toFixed(4)}, Brier ${m.brier.toFixed(4)}, ECE ${m.ece.toFixed(3)}`,
        `  base rate ${(100 * m.baseRate).toFixed(1)} % (${formatCount(m.positives)} positive, ${formatCount(m.negatives)} negative)`,
        ...(top ? [`  top decile lift ${top.lift.toFixed(2)}×`] : []),
        ...Object.entries(m.baselines ?? {}).map(([k, v]) => `  baseline ${k}: AUC ${v.toFixed(3)}`),
        ...m.warnings.map((w) => `  warning: ${w}`),
      ].join('\n') + '\n')
    }
    return 0
  } finally {
    await source.close()
  }
}
