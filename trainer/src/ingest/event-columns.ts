import { canonicalType } from '@auspex/core'
import { Dictionary } from './dictionary.ts'
import { freeNow } from './free-now.ts'

/**
 * Bytes per event record: time and value as doubles, then the profile, type, item and attribute codes as int32.
 * One record per row keeps a row's fields on one cache line, which is what makes grouping 10 M events by
 * profile fast (one random write per event instead of one per field).
 */
export const RECORD_BYTES = 32
/** Field offsets within a record, in units of its Float64Array view ({@link F64}) and Int32Array view ({@link I32}). */
export const F64 = { stride: 4, ts: 0, value: 1 } as const
export const I32 = { stride: 8, profile: 4, type: 5, item: 6, attr: 7 } as const

/** Records per block (32 MiB): storage grows a block at a time, without copying. */
export const BLOCK_SHIFT = 20
const BLOCK = 1 << BLOCK_SHIFT
const FIRST_BLOCK = 1 << 12

/**
 * The valid events of an export as fixed-size records (no per-event JS objects) in blocks of 2^20, with their
 * strings dictionary-encoded: profile, type, item (−1 = none) and attribute document (JSON text; −1 = none)
 * codes; a missing value is NaN. Records stay in arrival order (file by file, row by row) until `sortEvents`.
 */
export class EventColumns {
  readonly profiles = new Dictionary()
  readonly types = new Dictionary()
  readonly items = new Dictionary()
  readonly attributes = new Dictionary()
  length = 0
  first = Infinity
  last = -Infinity
  /** the blocks' Float64Array views; record i is in block i >> BLOCK_SHIFT */
  readonly f64: Float64Array[] = []
  /** the same blocks as Int32Array */
  readonly i32: Int32Array[] = []
  /** events per type code */
  readonly typeCounts: number[] = []
  /** events per profile code (grows with the profile dictionary; `sortEvents` reads it instead of a counting pass) */
  profileCounts = new Int32Array(1024)
  private f = new Float64Array(0)
  private w = new Int32Array(0)

  push(profile: number, ts: number, type: number, value: number, item: number, attr: number): void {
    const i = this.length
    const at = i & (BLOCK - 1)
    if (at === 0) this.newBlock()
    else if (at * F64.stride === this.f.length) this.growBlock()
    const f = at * F64.stride
    const n = at * I32.stride
    this.f[f + F64.ts] = ts
    this.f[f + F64.value] = value
    this.w[n + I32.profile] = profile
    this.w[n + I32.type] = type
    this.w[n + I32.item] = item
    this.w[n + I32.attr] = attr
    this.length = i + 1
    this.typeCounts[type] = (this.typeCounts[type] ?? 0) + 1
    if (profile >= this.profileCounts.length) this.growCounts(profile)
    this.profileCounts[profile]!++
    if (ts < this.first) this.first = ts
    if (ts > this.last) this.last = ts
  }

  /** Drops the records and the per-profile counts (the dictionaries, type counts and time range stay): `sortEvents` and `scatterShards` call this once they have copied them; their memory is freed now (`freeNow`). */
  release(): void {
    // freed now: released records that wait for a major GC can outlive the command's next phase (freeNow)
    freeNow(this.f64.map((block) => block.buffer as ArrayBuffer))
    this.length = 0
    this.f64.length = 0
    this.i32.length = 0
    this.f = new Float64Array(0)
    this.w = new Int32Array(0)
    this.profileCounts = new Int32Array(0)
  }

  /**
   * The event type of each type code, canonical: the type dictionary keeps the strings as read (the JSON Lines fast
   * path and the CSV/Parquet readers look them up by their bytes or DuckDB's hash, before any translation), so
   * `add_to_cart`, `Product Added` and `addToCart` may hold three codes; each distinct string goes through core's
   * `canonicalType` here, once, and all three read as `addToCart`, as `normalizeEvent` makes of them.
   */
  typeNames(): string[] {
    return this.types.values.map((name) => canonicalType(name))
  }

  private growCounts(profile: number): void {
    const next = new Int32Array(Math.max(profile + 1, this.profileCounts.length * 2))
    next.set(this.profileCounts)
    this.profileCounts = next
  }

  /** Starts a block: small for the first (small exports stay small), full size after. */
  private newBlock(): void {
    this.f = new Float64Array((this.length === 0 ? FIRST_BLOCK : BLOCK) * F64.stride)
    this.w = new Int32Array(this.f.buffer)
    this.f64.push(this.f)
    this.i32.push(this.w)
  }

  /** Doubles the first block (up to the block size). */
  private growBlock(): void {
    const next = new Float64Array(Math.min(this.f.length * 2, BLOCK * F64.stride))
    next.set(this.f)
    this.f = next
    this.w = new Int32Array(next.buffer)
    this.f64[this.f64.length - 1] = this.f
    this.i32[this.i32.length - 1] = this.w
  }
}
