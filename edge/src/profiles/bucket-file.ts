/**
 * The format of one bucket's R2 object, built so that a read fetches one record, not the bucket:
 *
 *   bytes [0, 16)      "APB1" + the index's byte length as 11 decimal digits + "\n"
 *   index              JSON [[profileId, offset, length], …] sorted by profileId, then "\n"
 *   body               the records' JSON, one a line; offsets are bytes from the body's start
 *
 * A read takes the first {@link FIRST_READ_BYTES} (prefix and index, ~500 records' index is ~20 KB), then the
 * record's byte range with `onlyIf: { etagMatches }`, so a bucket rewritten in between (an erasure) is read again
 * instead of cut at stale offsets.
 */
import { EdgeError } from '../errors.ts'

const MAGIC = 'APB1'
const PREFIX_BYTES = 16
/** The first range read of a lookup: the prefix and, for buckets of up to ~1000 records, the whole index. */
export const FIRST_READ_BYTES = 32_768

/** One record of a bucket: its id and its JSON text (one line, no newline). */
export interface BucketEntry {
  id: string
  text: string
}

type IndexRow = [id: string, offset: number, length: number]

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

function indexLength(bytes: Uint8Array): number {
  const prefix = decoder.decode(bytes.subarray(0, PREFIX_BYTES))
  if (bytes.byteLength < PREFIX_BYTES || !prefix.startsWith(MAGIC) || prefix[15] !== '\n') {
    throw new EdgeError(500, 'INTERNAL', 'a stored profile bucket is not in the APB1 format; re-upload the generation')
  }
  return Number(prefix.slice(4, 15))
}

/** The index rows of a bucket object, given at least its prefix and index bytes. */
function parseIndex(bytes: Uint8Array, length: number): IndexRow[] {
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

function findRow(index: readonly IndexRow[], id: string): IndexRow | undefined {
  let lo = 0
  let hi = index.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const row = index[mid]!
    if (row[0] === id) return row
    if (row[0] < id) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}

const ATTEMPTS = 3

/**
 * The JSON text of one profile's record in a bucket object, or null when the bucket or the profile is not there.
 * Two R2 range reads at most (one when the record lies within the first read).
 */
export async function readBucketRecord(r2: R2Bucket, key: string, id: string): Promise<string | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const first = await r2.get(key, { range: { offset: 0, length: FIRST_READ_BYTES } })
    if (first === null) return null
    let bytes = new Uint8Array(await first.arrayBuffer())
    const length = indexLength(bytes)
    const onlyIf = { etagMatches: first.etag }
    if (PREFIX_BYTES + length > bytes.byteLength) {
      const rest = await r2.get(key, { range: { offset: bytes.byteLength, length: PREFIX_BYTES + length - bytes.byteLength }, onlyIf })
      if (rest === null) return null
      if (!('body' in rest)) continue // rewritten between the two reads: read again
      const whole = new Uint8Array(PREFIX_BYTES + length)
      whole.set(bytes, 0)
      whole.set(new Uint8Array(await rest.arrayBuffer()), bytes.byteLength)
      bytes = whole
    }
    const row = findRow(parseIndex(bytes, length), id)
    if (row === undefined) return null
    const start = PREFIX_BYTES + length + row[1]
    if (start + row[2] <= bytes.byteLength) return decoder.decode(bytes.subarray(start, start + row[2]))
    const record = await r2.get(key, { range: { offset: start, length: row[2] }, onlyIf })
    if (record === null) return null
    if (!('body' in record)) continue
    return await record.text()
  }
  throw new EdgeError(500, 'INTERNAL', 'the profile bucket kept changing while it was read; retry')
}
