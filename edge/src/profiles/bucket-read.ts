/**
 * One record out of a bucket object in R2 (format: bucket-file.ts). A read takes the first {@link FIRST_READ_BYTES}
 * (the prefix and, for ~500 records, the whole ~20 KB index), then the record's byte range with
 * `onlyIf: { etagMatches }`, so a bucket rewritten in between (an erasure) is read again instead of cut at stale offsets.
 *
 * The isolate keeps the indexes it read (ids and offsets, never record bodies; at most {@link MAX_CACHED_INDEXES}), so a
 * warm read is one range read. That is safe because a committed bucket only ever loses records: an erasure rewrites
 * it (new etag, so the conditional read fails and the index is read again), and an id absent from a cached index is
 * absent from every later version of that object.
 */
import { EdgeError } from '../errors.ts'
import { FIRST_READ_BYTES, PREFIX_BYTES, indexLength, parseIndex, type IndexRow } from './bucket-file.ts'

const decoder = new TextDecoder()

/** The row of `id` in an index sorted by id (binary search). */
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
/** Bucket indexes an isolate keeps (~50 KB each for 500 records). */
export const MAX_CACHED_INDEXES = 128

interface CachedIndex {
  etag: string
  length: number
  index: IndexRow[]
}
const indexes = new Map<string, CachedIndex>()

function remember(key: string, entry: CachedIndex): void {
  indexes.delete(key)
  indexes.set(key, entry)
  while (indexes.size > MAX_CACHED_INDEXES) indexes.delete(indexes.keys().next().value as string)
}

/** The record through a cached index: its text, null when absent, or undefined when the cache cannot answer. */
async function readCached(r2: R2Bucket, key: string, id: string): Promise<string | null | undefined> {
  const cached = indexes.get(key)
  if (cached === undefined) return undefined
  remember(key, cached)
  const row = findRow(cached.index, id)
  if (row === undefined) return null
  const record = await r2.get(key, { range: { offset: PREFIX_BYTES + cached.length + row[1], length: row[2] }, onlyIf: { etagMatches: cached.etag } })
  if (record !== null && 'body' in record) return await record.text()
  indexes.delete(key) // rewritten (an erasure) or deleted: read it again
  return undefined
}

/**
 * The JSON text of one profile's record in a bucket object, or null when the bucket or the profile is not there.
 * One R2 range read with the bucket's index cached, else two at most (one when the record lies within the first read).
 */
export async function readBucketRecord(r2: R2Bucket, key: string, id: string): Promise<string | null> {
  const cached = await readCached(r2, key, id)
  if (cached !== undefined) return cached
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // an HTTP Range header, whose end may lie past the object's end (clamped, RFC 9110): a small site's bucket is
    // shorter than the first read
    const first = await r2.get(key, { range: new Headers({ range: `bytes=0-${FIRST_READ_BYTES - 1}` }) })
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
    const index = parseIndex(bytes, length)
    remember(key, { etag: first.etag, length, index })
    const row = findRow(index, id)
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
