import { openEvents, parseMapArgs } from '../ingest/index.ts'
import { isShardFolder, openShardFolder, type ShardFolder } from '../shards/shard-folder.ts'
import { shardFolderSource } from '../shards/shard-source.ts'
import type { EventSource, IngestOptions, ProgressFn } from '../types.ts'
import type { Flags, ParsedFlags } from './args.ts'
import { CliError } from './cli-error.ts'

/** Flags every command that reads events shares. */
export const SOURCE_FLAGS: Flags = {
  events: { type: 'string', multiple: true, required: true, value: 'FILE', help: 'event export: .csv/.jsonl/.parquet (optionally .gz) file or folder, or a shard folder (auspex shard); repeatable' },
  map: { type: 'string', multiple: true, value: 'field=column', help: 'map a field to a column or SQL expression, e.g. value=Quantity*UnitPrice; repeatable' },
  preset: { type: 'string', value: 'NAME', help: 'a named mapping: online-retail (auto-detected from its header)' },
}

/**
 * The shard folder `--events` names, if it names one (a folder with manifest.json).
 * @throws CliError USAGE for a shard folder given with other inputs, --map or --preset
 */
export async function shardFolderFlag(command: string, flags: ParsedFlags): Promise<ShardFolder | undefined> {
  const paths = flags.events as string[]
  const folders = paths.filter((p) => isShardFolder(p))
  if (folders.length === 0) return undefined
  if (paths.length > 1) throw new CliError('USAGE', `auspex ${command}: --events ${folders[0]} is a shard folder: give it alone (one export's shards), not with other --events`)
  if (flags.map !== undefined || flags.preset !== undefined) {
    throw new CliError('USAGE', `auspex ${command}: --events ${folders[0]} is a shard folder, whose events were mapped when it was written: drop --map/--preset (or re-shard with them)`)
  }
  return openShardFolder(folders[0]!)
}

/** The ingest options of a command's `--map`/`--preset` (and DuckDB's threads). */
export function ingestOptions(flags: ParsedFlags, onProgress: ProgressFn, threads?: number): IngestOptions {
  const map = parseMapArgs((flags.map as string[] | undefined) ?? [])
  return { map, ...(flags.preset ? { preset: flags.preset as string } : {}), onProgress, ...(threads === undefined ? {} : { threads }) }
}

/** Opens the `--events` of a command with its `--map`/`--preset`: an export, or a shard folder. */
export async function openSource(command: string, flags: ParsedFlags, onProgress: ProgressFn): Promise<EventSource> {
  const folder = await shardFolderFlag(command, flags)
  if (folder) return shardFolderSource(folder)
  return openEvents(flags.events as string[], ingestOptions(flags, onProgress))
}
