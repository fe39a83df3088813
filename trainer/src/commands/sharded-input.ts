/**
 * The input of a command that runs shard workers (train, score): a shard folder as it is, or an export read and cut
 * into shards in memory (cut from the sorted event table when a worker first takes them, then kept gzip'd and the
 * table dropped: see MemoryShardStore). A small export with no `--workers` runs in this thread, unsharded.
 */
import { createSource, readEvents } from '../ingest/index.ts'
import { partition, shardCount } from '../shards/cut-shards.ts'
import { MemoryShardStore } from '../shards/memory-shards.ts'
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
}

export async function openShardedInput(command: string, flags: ParsedFlags, onProgress: ProgressFn, choice: EngineChoice): Promise<ShardedInput> {
  const folder = await shardFolderFlag(command, flags)
  if (folder) return { source: shardFolderSource(folder), shards: { kind: 'folder', dir: folder.dir, manifest: folder.manifest } }
  // N threads read (DuckDB's), then N shard workers run: this thread only encodes what DuckDB read and waits
  const { table, summary } = await readEvents(flags.events as string[], ingestOptions(flags, onProgress, choice.workers))
  if (choice.engine === 'local' && !choice.explicit && summary.events < SMALL_EXPORT_EVENTS) return { source: createSource(table, summary) }
  // training reads every shard in several phases: it keeps them stored and drops the table; scoring reads each once
  const store = new MemoryShardStore(table, partition(table, shardCount(summary.events, choice.workers)), { keep: command === 'train' })
  const shards: ShardSet = { kind: 'memory', summary, events: store.events, store }
  const source = memoryShardSource(summary, store)
  return { source, shards }
}
