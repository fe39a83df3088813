import { BLOCK_SHIFT, F64, I32, type EventColumns } from './event-columns.ts'
import { timeOrder } from './time-order.ts'

/**
 * The events grouped by profile and sorted by time, as records (see `RECORD_BYTES`): profile `p`'s events are
 * records `start[p]` … `start[p + 1] − 1`.
 */
export interface EventTable {
  /** profile ids, sorted (code unit order) */
  profiles: string[]
  /** record offsets, `profiles.length + 1` of them */
  start: Int32Array
  f64: Float64Array
  i32: Int32Array
  types: string[]
  items: string[]
  attributes: string[]
}

/** log2 of the most buckets of the first pass: few enough write streams for the caches and the TLB. */
const BUCKET_BITS = 9

/** Copies record `s` of (sf, si) to record `d` of (df, di): two doubles and four int32 (not four doubles, which could alter NaN bits). */
function copyRecord(sf: Float64Array, si: Int32Array, s: number, df: Float64Array, di: Int32Array, d: number): void {
  df[d * F64.stride + F64.ts] = sf[s * F64.stride + F64.ts]!
  df[d * F64.stride + F64.value] = sf[s * F64.stride + F64.value]!
  const a = s * I32.stride
  const b = d * I32.stride
  di[b + I32.profile] = si[a + I32.profile]!
  di[b + I32.type] = si[a + I32.type]!
  di[b + I32.item] = si[a + I32.item]!
  di[b + I32.attr] = si[a + I32.attr]!
}

/**
 * Groups the records by profile id (profiles in id order) and sorts each profile's by (time, arrival), in O(n)
 * when the export's profiles are time-ordered. A stable two-pass counting sort: the first pass splits the records
 * into at most 2^9 buckets of consecutive profiles, written straight to their final region; the second orders each
 * bucket (small enough to stay in cache) by profile, then checks each profile's times and sorts them only if needed.
 * A one-pass scatter measured several times slower on 10 M events: every record is a cache and TLB miss.
 * Consumes the columns: their records are released once copied.
 */
export function sortEvents(columns: EventColumns): EventTable {
  const order = columns.profiles.sortedCodes()
  const profiles = Array.from(order, (code) => columns.profiles.values[code]!)
  const rank = rankOf(order)
  let shift = 0
  while (profiles.length >> shift > 1 << BUCKET_BITS) shift++
  const start = startOf(columns, rank)
  const f64 = new Float64Array(columns.length * F64.stride)
  const i32 = new Int32Array(f64.buffer)
  scatterToBuckets(columns, rank, shift, start, f64, i32)
  columns.release() // the unsorted copy (32 bytes an event) can go before the second pass
  orderBuckets(rank, shift, start, f64, i32)
  return { profiles, start, f64, i32, types: columns.typeNames(), items: columns.items.values, attributes: columns.attributes.values }
}

// Each pass is its own function: V8 optimises a function's hot loop, and one function with several
// long loops gets deoptimised and recompiled at each loop (several times slower on 10 M events).

/** rank[code] = position of the profile in id order, from the codes in that order. */
function rankOf(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length)
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r
  return rank
}

/** start[r] = the first record of the profile ranked r (prefix sums of the counts); start[P] = n. */
function startOf(columns: EventColumns, rank: Int32Array): Int32Array {
  const P = rank.length
  const start = new Int32Array(P + 1)
  for (let code = 0; code < P; code++) start[rank[code]! + 1] = columns.profileCounts[code]!
  for (let p = 0; p < P; p++) start[p + 1]! += start[p]!
  return start
}

/** Pass 1: copies each record to the next free slot of its bucket (profiles ranked r with r >> shift equal). */
function scatterToBuckets(columns: EventColumns, rank: Int32Array, shift: number, start: Int32Array, f64: Float64Array, i32: Int32Array): void {
  const buckets = (rank.length + (1 << shift) - 1) >> shift
  const next = new Int32Array(buckets)
  for (let b = 0; b < buckets; b++) next[b] = start[b << shift]!
  for (let b = 0; b < columns.f64.length; b++) {
    const f = columns.f64[b]!
    const w = columns.i32[b]!
    const count = blockCount(columns, b)
    for (let k = 0; k < count; k++) copyRecord(f, w, k, f64, i32, next[rank[w[k * I32.stride + I32.profile]!]! >> shift]!++)
  }
}

/** Pass 2: orders each bucket by profile (through a scratch copy), then each profile by time. */
function orderBuckets(rank: Int32Array, shift: number, start: Int32Array, f64: Float64Array, i32: Int32Array): void {
  const P = rank.length
  const buckets = (P + (1 << shift) - 1) >> shift
  let largest = 0
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, start[Math.min(P, (b + 1) << shift)]! - start[b << shift]!)
  const scratch = new Float64Array(largest * F64.stride)
  const scratchI = new Int32Array(scratch.buffer)
  const next = start.slice(0, P)
  for (let b = 0; b < buckets; b++) {
    const first = b << shift
    const end = Math.min(P, (b + 1) << shift)
    if (shift > 0) orderBucket(start[first]!, start[end]!, rank, next, f64, i32, scratch, scratchI)
    for (let p = first; p < end; p++) sortByTime(f64, i32, start[p]!, start[p + 1]!, scratch, scratchI)
  }
}

function orderBucket(lo: number, hi: number, rank: Int32Array, next: Int32Array, f64: Float64Array, i32: Int32Array, scratch: Float64Array, scratchI: Int32Array): void {
  scratch.set(f64.subarray(lo * F64.stride, hi * F64.stride))
  for (let k = 0; k < hi - lo; k++) copyRecord(scratch, scratchI, k, f64, i32, next[rank[scratchI[k * I32.stride + I32.profile]!]!]!++)
}

function blockCount(columns: EventColumns, b: number): number {
  return Math.min(columns.length - (b << BLOCK_SHIFT), columns.f64[b]!.length / F64.stride)
}

/** Sorts records [from, to) by (time, position), using `scratch` (≥ to − from records) as a copy of them. */
function sortByTime(f64: Float64Array, i32: Int32Array, from: number, to: number, scratch: Float64Array, scratchI: Int32Array): void {
  let sorted = true
  for (let r = from + 1; r < to; r++) {
    if (f64[r * F64.stride]! < f64[(r - 1) * F64.stride]!) {
      sorted = false
      break
    }
  }
  if (sorted) return
  const len = to - from
  scratch.set(f64.subarray(from * F64.stride, to * F64.stride))
  const order = sortedPositions(scratch, len)
  for (let j = 0; j < len; j++) copyRecord(scratch, scratchI, order[j]!, f64, i32, from + j)
}

let keys = new Float64Array(64)
let positions = new Int32Array(64)

/** The positions 0 … len − 1 of the records in `records`, ordered by (time, position). */
function sortedPositions(records: Float64Array, len: number): Int32Array {
  if (len > keys.length) {
    keys = new Float64Array(len * 2)
    positions = new Int32Array(len * 2)
  }
  for (let k = 0; k < len; k++) {
    keys[k] = records[k * F64.stride]!
    positions[k] = k
  }
  return timeOrder(keys, positions, len)
}
