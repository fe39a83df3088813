/**
 * A shard folder: `manifest.json` and `shard-NNNN.bin.gz` files (docs/shard-format.md). `auspex shard` writes one;
 * every command that takes `--events` reads one in place of an export.
 */
import { existsSync, statSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MANIFEST_FILE, MAX_SHARD_EVENTS, parseManifest, SHARD_FORMAT_VERSION, ShardError, type ExportSummary, type ShardEntry, type ShardManifest } from '@auspex/shard'
import type { IngestSummary, ProgressFn } from '../types.ts'
import { orderShard } from './order-shard.ts'
import type { ScatteredShards } from './raw-shards.ts'
import { storeShard } from './shard-file.ts'

export interface ShardFolder {
  dir: string
  manifest: ShardManifest
}

/** Whether `path` is a folder with a shard manifest. */
export function isShardFolder(path: string): boolean {
  return existsSync(join(path, MANIFEST_FILE)) && statSync(path).isDirectory()
}

/** Reads and validates a folder's manifest (the shards themselves are checked when read). */
export async function openShardFolder(dir: string): Promise<ShardFolder> {
  const where = join(dir, MANIFEST_FILE)
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(where, 'utf8'))
  } catch (cause) {
    throw new ShardError('SHARD_MANIFEST_INVALID', `${where}: not readable JSON (${(cause as Error).message}); re-create the folder with \`auspex shard --events … --out DIR\``, { cause })
  }
  return { dir, manifest: parseManifest(raw, where) }
}

export const shardFileName = (i: number) => `shard-${String(i).padStart(4, '0')}.bin.gz`

/**
 * Writes the export's shards (scattered: `scatterShards`) and the manifest into `dir` (created if needed; the manifest
 * is written last, so a folder without one is not a shard folder). `workers` shards are compressed at a time.
 * @throws ShardError `SHARD_TOO_LARGE` when a shard of several profiles would exceed {@link MAX_SHARD_EVENTS}
 */
export async function writeShardFolder(dir: string, raw: ScatteredShards, summary: IngestSummary, workers: number, onProgress?: ProgressFn): Promise<ShardFolder> {
  const n = raw.size
  for (let i = 0; i < n; i++) {
    const events = raw.events(i)
    if (events > MAX_SHARD_EVENTS && raw.profiles(i) > 1) {
      throw new ShardError('SHARD_TOO_LARGE', `shard ${i} of ${n} would hold ${events} events (at most ${MAX_SHARD_EVENTS} decode within a Worker's memory); use more shards (--shards ${Math.ceil((n * events) / MAX_SHARD_EVENTS)} or more)`)
    }
  }
  await mkdir(dir, { recursive: true })
  const entries: ShardEntry[] = new Array(n)
  let next = 0
  let done = 0
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const table_ = orderShard(raw.handOut(i))
      const { bytes, sha256 } = await storeShard(table_)
      const file = shardFileName(i)
      await writeFile(join(dir, file), bytes)
      entries[i] = { file, profiles: table_.profiles.length, events: table_.time.length, bytes: bytes.length, sha256 }
      onProgress?.({ step: 'shards written', done: ++done, total: n, unit: 'shards' })
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, n)) }, worker))
  const manifest: ShardManifest = {
    format: 'auspex-shards', version: SHARD_FORMAT_VERSION, partition: 'shardOf-fnv1a32', createdAt: new Date().toISOString(),
    summary: summary satisfies ExportSummary, shards: entries,
  }
  await writeFile(join(dir, `${MANIFEST_FILE}.tmp`), JSON.stringify(manifest, null, 1) + '\n')
  await rename(join(dir, `${MANIFEST_FILE}.tmp`), join(dir, MANIFEST_FILE))
  return { dir, manifest }
}
