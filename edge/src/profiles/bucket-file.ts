/**
 * The format of one bucket's R2 object, built so that a read fetches one record, not the bucket:
 *
 *   bytes [0, 16)      "APB1" + the index's byte length as 11 decimal digits + "\n"
 *   index              JSON [[profileId, offset, length], …] sorted by profileId, then "\n"
 *   body               the records' JSON, one a line; offsets are bytes from the body's start
 *
 * Pure (no Workers types), so the bench builds objects in Node; bucket-read.ts reads one record back from R2.
 */
import { EdgeError } from '../errors.ts'

const MAGIC = 'APB1'
/** Bytes before the index: "APB1", 11 digits, "\n". */
export const PREFIX_BYTES = 16
/** The first range read of a lookup: the prefix and, for buckets of up to ~1000 records, the whole index. */
export const FIRST_READ_BYTES = 32_768

/** One record of a bucket: its id and its JSON text (one line, no newline). */
export interface BucketEntry {
  id: string
  text: string
}

/** One index entry: a profile id, its record's offset from the body's start and its byte length. */
export type IndexRow = [id: string, offset: number, length: number]

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Builds a bucket object from its records (any order; ids unique). */
export function encodeBucket(entries: readonly BucketEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const lines = sorted.map((e) => encoder.encode(`${e.text}\n`))
  const index: IndexRow[] = []
  let offset = 0
  sorted.forEach((entry, i) => {
    const length = lines[i]!.byteLength - 1
    index.push([entry.id, offset, length])
    offset += length + 1
  })
  const indexBytes = encoder.encode(`${JSON.stringify(index)}\n`)
  const out = new Uint8Array(PREFIX_BYTES + indexBytes.byteLength + offset)
  out.set(encoder.encode(`${MAGIC}${String(indexBytes.byteLength).padStart(11, '0')}\n`), 0)
  out.set(indexBytes, PREFIX_BYTES)
  let at = PREFIX_BYTES + indexBytes.byteLength
  for (const line of lines) {
    out.set(line, at)
    at += line.byteLength
  }
  return out
}

/** The index's byte length, from the prefix. @throws {EdgeError} 500 for bytes not in this format */
export function indexLength(bytes: Uint8Array): number {
  const prefix = decoder.decode(bytes.subarray(0, PREFIX_BYTES))
  if (bytes.byteLength < PREFIX_BYTES || !prefix.startsWith(MAGIC) || prefix[15] !== '\n') {
    throw new EdgeError(500, 'INTERNAL', 'a stored profile bucket is not in the APB1 format; re-upload the generation')
  }
  return Number(prefix.slice(4, 15))
}

/** The index rows of a bucket object, given at least its prefix and index bytes. */
export function parseIndex(bytes: Uint8Array, length: number): IndexRow[] {
  return JSON.parse(decoder.decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + length))) as IndexRow[]
}

/** Every record of a whole bucket object. */
export function decodeBucket(bytes: Uint8Array): BucketEntry[] {
  const length = indexLength(bytes)
  const body = PREFIX_BYTES + length
  return parseIndex(bytes, length).map(([id, offset, size]) => ({ id, text: decoder.decode(bytes.subarray(body + offset, body + offset + size)) }))
}

/** The profile ids of a whole bucket object. */
export function bucketIds(bytes: Uint8Array): string[] {
  return parseIndex(bytes, indexLength(bytes)).map(([id]) => id)
}
