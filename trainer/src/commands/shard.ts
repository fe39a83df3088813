import { MAX_SHARD_EVENTS } from '@auspex/shard'
import { grouped, readEventColumns } from '../ingest/index.ts'
import { shardCount, TARGET_SHARD_EVENTS } from '../shards/shard-count.ts'
import { scatterShards } from '../shards/raw-shards.ts'
import { writeShardFolder } from '../shards/shard-folder.ts'
import { engineFlags, MAX_WORKERS } from '../engine/engine-flags.ts'
import { helpText, intFlag, parseFlags, type Flags } from './args.ts'
import { CliError } from './cli-error.ts'
import { formatCount, progressPrinter, type CliIo } from './io.ts'
import { checkOutPath } from './out-path.ts'
import { ingestOptions, shardFolderFlag, SOURCE_FLAGS } from './source.ts'

/** Shards `auspex shard` writes at most. */
export const MAX_SHARDS = 4096

export const SHARD_FLAGS: Flags = {
  ...SOURCE_FLAGS,
  out: { type: 'string', required: true, value: 'DIR', help: 'shard folder to write: manifest.json and shard-NNNN.bin.gz files' },
  shards: { type: 'string', value: 'N', help: `number of shards (default: one per ${formatCount(TARGET_SHARD_EVENTS)} events; each holds at most ${formatCount(MAX_SHARD_EVENTS)})` },
  workers: { type: 'string', value: 'N', help: `threads used at most (DuckDB's readers and the compression); default: the machine's cores, at most ${MAX_WORKERS}` },
  json: { type: 'boolean', help: 'print one JSON document on stdout; no progress' },
}

/** `auspex shard`: reads an export once and writes it as shards of whole profiles plus a manifest. Returns the exit code. */
export async function shardCommand(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags('shard', argv, SHARD_FLAGS)
  if (flags === 'help') { io.stdout(helpText('shard', 'cut an event export into shards of whole profiles (for --events, --workers and Queues)', SHARD_FLAGS)); return 0 }
  const json = flags.json === true
  const out = flags.out as string
  const { workers } = engineFlags('shard', flags)
  const given = intFlag('shard', 'shards', flags.shards as string | undefined)
  if (given !== undefined && (given < 1 || given > MAX_SHARDS)) throw new CliError('USAGE', `auspex shard: --shards ${given}: expected 1 to ${MAX_SHARDS}`)
  if (await shardFolderFlag('shard', flags)) throw new CliError('USAGE', `auspex shard: --events ${(flags.events as string[])[0]} is already a shard folder; give the export it was made from`)
  await checkOutPath('shard', out, 'folder')
  const onProgress = progressPrinter(io, json)
  const started = performance.now()
  const { columns, summary } = await readEventColumns(flags.events as string[], ingestOptions(flags, onProgress, workers))
  const n = given ?? shardCount(summary.events)
  const raw = scatterShards(columns, n)
  grouped(summary, started, onProgress)
  const { manifest } = await writeShardFolder(out, raw, summary, workers, onProgress)
  onProgress.flush()
  const bytes = manifest.shards.reduce((s, e) => s + e.bytes, 0)
  if (json) {
    io.stdout(JSON.stringify({ ok: true, out, shards: manifest.shards.length, events: summary.events, profiles: summary.profiles, bytes, manifest: `${out}/manifest.json` }) + '\n')
  } else {
    const largest = manifest.shards.reduce((m, e) => Math.max(m, e.events), 0)
    io.stdout([
      `wrote ${formatCount(summary.events)} events of ${formatCount(summary.profiles)} profiles as ${n} shard${n === 1 ? '' : 's'} (${(bytes / 1e6).toFixed(1)} MB; the largest holds ${formatCount(largest)} events)`,
      `  wrote ${out}/manifest.json`,
      `  use it as --events ${out} with train, score, evaluate and retrain`,
    ].join('\n') + '\n')
  }
  return 0
}
