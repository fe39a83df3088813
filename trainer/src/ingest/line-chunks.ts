/**
 * Cuts a byte stream into chunks of whole lines for the CSV fast path's parse threads: each chunk is a fresh buffer
 * (the thread can own it) of about `size` bytes ending just after a `\n`; the last holds the rest (its last line may
 * lack an end). A `\r\n` is never split, and neither is a line, however long.
 */
import type { InputFile } from './files.ts'

const LF = 10

/** Bytes of decompressed text per chunk sent to a parse thread. */
export const CHUNK_BYTES = 2 << 20
/** Files of this many bytes of text or more are read in parse threads (a gzip file counts {@link GZIP_RATIO}× its size). */
export const THREADED_BYTES = 4 << 20
/** About how much larger a CSV's text is than its gzip file. */
export const GZIP_RATIO = 4

/**
 * Whether a file of `size` bytes is worth `threads` parse threads: they pay for themselves on a few chunks of text
 * (each starts in ~0.3 s); a small file is read in the reading thread.
 */
export function useThreads(file: InputFile, size: number, threads: number): boolean {
  return threads > 1 && size * (file.gzip ? GZIP_RATIO : 1) >= THREADED_BYTES
}

function join(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export async function* lineChunks(stream: AsyncIterable<unknown> | Iterable<unknown>, size: number): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  for await (const piece of stream) {
    const buf = piece as Uint8Array
    if (pendingBytes + buf.length < size) {
      pending.push(buf)
      pendingBytes += buf.length
      continue
    }
    const cut = buf.lastIndexOf(LF)
    if (cut < 0) {
      pending.push(buf)
      pendingBytes += buf.length
      continue
    }
    pending.push(buf.subarray(0, cut + 1))
    yield join(pending, pendingBytes + cut + 1)
    pending = cut + 1 < buf.length ? [buf.subarray(cut + 1)] : []
    pendingBytes = buf.length - cut - 1
  }
  if (pendingBytes > 0) yield join(pending, pendingBytes)
}
