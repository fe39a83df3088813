/**
 * The input of a command that runs shard workers (train, score): a shard folder as it is, or an export read and
 * scattered into shards in memory (each grouped and sorted by the worker that first takes it, then kept gzip'd for
 * training: see MemoryShardStore). A small export with no `--workers` runs in this thread, unsharded.
 */
import { createSource, grouped, readEventColumns } from '../ingest/index.ts'
import { sortEvents } from '../ingest/sort-events.ts'
import { shardCount } from '../shards/shard-count.ts'
import { MemoryShardStore } from '../shards/memory-shards.ts'
import { scatterShards } from '../shards/raw-shards.ts'
import { memoryShardSource, shardFolderSource } from '../shards/shard-source.ts'
import type { EventSource, ProgressFn } from '../types.ts'
import type { ShardSet } from '../engine/engine.ts'
import type { EngineChoice } from '../engine/engine-flags.ts'
import type { ParsedFlags } from './args.ts'
import { ingestOptions, shardFolderFlag } from './source.ts'

/** Below this many events an export is scored and trained in one thread unless --workers is given: threads cost more than they save. */
export const SMALL_EXPORT_EVENTS = 200_000

export interface ShardedInput {
  source: EventSource
  /** undefined: run in this thread */
  shards?: ShardSet
  /** seconds spent reading and sorting the export (absent for a shard folder, which is not read up front) */
  readSeconds?: number
}

/** A read at least this long earns the tip to shard the export once ({@link shardTip}). */
export const SHARD_TIP_SECONDS = 5

/**
 * The tip after a command that spent `readSeconds` reading an export (undefined below {@link SHARD_TIP_SECONDS}):
 * `auspex shard` once, and later runs on the folder skip the read.
 */
export function shardTip(command: string, events: readonly string[], readSeconds: number | undefined): string | undefined {
  if (readSeconds === undefined || readSeconds < SHARD_TIP_SECONDS) return undefined
  const given = events.map((e) => (/[\s'"]/.test(e) ? JSON.stringify(e) : e)).join(' --events ')
  return `  tip: reading the export took ${readSeconds.toFixed(1)} s of this run; to ${command} on it again, shard it once ` +
    `(auspex shard --events ${given} --out DIR) and pass --events DIR: later runs skip the read\n`
}

export async function openShardedInput(command: string, flags: ParsedFlags, onProgress: ProgressFn, choice: EngineChoice): Promise<ShardedInput> {
  const folder = await shardFolderFlag(command, flags)
  if (folder) return { source: shardFolderSource(folder), shards: { kind: 'folder', dir: folder.dir, manifest: folder.manifest } }
  // N threads read (parse threads, or DuckDB's), then N shard workers run
  const started = performance.now()
  const { columns, summary } = await readEventColumns(flags.events as string[], ingestOptions(flags, onProgress, choice.workers))
  // a small export is grouped here and run in this thread; a larger one scattered into shards, which the workers group
  if (choice.engine === 'local' && !choice.explicit && summary.events < SMALL_EXPORT_EVENTS) {
    const table = sortEvents(columns)
    return { source: createSource(table, summary), readSeconds: grouped(summary, started, onProgress) }
  }
  const raw = scatterShards(columns, shardCount(summary.events, choice.workers))
  const readSeconds = grouped(summary, started, onProgress)
  // training reads every shard in several phases: it keeps them stored and drops the raw shards; scoring reads each once
  const store = new MemoryShardStore(raw, { keep: command === 'train' })
  const shards: ShardSet = { kind: 'memory', summary, events: store.events, store }
  const source = memoryShardSource(summary, store)
  return { source, shards, readSeconds }
}
