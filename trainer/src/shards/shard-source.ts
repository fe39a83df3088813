/**
 * Event sources over shards: a shard folder's, or the shards a command cut from an export and keeps in memory. The
 * summary, and each shard's profiles in turn (one decoded shard in memory at a time). Profiles come shard by shard,
 * in id order within each: the commands that read a source in one thread (evaluate, retrain's comparisons, segment
 * reports) do not depend on the order of profiles.
 */
import { join } from 'node:path'
import { shardProfiles, type ShardTable } from '@auspex/shard'
import type { EventSource, IngestSummary } from '../types.ts'
import type { MemoryShardStore } from './memory-shards.ts'
import { readShardFile } from './shard-file.ts'
import type { ShardFolder } from './shard-folder.ts'

/** A source whose shards are decoded by `read`, one at a time. */
function shardedSource(summary: IngestSummary, read: ReadonlyArray<() => Promise<ShardTable>>): EventSource {
  let open = true
  return {
    shards: read.map((shard) => async function* (before?: number) {
      yield* shardProfiles(await shard(), before)
    }),
    summary,
    async *profiles(options: { before?: number } = {}) {
      for (const shard of read) {
        if (!open) return
        yield* shardProfiles(await shard(), options.before)
      }
    },
    async close() {
      open = false
    },
  }
}

export function shardFolderSource(folder: ShardFolder): EventSource {
  return shardedSource(folder.manifest.summary as IngestSummary, folder.manifest.shards.map((entry) => () => readShardFile(join(folder.dir, entry.file), entry)))
}

/** The source of an export's shards kept in memory. */
export function memoryShardSource(summary: IngestSummary, store: MemoryShardStore): EventSource {
  return shardedSource(summary, store.events.map((_, i) => () => store.table(i)))
}
