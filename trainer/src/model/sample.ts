/**
 * Bounded, deterministic sampling of training examples: each example gets a seeded hash in [0, 1) of its
 * profile and time; the sample is every example whose hash is below a threshold chosen so that at most `max`
 * are kept. Memory stays O(max) while streaming (the threshold is lowered whenever 2·max are held), and the
 * result does not depend on the order in which profiles arrive.
 */

/** Examples kept for training at most (a deterministic, seeded sample beyond that), so large exports train in bounded time and memory. */
export const DEFAULT_MAX_EXAMPLES = 300_000

const FNV_OFFSET = 0x811c9dc5

/** FNV-1a 32-bit state `h` after the UTF-16 code units of `text`. */
function fnv(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0 }
  return h
}

/** The final avalanche (so that nearby inputs spread over [0, 1)), mapped to [0, 1). */
function toUnit(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0; h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0; h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

/** FNV-1a 32-bit of `text`, mapped to [0, 1). */
export function unitHash(text: string): number {
  return toUnit(fnv(FNV_OFFSET, text))
}

/**
 * `t => unitHash(prefix + String(t))`, without building the string: the prefix is hashed once, and the decimal digits
 * of an integer `t` are hashed from arithmetic (other numbers go through `String`). The sampler hashes every candidate
 * snapshot of a profile (26.7 M for a 10 M-event export), so this saves a concatenation and a rescan per candidate.
 */
export function unitHashAfter(prefix: string): (t: number) => number {
  const start = fnv(FNV_OFFSET, prefix)
  const digits = new Uint8Array(16)
  return (t) => {
    if (!(Number.isSafeInteger(t) && t >= 0)) return toUnit(fnv(start, String(t)))
    let n = 0
    let x = t
    do {
      const d = x % 10
      digits[n++] = d
      x = (x - d) / 10
    } while (x > 0)
    let h = start
    for (let i = n - 1; i >= 0; i--) { h ^= 48 + digits[i]!; h = Math.imul(h, 0x01000193) >>> 0 }
    return toUnit(h)
  }
}

/** Collects items, keeping at most `max` of them: those with the smallest keys. */
export class BottomKSample<T> {
  private items: Array<{ key: number; item: T }> = []
  private threshold = Infinity
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
    if (this.items.length >= 2 * this.max) this.cut()
  }

  private cut(): void {
    this.items.sort((a, b) => a.key - b.key)
    if (this.items.length > this.max) {
      this.threshold = (this.items[this.max] as { key: number }).key
      this.items.length = this.max
    }
  }

  /** The kept items (in key order once cut; insertion order when nothing had to be dropped). */
  result(): T[] {
    if (this.items.length > this.max) this.cut()
    return this.items.map((x) => x.item)
  }

}
