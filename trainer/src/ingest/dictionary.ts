import { HashIndex } from './hash-index.ts'
import { sortedIndices } from './sort-strings.ts'
import { SpanIndex, textHash } from './span-index.ts'

/**
 * Dictionary encoding of one string column (profile ids, types, items, attribute documents): code = index in
 * {@link values}, in order of first appearance. Values can be looked up three ways: as strings ({@link code}), by a
 * hash DuckDB computed ({@link codeOfHash}; only the first row of each distinct value is decoded into a JS string),
 * or as ASCII spans of a JSON line's bytes ({@link codeOfSpan}; nothing decoded for a value seen before).
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
  /** a value was added other than by {@link learn}: a hash DuckDB has not seen may then stand for a known value */
  private mixed = false

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
      this.mixed = true
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
    this.mixed = true
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
    let code: number
    if (this.mixed) code = this.code(value)
    else {
      code = this.values.length
      this.values.push(value)
    }
    this.byHash.set(a0, a1, b0, b1, code)
    return code
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
