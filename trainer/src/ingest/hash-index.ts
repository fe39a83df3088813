/**
 * Slot layout: four key words, then the code + 1 (0 = empty slot). One slot spans at most two cache lines.
 * Words are kept as int32: on 64-bit V8 those are small integers, while uint32 values ≥ 2^31 would be boxed
 * into a heap number at every call (an allocation per lookup).
 */
const STRIDE = 5

/**
 * An open-addressing hash map from 128-bit keys (four 32-bit words: two 64-bit hashes, or one hash and zeros)
 * to non-negative integer codes. The keys are hashes already, so their low word picks the slot. Linear probing,
 * keys and code side by side (one cache miss per lookup), grows at half load. Used to dictionary-encode strings
 * that DuckDB hands over as hashes, without decoding them.
 */
export class HashIndex {
  private slots: Int32Array
  private mask: number
  private count = 0

  constructor(capacity = 1024) {
    let size = 16
    while (size < capacity * 2) size *= 2
    this.slots = new Int32Array(size * STRIDE)
    this.mask = size - 1
  }

  get size(): number {
    return this.count
  }

  /** The code stored for the key, or −1. */
  get(a0: number, a1: number, b0: number, b1: number): number {
    a0 |= 0; a1 |= 0; b0 |= 0; b1 |= 0
    const slots = this.slots
    const mask = this.mask
    let slot = (a0 ^ Math.imul(b0, 0x9e3779b1)) & mask
    for (;;) {
      const s = slot * STRIDE
      const stored = slots[s + 4]!
      if (stored === 0) return -1
      if (slots[s] === a0 && slots[s + 1] === a1 && slots[s + 2] === b0 && slots[s + 3] === b1) return stored - 1
      slot = (slot + 1) & mask
    }
  }

  /** Stores `code` (≥ 0) for a key that is not in the index yet. */
  set(a0: number, a1: number, b0: number, b1: number, code: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow()
    this.insert(this.slots, this.mask, a0 | 0, a1 | 0, b0 | 0, b1 | 0, code + 1)
    this.count++
  }

  private insert(slots: Int32Array, mask: number, a0: number, a1: number, b0: number, b1: number, stored: number): void {
    let slot = (a0 ^ Math.imul(b0, 0x9e3779b1)) & mask
    while (slots[slot * STRIDE + 4] !== 0) slot = (slot + 1) & mask
    const s = slot * STRIDE
    slots[s] = a0
    slots[s + 1] = a1
    slots[s + 2] = b0
    slots[s + 3] = b1
    slots[s + 4] = stored
  }

  private grow(): void {
    const old = this.slots
    const size = (this.mask + 1) * 2
    this.slots = new Int32Array(size * STRIDE)
    this.mask = size - 1
    for (let s = 0; s < old.length; s += STRIDE) {
      if (old[s + 4] !== 0) this.insert(this.slots, this.mask, old[s]!, old[s + 1]!, old[s + 2]!, old[s + 3]!, old[s + 4]!)
    }
  }
}
