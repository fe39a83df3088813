/**
 * One record out of a bucket object in R2 (format: bucket-file.ts). A read takes the first {@link FIRST_READ_BYTES}
 * (the prefix and, for ~500 records, the whole ~20 KB index), then the record's byte range with
 * `onlyIf: { etagMatches }`, so a bucket rewritten in between (an erasure) is read again instead of cut at stale offsets.
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
