/**
 * The seam between commands and where shard workers run. A command hands an engine its shards and a task; the
 * engine runs `@auspex/shard`'s worker on every shard and yields each shard's part as it completes. `local` runs
 * them in worker threads (local-engine.ts); `queues` on Cloudflare Queues through the edge (queues.ts).
 */
import type { PartOf, ShardManifest, ShardTask } from '@auspex/shard'
import type { MemoryShardStore } from '../shards/memory-shards.ts'
import type { IngestSummary } from '../types.ts'

/** Shards a command runs on: the files of a shard folder, or shards cut from an export read into memory. */
export type ShardSet = FolderShards | MemoryShards

export interface FolderShards {
  kind: 'folder'
  dir: string
  manifest: ShardManifest
}

export interface MemoryShards {
  kind: 'memory'
  summary: IngestSummary
  /** events per shard */
  events: number[]
  /** the shards: cut from the sorted event table when first asked for, then kept gzip'd (the table is dropped) */
  store: MemoryShardStore
}

/** How many shards a set has. */
export function shardTotal(shards: ShardSet): number {
  return shards.kind === 'folder' ? shards.manifest.shards.length : shards.events.length
}

/** A shard's part of a task. */
export interface ShardResult<T extends ShardTask> {
  index: number
  part: PartOf<T>
}

/** The task for each shard: one for all, or one per shard chosen when it is dispatched (see `refineTask`). */
export type TaskFor<T extends ShardTask> = T | ((index: number) => T)

export interface Engine {
  readonly name: 'local' | 'queues'
  /**
   * Runs the task on every shard, or on the shards `only` lists (an engine that runs one task on every shard refuses
   * a subset, and a task that differs between shards); yields parts as shards complete (in any order). Rejects on
   * the first failed shard.
   */
  run<T extends ShardTask>(shards: ShardSet, task: TaskFor<T>, only?: readonly number[]): AsyncIterable<ShardResult<T>>
  /** Stops the engine's workers. */
  close(): Promise<void>
}

export const ENGINES = ['local', 'queues'] as const
export type EngineName = (typeof ENGINES)[number]
