import { web, type ByteStream } from './web.ts'

/** Every chunk of `stream`, concatenated. */
async function collect(stream: ByteStream): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (value) { chunks.push(value); length += value.length }
  }
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(length)
  let at = 0
  for (const c of chunks) { out.set(c, at); at += c.length }
  return out
}

function through(bytes: Uint8Array, transform: { writable: unknown; readable: unknown }): Promise<Uint8Array> {
  const source = new web.ReadableStream({ start(c) { c.enqueue(bytes); c.close() } })
  return collect(source.pipeThrough(transform))
}

/** gzip of `bytes` with the runtime's `CompressionStream` (Node ≥ 18, workerd, browsers). */
export function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new web.CompressionStream('gzip'))
}

/** The bytes inside a gzip stream; rejects on a truncated or corrupted one. */
export function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new web.DecompressionStream('gzip'))
}

/** Lower-case hex SHA-256 of `bytes` (a shard's checksum in the manifest). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await web.crypto.subtle.digest('SHA-256', bytes))
  let hex = ''
  for (const b of digest) hex += b.toString(16).padStart(2, '0')
  return hex
}
