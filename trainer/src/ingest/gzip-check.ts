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

/**
 * A gunzip stream with 1 MB output chunks: zlib's default (16 KB) hands this thread ~40 k buffers and callbacks per
 * GB of output; for the 10 M-event export (143 MB gzip) the check took 2.0 CPU-s with 16 KB chunks, 0.9 with 1 MB.
 */
export function gunzipStream() {
  return createGunzip({ chunkSize: 1 << 20 })
}

/** Decompresses `path` to nowhere. @throws IngestError `INGEST_TRUNCATED` when the stream ends early or is corrupt */
export async function checkGzip(path: string): Promise<void> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() })
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), gunzipStream(), sink)
  } catch (cause) {
    if (isGzipDataError(cause)) throw truncatedError(path, cause)
    throw cause
  }
}
