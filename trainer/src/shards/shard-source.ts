/**
 * An event source over a shard folder: the manifest's summary, and each shard's profiles in turn (one decoded shard
 * in memory at a time). Profiles come shard by shard, in id order within each: the commands that read a source
 * in one thread (evaluate, retrain's comparisons) do not depend on the order of profiles.
 */
import { join } from 'node:path'
import { shardProfiles, type ShardEntry } from '@auspex/shard'
import type { EventSource, IngestSummary } from '../types.ts'
import { readShardFile } from './shard-file.ts'
import type { ShardFolder } from './shard-folder.ts'

export function shardFolderSource(folder: ShardFolder): EventSource {
  let open = true
  const read = (entry: ShardEntry) => readShardFile(join(folder.dir, entry.file), entry)
  return {
    shards: folder.manifest.shards.map((entry) => async function* (before?: number) {
      yield* shardProfiles(await read(entry), before)
    }),
    summary: folder.manifest.summary as IngestSummary,
    async *profiles(options: { before?: number } = {}) {
      for (const entry of folder.manifest.shards) {
        if (!open) return
        yield* shardProfiles(await read(entry), options.before)
      }
    },
    async close() {
      open = false
    },
  }
}
