import { fnv1a, fnv1aBytes, FNV_OFFSET } from '../fnv.ts'

/**
 * An index from ASCII spans of a line's bytes to codes of a list of strings: a value is found without decoding the
 * span (no string allocated, no `Map` hashing). Slots hold a 32-bit hash and the code; a hit is confirmed by
 * comparing the span with the value itself, so it is exact, never "probably". Used by `Dictionary`.
 */
export class SpanIndex {
  private slots = new Int32Array(2 * 1024)
  private mask = 1023
  private count = 0

  /** @param values the strings codes stand for (code = index), read to confirm a hit */
  constructor(private readonly values: readonly string[]) {}

  /** The code of the ASCII text `line[start, end)` (its {@link spanHash} is `hash`), or −1 when it is not indexed. */
  get(line: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots
    const length = end - start
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = slots[2 * slot + 1]!
      if (stored === 0) return -1
      if (slots[2 * slot] === hash) {
        const value = this.values[stored - 1]!
        if (value.length === length && sameText(line, start, value)) return stored - 1
      }
    }
  }

  /** Indexes `code`, whose value has this hash ({@link spanHash} or {@link textHash}) and is not indexed yet. */
  add(hash: number, code: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow()
    this.insert(this.slots, this.mask, hash, code + 1)
    this.count++
  }

  private insert(slots: Int32Array, mask: number, hash: number, stored: number): void {
    let slot = hash & mask
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask
    slots[2 * slot] = hash
    slots[2 * slot + 1] = stored
  }

  private grow(): void {
    const old = this.slots
    const size = (this.mask + 1) * 2
    this.slots = new Int32Array(2 * size)
    this.mask = size - 1
    for (let s = 0; s < old.length; s += 2) if (old[s + 1] !== 0) this.insert(this.slots, this.mask, old[s]!, old[s + 1]!)
  }
}

function sameText(line: Uint8Array, start: number, value: string): boolean {
  for (let k = 0; k < value.length; k++) if (line[start + k] !== value.charCodeAt(k)) return false
  return true
}

function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  return h ^ (h >>> 13)
}

/** A 32-bit hash of the bytes `line[start, end)`: FNV-1a, then mixed so that the low bits pick slots well. */
export function spanHash(line: Uint8Array, start: number, end: number): number {
  return mix(fnv1aBytes(0x811c9dc5 | 0, line, start, end)) // the offset as a literal: see fnv.ts
}

/** {@link spanHash} of a string's UTF-16 code units: for ASCII text, the hash of its bytes. */
export function textHash(text: string): number {
  return mix(fnv1a(FNV_OFFSET, text))
}
