/**
 * Re-codes string codes to the strings in order of first use, as a shard codes its items and attributes (first use in
 * the shard's order). One instance serves many re-codings of codes below its size: a scratch map, valid where its
 * stamp is the current round, so no map the size of an export's dictionary is cleared or allocated per shard.
 */
export class FirstUse {
  readonly #local: Int32Array
  readonly #stamp: Int32Array
  #round = 0

  /** @param size one more than the largest code to re-code */
  constructor(size: number) {
    this.#local = new Int32Array(size)
    this.#stamp = new Int32Array(size)
  }

  /**
   * Re-codes, in place, every `stride`-th int of `ints` from `from` (−1, none, stays) to an index into the returned
   * list: the strings `strings[code]` those ints use, in order of first use.
   */
  recode(ints: Int32Array, from: number, stride: number, strings: readonly string[]): string[] {
    const round = ++this.#round
    const local = this.#local
    const seen = this.#stamp
    const used: string[] = []
    for (let at = from; at < ints.length; at += stride) {
      const code = ints[at]!
      if (code < 0) continue
      if (seen[code] !== round) {
        seen[code] = round
        local[code] = used.length
        used.push(strings[code]!)
      }
      ints[at] = local[code]!
    }
    return used
  }
}
