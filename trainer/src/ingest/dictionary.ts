import { HashIndex } from './hash-index.ts'
import { sortedIndices } from './sort-strings.ts'

/**
 * Dictionary encoding of one string column (profile ids, types, items, attribute documents): code = index in
 * {@link values}, in order of first appearance. Strings can be looked up directly, or by a hash of them that
 * DuckDB computed (then only the first row of each distinct value is decoded into a JS string).
 */
export class Dictionary {
  readonly values: string[] = []
  /** value → code for `values[0 … indexed − 1]`; built only once {@link code} is used (values learned by hash need none) */
  private readonly byValue = new Map<string, number>()
  private indexed = 0
  private readonly byHash = new HashIndex()

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
    }
    return code
  }

  /** The code of the value with this hash key (see {@link HashIndex}), or −1 when not seen yet: then call {@link learn}. */
  codeOfHash(a0: number, a1: number, b0: number, b1: number): number {
    return this.byHash.get(a0, a1, b0, b1)
  }

  /**
   * Records that the hash key, not seen before, stands for `value`; returns the value's code. A value only ever
   * learned by hash is new (equal strings have equal hashes), so it skips the string map unless {@link code} has
   * been used: inserting 400 k fresh strings into a Map costs ~0.3 s.
   */
  learn(a0: number, a1: number, b0: number, b1: number, value: string): number {
    let code: number
    if (this.indexed > 0) code = this.code(value)
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

  private index(): void {
    for (let c = this.indexed; c < this.values.length; c++) this.byValue.set(this.values[c]!, c)
    this.indexed = this.values.length
  }
}
