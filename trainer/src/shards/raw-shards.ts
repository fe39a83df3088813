/**
 * An export's events scattered into shards by profile (`shardOf`) straight from the columns as read, in one pass on
 * this thread; each shard's profile ids are sorted, and its events grouped by profile and sorted by time, where it is
 * used (`orderShard`, in a worker thread). Sorting the whole table here first, then cutting shards from it, kept one
 * core busy and the other idle for ~1.7 s of every 10 M events, and cut every shard here a second time while the
 * workers scored; sorting every profile id here kept it idle for another ~0.4 s.
 */
import { shardOf } from '@auspex/shard'
import { BLOCK_SHIFT, F64, I32, type EventColumns } from '../ingest/event-columns.ts'
import { freeNow } from '../ingest/free-now.ts'
import { FirstUse } from './first-use.ts'

/**
 * One shard as a worker thread gets it: its records in arrival order, with strings of its own. `orderShard` turns it
 * into the shard `cutShard` (test-support/cut-from-table.ts) cuts from the sorted table.
 */
export interface RawShard {
  /**
   * records of `RECORD_BYTES` (event-columns.ts) in arrival order: the profile field holds the profile's index in
   * `profiles`, the item and attribute fields index `items` and `attributes` (−1: none)
   */
  records: Float64Array
  /** the shard's profile ids, in order of first arrival (`orderShard` sorts them) */
  profiles: string[]
  /** where each profile's events would start, grouped in the order of `profiles` (`profiles.length + 1` offsets) */
  start: Int32Array
  /** every event type of the export, canonical */
  types: string[]
  items: string[]
  attributes: string[]
}

interface Scattered {
  records: Float64Array
  profiles: string[]
  start: Int32Array
}

/** The shards of an export, each still in arrival order with the export's item and attribute codes. */
export class ScatteredShards {
  readonly #shards: readonly Scattered[]
  readonly #types: string[]
  readonly #items: string[]
  readonly #attributes: string[]
  /** re-codes a hand-out's items and attributes to the shard's own lists */
  readonly #firstUse: FirstUse
  #released = false

  constructor(shards: readonly Scattered[], types: string[], items: string[], attributes: string[]) {
    this.#shards = shards
    this.#types = types
    this.#items = items
    this.#attributes = attributes
    this.#firstUse = new FirstUse(Math.max(items.length, attributes.length))
  }

  get size(): number {
    return this.#shards.length
  }

  /** Frees the records now (`freeNow`): a later hand-out throws. */
  release(): void {
    this.#released = true
    freeNow(this.#shards.map((s) => s.records.buffer as ArrayBuffer))
  }

  /** Profiles in shard `index`. */
  profiles(index: number): number {
    return this.#shards[index]!.profiles.length
  }

  /** Events in shard `index`. */
  events(index: number): number {
    const { start, profiles } = this.#shards[index]!
    return start[profiles.length]!
  }

  /**
   * Shard `index` to hand to a worker: a copy of its records (transfer it) with items and attributes re-coded to
   * the shard's own lists, in first-use order. The shard itself is left as it is, to be handed out again.
   */
  handOut(index: number): RawShard {
    if (this.#released) throw new Error('ScatteredShards.handOut: the shards were released')
    const shard = this.#shards[index]!
    const records = shard.records.slice()
    const ints = new Int32Array(records.buffer)
    const items = this.#firstUse.recode(ints, I32.item, I32.stride, this.#items)
    const attributes = this.#firstUse.recode(ints, I32.attr, I32.stride, this.#attributes)
    return { records, profiles: shard.profiles, start: shard.start, types: this.#types, items, attributes }
  }
}

/**
 * Scatters the columns' records into `n` shards by `shardOf(profileId, n)`: each shard's profiles and records in
 * arrival order (`orderShard` sorts the profiles into id order, as `partition` of the sorted table has them). Consumes
 * the columns: they are released once copied.
 */
export function scatterShards(columns: EventColumns, n: number): ScatteredShards {
  const ids = columns.profiles.values
  const shardOfCode = new Int32Array(ids.length)
  const localOfCode = new Int32Array(ids.length)
  const profiles: string[][] = Array.from({ length: n }, () => [])
  for (let code = 0; code < ids.length; code++) {
    const id = ids[code]!
    const s = shardOf(id, n)
    shardOfCode[code] = s
    localOfCode[code] = profiles[s]!.length
    profiles[s]!.push(id)
  }
  const start = profiles.map((p) => new Int32Array(p.length + 1))
  for (let code = 0; code < ids.length; code++) start[shardOfCode[code]!]![localOfCode[code]! + 1] = columns.profileCounts[code]!
  for (const s of start) for (let p = 1; p < s.length; p++) s[p]! += s[p - 1]!
  const records = start.map((s) => new Float64Array(s[s.length - 1]! * F64.stride))
  copyToShards(columns, shardOfCode, localOfCode, records)
  const types = columns.typeNames()
  const { items, attributes } = columns
  columns.release()
  return new ScatteredShards(records.map((r, s) => ({ records: r, profiles: profiles[s]!, start: start[s]! })), types, items.values, attributes.values)
}

/** The one pass over the records: each to the next free record of its shard, its profile field the shard's index. */
function copyToShards(columns: EventColumns, shardOfCode: Int32Array, localOfCode: Int32Array, records: Float64Array[]): void {
  const ints = records.map((r) => new Int32Array(r.buffer))
  const next = new Int32Array(records.length)
  for (let b = 0; b < columns.f64.length; b++) {
    const f = columns.f64[b]!
    const w = columns.i32[b]!
    const count = Math.min(columns.length - (b << BLOCK_SHIFT), f.length / F64.stride)
    for (let k = 0; k < count; k++) {
      const code = w[k * I32.stride + I32.profile]!
      const s = shardOfCode[code]!
      const d = next[s]!++
      const df = records[s]!
      const di = ints[s]!
      df[d * F64.stride + F64.ts] = f[k * F64.stride + F64.ts]!
      df[d * F64.stride + F64.value] = f[k * F64.stride + F64.value]!
      const a = k * I32.stride
      const o = d * I32.stride
      di[o + I32.profile] = localOfCode[code]!
      di[o + I32.type] = w[a + I32.type]!
      di[o + I32.item] = w[a + I32.item]!
      di[o + I32.attr] = w[a + I32.attr]!
    }
  }
}
