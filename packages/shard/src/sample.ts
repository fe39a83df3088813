/**
 * Bounded, deterministic sampling of training examples: each example gets a seeded hash in [0, 1) of its
 * profile and time; the sample is every example whose hash is below a threshold chosen so that at most `max`
 * are kept. Memory stays O(max) while streaming (the threshold is lowered whenever max + max/8 are held), and the
 * result does not depend on the order in which profiles arrive.
 */

import { fnv1a, FNV_OFFSET } from './fnv.ts'

/** Examples kept for training at most (a deterministic, seeded sample beyond that), so large exports train in bounded time and memory. */
export const DEFAULT_MAX_EXAMPLES = 300_000

/** The seed when none is given, in the library and the CLI alike. */
export const DEFAULT_SEED = 1

/** The final avalanche of an FNV-1a state (so that nearby inputs spread over [0, 1)), mapped to [0, 1). */
function toUnit(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0; h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0; h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

/** FNV-1a 32-bit of `text`, mapped to [0, 1). */
export function unitHash(text: string): number {
  return toUnit(fnv1a(FNV_OFFSET, text))
}

/** The FNV-1a state after `prefix`, for {@link unitHashAfter}. */
export function hashPrefix(prefix: string): number {
  return fnv1a(FNV_OFFSET, prefix)
}

/** One 32-bit word folded into a hash state: multiply by the golden ratio, then two xor-shift-multiply rounds. */
function fold(h: number, word: number): number {
  h = Math.imul(h ^ word, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h, 0x85ebca77)
  return h ^ (h >>> 13)
}

const TWO_32 = 4294967296

/**
 * A seeded hash in [0, 1) of a prefix's state (`hashPrefix`) and a time `t`: what the sampler keys every candidate
 * snapshot by (19.8 M for a 10 M-event export). A safe integer `t` (every epoch-ms time) is folded in as two 32-bit
 * words (~5 ns; hashing its decimal digits cost ~80 ns, ~1.6 CPU-s per worker on that export); other numbers go
 * through `String`. Any fixed function of (prefix, t) keeps the sample the same whatever the sharding.
 */
export function unitHashAfter(state: number, t: number): number {
  if (Number.isSafeInteger(t)) {
    const hi = Math.floor(t / TWO_32)
    return toUnit(fold(fold(state, (t - hi * TWO_32) | 0), hi | 0))
  }
  return toUnit(fnv1a(state, String(t)))
}

/**
 * The k-th smallest (0-based) of `keys`, which it reorders: quickselect (Hoare partition, middle pivot), O(n) on
 * average.
 */
export function selectKth(keys: Float64Array, k: number): number {
  let lo = 0
  let hi = keys.length - 1
  while (lo < hi) {
    const pivot = keys[(lo + hi) >>> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (keys[i]! < pivot) i++
      while (keys[j]! > pivot) j--
      if (i <= j) {
        const x = keys[i]!
        keys[i++] = keys[j]!
        keys[j--] = x
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return keys[k]!
  }
  return keys[k]!
}

/**
 * Collects items, keeping at most `max` of them: those with the smallest keys (equal keys: the earlier offered).
 * Whenever max + max/8 are held, a linear-time cut drops the surplus and lowers the threshold, so callers
 * (`accepts`) build few items that are later dropped.
 */
export class BottomKSample<T> {
  /** kept items, in the order they were offered */
  private items: Array<{ key: number; item: T }> = []
  private threshold = Infinity
  private cutOnce = false
  /** how many items were offered */
  seen = 0

  constructor(private readonly max: number) {
    if (!(Number.isInteger(max) && max > 0)) throw new RangeError(`maxExamples: expected a positive integer, got ${max}`)
  }

  /** Whether an item with this key would be kept now (lets callers skip building items that would be dropped). */
  accepts(key: number): boolean {
    return key < this.threshold
  }

  /** Offers an item; it is kept while its key is among the `max` smallest seen. */
  add(key: number, item: T): void {
    this.seen++
    if (key >= this.threshold) return
    this.items.push({ key, item })
    if (this.items.length >= this.max + Math.max(1, this.max >> 3)) this.cut()
  }

  /** Keeps the `max` smallest keys (ties: the earlier offered) in offered order; the next key in order (the (max+1)-th smallest) becomes the threshold. */
  private cut(): void {
    const items = this.items
    const keys = new Float64Array(items.length)
    for (let i = 0; i < items.length; i++) keys[i] = items[i]!.key
    const threshold = selectKth(keys, this.max)
    let below = 0
    for (const x of items) if (x.key < threshold) below++
    let ties = this.max - below
    this.items = items.filter((x) => x.key < threshold || (x.key === threshold && ties-- > 0))
    this.threshold = threshold
    this.cutOnce = true
  }

  /** The kept items: in key order (ties in offered order) once some were dropped; in offered order when none were. */
  result(): T[] {
    if (this.items.length > this.max) this.cut()
    // Array.prototype.sort is stable: equal keys stay in offered order
    if (this.cutOnce) this.items.sort((a, b) => a.key - b.key)
    return this.items.map((x) => x.item)
  }
}
