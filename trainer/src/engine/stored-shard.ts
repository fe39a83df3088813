import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { storeEncoded } from '../shards/shard-file.ts'
import type { ShardSet } from './engine.ts'

/**
 * Shard `index` of a set as stored bytes (gzip'd, docs/shard-format.md) with their SHA-256: what an engine that
 * ships shards elsewhere (Queues: to R2) uploads. A folder's file as it is; an in-memory shard compressed now.
 */
export async function storedShard(shards: ShardSet, index: number): Promise<{ name: string; bytes: Uint8Array; sha256: string }> {
  if (shards.kind === 'folder') {
    const entry = shards.manifest.shards[index]!
    return { name: entry.file, bytes: await readFile(join(shards.dir, entry.file)), sha256: entry.sha256 }
  }
  const name = `shard-${String(index).padStart(4, '0')}.bin.gz`
  return { name, ...(await storeEncoded(shards.encode(index))) }
}
