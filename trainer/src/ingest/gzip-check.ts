/**
 * A gzip file cut short (an interrupted download or copy) decompresses to a prefix of its rows: read as is, it
 * would train on fewer rows without a word. Node's zlib notices a stream that ends before its gzip trailer; DuckDB
 * does not, so tabular files are checked here, alongside DuckDB's read.
 */
import { createReadStream } from 'node:fs'
import { createGunzip } from 'node:zlib'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import { IngestError } from './errors.ts'

/** The error for a gzip file whose stream cannot be read to its end. */
export function truncatedError(path: string, cause: unknown): IngestError {
  return new IngestError('INGEST_TRUNCATED', `${path}: the gzip data is truncated or damaged (${(cause as Error).message}); ` +
    'nothing was read from it, since a partial file would silently give a smaller data set: copy or export the file again', { cause })
}

/** True for zlib's errors on an incomplete or corrupt stream. */
export function isGzipDataError(cause: unknown): boolean {
  const code = (cause as { code?: string }).code
  return code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE'
}

/** Decompresses `path` to nowhere. @throws IngestError `INGEST_TRUNCATED` when the stream ends early or is corrupt */
export async function checkGzip(path: string): Promise<void> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() })
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), createGunzip(), sink)
  } catch (cause) {
    if (isGzipDataError(cause)) throw truncatedError(path, cause)
    throw cause
  }
}
