/** Errors of the shard worker: a code, and a message that names the shard and says what to do. */
export type ShardErrorCode =
  | 'SHARD_CORRUPT'
  | 'SHARD_TOO_LARGE'
  | 'SHARD_MANIFEST_INVALID'
  | 'SHARD_MANIFEST_MISMATCH'
  | 'SHARD_TASK_INVALID'
  | 'UNSUPPORTED_FORMAT_VERSION'

export class ShardError extends Error {
  override readonly name = 'ShardError'
  constructor(readonly code: ShardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** The fix every broken shard shares. */
export const RESHARD = 're-create the shards from the export with `auspex shard --events … --out DIR`'
