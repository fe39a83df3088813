import { CliError } from './cli-error.ts'
import { helpText, isoFlag, parseFlags, type Flags } from './args.ts'
import { formatCount, progressPrinter, type CliIo } from './io.ts'
import type { ModelApi } from './model-api.ts'
import { readModel } from './model-dir.ts'
import { openScoreWriter } from './score-writer.ts'
import { openSource, SOURCE_FLAGS } from './source.ts'

export const SCORE_FLAGS: Flags = {
  ...SOURCE_FLAGS,
  model: { type: 'string', required: true, value: 'DIR', help: 'model folder written by auspex train' },
  'as-of': { type: 'string', value: 'ISO', help: 'score at this moment from events before it (default: just after the last event)' },
  out: { type: 'string', required: true, value: 'FILE', help: 'scores file: .csv or .jsonl' },
  json: { type: 'boolean', help: 'print one JSON document on stdout; no progress' },
}

/** `auspex score`: one row per eligible profile, scored at `--as-of`. Returns the exit code. */
export async function scoreCommand(argv: string[], io: CliIo, api: () => Promise<ModelApi>): Promise<number> {
  const flags = parseFlags('score', argv, SCORE_FLAGS)
  if (flags === 'help') { io.stdout(helpText('score', 'score every eligible profile and write CSV or JSONL', SCORE_FLAGS)); return 0 }
  const out = flags.out as string
  const format = /\.csv$/i.test(out) ? 'csv' : /\.jsonl$/i.test(out) ? 'jsonl' : undefined
  if (!format) throw new CliError('USAGE', `auspex score: --out ${out}: the file name must end in .csv or .jsonl`)
  const json = flags.json === true
  const onProgress = progressPrinter(io, json)
  const model = await readModel(flags.model as string)
  const modelApi = await api()
  const source = await openSource('score', flags, onProgress)
  try {
    const asOf = isoFlag('score', 'as-of', flags['as-of'] as string | undefined) ?? (source.summary.lastTimestamp ?? Date.now()) + 1
    const writer = await openScoreWriter(out, format)
    let n = 0
    const buckets = { low: 0, medium: 0, high: 0 }
    try {
      for await (const { profileId, prediction } of modelApi.scorePopulation(model, source, asOf)) {
        await writer.write(profileId, prediction)
        buckets[prediction.bucket]++
        if (++n % 1000 === 0) onProgress({ step: 'scored', done: n, unit: 'profiles' })
      }
    } finally {
      await writer.close()
    }
    const asOfIso = new Date(asOf).toISOString()
    if (json) io.stdout(JSON.stringify({ ok: true, goal: model.artifact.goal.name, modelVersion: model.version, asOf: asOfIso, profiles: n, buckets, out }) + '\n')
    else io.stdout(`scored ${formatCount(n)} eligible profiles at ${asOfIso} with ${model.artifact.goal.name} ${model.version}: ${buckets.high} high, ${buckets.medium} medium, ${buckets.low} low\n  wrote ${out}\n`)
    return 0
  } finally {
    await source.close()
  }
}
