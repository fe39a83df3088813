/**
 * Sorts a raw shard's profile ids (raw-shards.ts), groups its events by profile in that order and sorts each
 * profile's events by (time, arrival): the shard `cutShard` cuts from the sorted event table, the same to the byte
 * once encoded (raw-shards.test.ts). Runs in the worker thread that uses the shard.
 */
import type { ShardTable } from '@auspex/shard'
import { F64, I32 } from '../ingest/event-columns.ts'
import { sortedIndices } from '../ingest/sort-strings.ts'
import { timeOrder } from '../ingest/time-order.ts'
import { FirstUse } from './first-use.ts'
import type { RawShard } from './raw-shards.ts'

export function orderShard(raw: RawShard): ShardTable {
  const P = raw.profiles.length
  const n = raw.start[P]!
  const f = raw.records
  const w = new Int32Array(f.buffer, f.byteOffset, f.length * 2)
  const time = new Float64Array(n)
  const value = new Float64Array(n)
  const type = new Int32Array(n)
  const item = new Int32Array(n)
  const attr = new Int32Array(n)
  const { profiles, start, rank } = idOrder(raw)
  const next = start.slice(0, P)
  for (let r = 0; r < n; r++) {
    const a = r * I32.stride
    const d = next[rank[w[a + I32.profile]!]!]!++
    time[d] = f[r * F64.stride + F64.ts]!
    value[d] = f[r * F64.stride + F64.value]!
    type[d] = w[a + I32.type]!
    item[d] = w[a + I32.item]!
    attr[d] = w[a + I32.attr]!
  }
  const columns = { time, value, type, item, attr }
  const order = new TimeOrder()
  for (let p = 0; p < P; p++) order.sort(columns, start[p]!, start[p + 1]!)
  // the shard's strings in first use of its sorted order, as `cutShard` codes them
  const firstUse = new FirstUse(Math.max(raw.items.length, raw.attributes.length))
  return {
    profiles, start, ...columns, types: raw.types,
    items: firstUse.recode(item, 0, 1, raw.items), attributes: firstUse.recode(attr, 0, 1, raw.attributes),
  }
}

/** The shard's profile ids in id order (code unit order), where each one's events start, and each arrival index's rank. */
function idOrder(raw: RawShard): { profiles: string[]; start: Int32Array; rank: Int32Array } {
  const P = raw.profiles.length
  const sorted = sortedIndices(raw.profiles)
  const rank = new Int32Array(P)
  const start = new Int32Array(P + 1)
  for (let p = 0; p < P; p++) {
    const was = sorted[p]!
    rank[was] = p
    start[p + 1] = start[p]! + raw.start[was + 1]! - raw.start[was]!
  }
  return { profiles: Array.from(sorted, (was) => raw.profiles[was]!), start, rank }
}

interface Columns {
  time: Float64Array
  value: Float64Array
  type: Int32Array
  item: Int32Array
  attr: Int32Array
}

/** Sorts a profile's events by (time, position) in place, through scratch copies that grow as needed. */
class TimeOrder {
  #positions = new Int32Array(64)
  #keys = new Float64Array(64)
  #f = new Float64Array(64)
  #i = new Int32Array(64)

  sort(c: Columns, from: number, to: number): void {
    let sorted = true
    for (let r = from + 1; r < to; r++) {
      if (c.time[r]! < c.time[r - 1]!) {
        sorted = false
        break
      }
    }
    if (sorted) return
    const len = to - from
    if (len > this.#positions.length) {
      this.#positions = new Int32Array(len * 2)
      this.#keys = new Float64Array(len * 2)
      this.#f = new Float64Array(len * 2)
      this.#i = new Int32Array(len * 2)
    }
    const order = this.#order(c.time, from, len)
    this.#permute(c.time, from, len, order)
    this.#permute(c.value, from, len, order)
    this.#permute(c.type, from, len, order)
    this.#permute(c.item, from, len, order)
    this.#permute(c.attr, from, len, order)
  }

  /** The positions 0 … len − 1 of the events from `from`, ordered by (time, position). */
  #order(time: Float64Array, from: number, len: number): Int32Array {
    for (let k = 0; k < len; k++) {
      this.#keys[k] = time[from + k]!
      this.#positions[k] = k
    }
    return timeOrder(this.#keys, this.#positions, len)
  }

  #permute(column: Float64Array | Int32Array, from: number, len: number, order: Int32Array): void {
    const scratch = column instanceof Float64Array ? this.#f : this.#i
    scratch.set(column.subarray(from, from + len))
    for (let j = 0; j < len; j++) column[from + j] = scratch[order[j]!]!
  }
}
