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

/** FNV-1a steps over the decimal digits of 0 ≤ x < 10^8, zero-padded to 8, from digit `from` (0 = the 10^7 one) on. */
function fnvDigits(h: number, x: number, from: number): number {
  // constant divisors: V8 turns each into a multiply and shift (a loop over powers of ten costs 2× more); the prime
  // is a literal for the reason given in fnv.ts
  let d = 0
  if (from <= 0) { d = (x / 10000000) | 0; x -= d * 10000000; h = Math.imul(h ^ (48 + d), 0x01000193) }
  if (from <= 1) { d = (x / 1000000) | 0; x -= d * 1000000; h = Math.imul(h ^ (48 + d), 0x01000193) }
  if (from <= 2) { d = (x / 100000) | 0; x -= d * 100000; h = Math.imul(h ^ (48 + d), 0x01000193) }
  if (from <= 3) { d = (x / 10000) | 0; x -= d * 10000; h = Math.imul(h ^ (48 + d), 0x01000193) }
  if (from <= 4) { d = (x / 1000) | 0; x -= d * 1000; h = Math.imul(h ^ (48 + d), 0x01000193) }
  if (from <= 5) { d = (x / 100) | 0; x -= d * 100; h = Math.imul(h ^ (48 + d), 0x01000193) }
  if (from <= 6) { d = (x / 10) | 0; x -= d * 10; h = Math.imul(h ^ (48 + d), 0x01000193) }
  return Math.imul(h ^ (48 + x), 0x01000193)
}

/** The FNV-1a state after `prefix`, for {@link unitHashAfter}. */
export function hashPrefix(prefix: string): number {
  return fnv1a(FNV_OFFSET, prefix)
}

/**
 * `unitHash(prefix + String(t))` from `state = hashPrefix(prefix)`, without building the string. The sampler hashes
 * every candidate snapshot of a profile (26.7 M for a 10 M-event export; ~500 ns each as a string, ~80 ns here):
 * an integer 10^8 ≤ t < 10^15 (every epoch-ms time from 1970-01-02 on) is split into two int32 halves whose digits
 * are hashed by arithmetic; other numbers go through `String`.
 */
export function unitHashAfter(state: number, t: number): number {
  if (t >= 1e8 && t < 1e15 && Math.floor(t) === t) {
    // t / 1e8 < 1e7 is rounded at most 2^-30 off, less than the 1e-8 that separates it from the next integer
    const hi = Math.floor(t / 1e8)
    const lo = t - hi * 1e8
    const from = hi >= 1e6 ? 1 : hi >= 1e5 ? 2 : hi >= 1e4 ? 3 : hi >= 1e3 ? 4 : hi >= 100 ? 5 : hi >= 10 ? 6 : 7
    return toUnit(fnvDigits(fnvDigits(state, hi, from), lo, 0))
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
