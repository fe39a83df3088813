import { HashIndex } from './hash-index.ts'
import { sortedIndices } from './sort-strings.ts'
import { SpanIndex, textHash } from './span-index.ts'

/** How values came into a dictionary (bits). */
const ADDED = { hash: 1, key: 2, other: 4 } as const

/**
 * Dictionary encoding of one string column (profile ids, types, items, attribute documents): code = index in
 * {@link values}, in order of first appearance. Values can be looked up four ways: as strings ({@link code}), by a
 * hash DuckDB computed ({@link codeOfHash}; only the first row of each distinct value is decoded into a JS string),
 * by the CSV fast path's 128-bit span key ({@link codeOfKey}, `span-key.ts`), or as ASCII spans of a line's bytes
 * ({@link codeOfSpan}; nothing decoded for a value seen before).
 */
export class Dictionary {
  readonly values: string[] = []
  /** value → code for `values[0 … indexed − 1]`; built only once {@link code} is used (values learned by hash need none) */
  private readonly byValue = new Map<string, number>()
  private indexed = 0
  private readonly byHash = new HashIndex()
  /** span → code for `values[0 … spanIndexed − 1]`; built only once {@link codeOfSpan} is used */
  private readonly bySpan = new SpanIndex(this.values)
  private spanIndexed = 0
  private readonly byKey = new HashIndex()
  /**
   * How values were added ({@link ADDED}): a hash of one family (DuckDB's, or the span key) not seen before stands
   * for a new value only while no value came another way.
   */
  private added = 0

  get size(): number {
    return this.values.length
  }

  /** The code of `value`, added when new. */
  code(value: string): number {
    if (this.indexed < this.values.length) this.index()
    let code = this.byValue.get(value)
    if (code === undefined) {
      code = this.values.length
      this.values.push(value)
      this.byValue.set(value, code)
      this.indexed++
      this.added |= ADDED.other
    }
    return code
  }

  /** The code of the ASCII text `line[start, end)` whose `spanHash` is `hash`, or −1 when it is not a value yet: then call {@link addSpan}. */
  codeOfSpan(line: Uint8Array, start: number, end: number, hash: number): number {
    if (this.spanIndexed < this.values.length) this.indexSpans()
    return this.bySpan.get(line, start, end, hash)
  }

  /**
   * Adds `value`, the text of a span {@link codeOfSpan} did not find (`hash`: its `spanHash`); returns its code. The
   * span index covers every value, so the value is new: no string map is needed.
   */
  addSpan(hash: number, value: string): number {
    if (this.spanIndexed < this.values.length) this.indexSpans()
    const code = this.values.length
    this.values.push(value)
    this.bySpan.add(hash, code)
    this.spanIndexed++
    this.added |= ADDED.other
    return code
  }

  /** The code of the value with this hash key (see {@link HashIndex}), or −1 when not seen yet: then call {@link learn}. */
  codeOfHash(a0: number, a1: number, b0: number, b1: number): number {
    return this.byHash.get(a0, a1, b0, b1)
  }

  /**
   * Records that the hash key, not seen before, stands for `value`; returns the value's code. When every value was
   * learned by hash, the value is new (equal strings have equal hashes), so it skips the string map: inserting
   * 400 k fresh strings into a Map costs ~0.3 s. Otherwise it looks the value up by string.
   */
  learn(a0: number, a1: number, b0: number, b1: number, value: string): number {
    const code = this.newOrKnown(ADDED.hash, value)
    this.byHash.set(a0, a1, b0, b1, code)
    return code
  }

  /** The code of the value whose `spanKey` is at `key[at … at + 3]`, or −1 when not seen yet: then call {@link learnKey}. */
  codeOfKey(key: Int32Array, at: number): number {
    return this.byKey.get(key[at]!, key[at + 1]!, key[at + 2]!, key[at + 3]!)
  }

  /** As {@link learn}, for a `spanKey`. */
  learnKey(key: Int32Array, at: number, value: string): number {
    const code = this.newOrKnown(ADDED.key, value)
    this.byKey.set(key[at]!, key[at + 1]!, key[at + 2]!, key[at + 3]!, code)
    return code
  }

  /** The code of `value`, not seen by its hash family: new when every value came by that family, else looked up. */
  private newOrKnown(family: number, value: string): number {
    if ((this.added & ~family) !== 0) return this.code(value)
    this.added |= family
    this.values.push(value)
    return this.values.length - 1
  }

  /** Codes in the order of their values (code unit order, as `Array.prototype.sort`), without the string map. */
  sortedCodes(): Int32Array {
    return sortedIndices(this.values)
  }

  private indexSpans(): void {
    for (let c = this.spanIndexed; c < this.values.length; c++) this.bySpan.add(textHash(this.values[c]!), c)
    this.spanIndexed = this.values.length
  }

  private index(): void {
    for (let c = this.indexed; c < this.values.length; c++) this.byValue.set(this.values[c]!, c)
    this.indexed = this.values.length
  }
}
