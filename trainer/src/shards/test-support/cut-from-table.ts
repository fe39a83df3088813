/**
 * The definition of an export's shards, for the tests: the sorted event table (src/ingest/sort-events.ts) cut into
 * shards of whole profiles by `shardOf(profileId, n)`, each shard's profiles in the table's id order and each profile
 * in time order, strings re-indexed per shard in first-use order. `scatterShards` + `orderShard` (raw-shards.ts,
 * order-shard.ts) must make these shards, byte for byte (raw-shards.test.ts).
 */
import { shardOf, type ShardTable } from '@auspex/shard'
import { F64, I32 } from '../../ingest/event-columns.ts'
import type { EventTable } from '../../ingest/sort-events.ts'

/** The table's profile indices of each of `n` shards, ascending. */
export function partition(table: EventTable, n: number): Int32Array[] {
  const of = new Int32Array(table.profiles.length)
  const counts = new Int32Array(n)
  table.profiles.forEach((id, p) => { counts[(of[p] = shardOf(id, n))]!++ })
  const members = Array.from(counts, (c) => new Int32Array(c))
  const fill = new Int32Array(n)
  for (let p = 0; p < of.length; p++) members[of[p]!]![fill[of[p]!]!++] = p
  return members
}

/** Events of the profiles `members` in the table. */
export function eventsOf(table: EventTable, members: Int32Array): number {
  let n = 0
  for (const p of members) n += table.start[p + 1]! - table.start[p]!
  return n
}

/** Re-indexes the strings a shard uses, in first-use order. */
class Reindex {
  private readonly map: Int32Array
  readonly used: number[] = []
  constructor(size: number) {
    this.map = new Int32Array(size).fill(-1)
  }
  code(global: number): number {
    if (global < 0) return -1
    let local = this.map[global]!
    if (local < 0) { local = this.map[global] = this.used.length; this.used.push(global) }
    return local
  }
}

/** The shard of the table's profiles `members` (ascending indices). */
export function cutShard(table: EventTable, members: Int32Array): ShardTable {
  const n = eventsOf(table, members)
  const start = new Int32Array(members.length + 1)
  const time = new Float64Array(n)
  const value = new Float64Array(n)
  const type = new Int32Array(n)
  const item = new Int32Array(n)
  const attr = new Int32Array(n)
  const items = new Reindex(table.items.length)
  const attrs = new Reindex(table.attributes.length)
  const { f64, i32 } = table
  let r = 0
  members.forEach((p, k) => {
    for (let e = table.start[p]!; e < table.start[p + 1]!; e++, r++) {
      time[r] = f64[e * F64.stride + F64.ts]!
      value[r] = f64[e * F64.stride + F64.value]!
      type[r] = i32[e * I32.stride + I32.type]!
      item[r] = items.code(i32[e * I32.stride + I32.item]!)
      attr[r] = attrs.code(i32[e * I32.stride + I32.attr]!)
    }
    start[k + 1] = r
  })
  return {
    profiles: Array.from(members, (p) => table.profiles[p]!), start, time, value, type, item, attr,
    types: table.types, items: items.used.map((i) => table.items[i]!), attributes: attrs.used.map((i) => table.attributes[i]!),
  }
}
