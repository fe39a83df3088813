/**
 * Stored shards in Node: gzip (zlib, off the main thread), SHA-256, and the checked read a worker does before it
 * decodes a shard. The format itself is `@auspex/shard`'s (docs/shard-format.md).
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { gunzip as gunzipCb, gzip as gzipCb, constants } from 'node:zlib'
import { decodeShard, encodeShard, ShardError, type ShardEntry, type ShardTable } from '@auspex/shard'

const gzipAsync = promisify(gzipCb)
const gunzipAsync = promisify(gunzipCb)

/** gzip level of stored shards: level 1 writes ~3× faster than the default for ~15 % larger files. */
export const SHARD_GZIP_LEVEL = 1

/** The stored bytes of a shard and their checksum. */
export function storeShard(table: ShardTable): Promise<{ bytes: Uint8Array; sha256: string }> {
  return storeEncoded(encodeShard(table))
}

/** The stored bytes of an encoded (uncompressed) shard and their checksum. */
export async function storeEncoded(raw: Uint8Array): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await gzipAsync(raw, { level: SHARD_GZIP_LEVEL, strategy: constants.Z_DEFAULT_STRATEGY })
  return { bytes, sha256: sha256(bytes) }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Reads, checks (size and SHA-256 against the manifest) and decodes a stored shard.
 * @throws ShardError `SHARD_CORRUPT` naming the file, for a missing, altered, truncated or undecodable shard
 */
export async function readShardFile(path: string, entry: ShardEntry): Promise<ShardTable> {
  const fix = 're-create the folder with `auspex shard --events … --out DIR`'
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (cause) {
    throw new ShardError('SHARD_CORRUPT', `shard ${path}: cannot be read (${(cause as Error).message}); ${fix}`, { cause })
  }
  if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256) {
    throw new ShardError('SHARD_CORRUPT', `shard ${path}: ${bytes.length} bytes whose SHA-256 does not match the manifest's (${entry.bytes} bytes): the file was altered or truncated; ${fix}`)
  }
  return decodeStored(bytes, path, fix)
}

/**
 * Decodes a stored (gzip'd) shard named `name` in errors.
 * @throws ShardError `SHARD_CORRUPT` for bytes that are not a whole gzip stream of a shard
 */
export async function decodeStored(bytes: Uint8Array, name: string, fix = 'cut the shards again'): Promise<ShardTable> {
  let raw: Uint8Array
  try {
    raw = await gunzipAsync(bytes)
  } catch (cause) {
    throw new ShardError('SHARD_CORRUPT', `shard ${name}: not a whole gzip stream (${(cause as Error).message}); ${fix}`, { cause })
  }
  return decodeShard(raw, name)
}
