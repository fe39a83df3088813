import { HashIndex } from './hash-index.ts'

/**
 * Dictionary encoding of one string column (profile ids, types, items, attribute documents): code = index in
 * {@link values}, in order of first appearance. Strings can be looked up directly, or by a hash of them that
 * DuckDB computed (then only the first row of each distinct value is decoded into a JS string).
 */
export class Dictionary {
  readonly values: string[] = []
  private readonly byValue = new Map<string, number>()
  private readonly byHash = new HashIndex()

  get size(): number {
    return this.values.length
  }

  /** The code of `value`, added when new. */
  code(value: string): number {
    let code = this.byValue.get(value)
    if (code === undefined) {
      code = this.values.length
      this.values.push(value)
      this.byValue.set(value, code)
    }
    return code
  }

  /** The code of the value with this hash key (see {@link HashIndex}), or −1 when not seen yet: then call {@link learn}. */
  codeOfHash(a0: number, a1: number, b0: number, b1: number): number {
    return this.byHash.get(a0, a1, b0, b1)
  }

  /** Records that the hash key stands for `value`; returns the value's code. */
  learn(a0: number, a1: number, b0: number, b1: number, value: string): number {
    const code = this.code(value)
    this.byHash.set(a0, a1, b0, b1, code)
    return code
  }
}
