/** Histories at most this long are ordered by insertion sort; longer ones by an index sort. */
const INSERTION_MAX = 32

/**
 * Orders `positions[0 … len − 1]` (0 … len − 1 on entry) by (`keys[position]`, position): the order of a profile's
 * events by (time, arrival). `keys` holds the times by position; insertion sort permutes it along (short histories,
 * the usual case), the index sort leaves it. Returns the ordered positions (a view of `positions`).
 */
export function timeOrder(keys: Float64Array, positions: Int32Array, len: number): Int32Array {
  if (len <= INSERTION_MAX) {
    // stable insertion sort on (time, position) pairs
    for (let j = 1; j < len; j++) {
      const t = keys[j]!
      const q = positions[j]!
      let m = j - 1
      while (m >= 0 && keys[m]! > t) {
        keys[m + 1] = keys[m]!
        positions[m + 1] = positions[m]!
        m--
      }
      keys[m + 1] = t
      positions[m + 1] = q
    }
    return positions.subarray(0, len)
  }
  const order = positions.subarray(0, len)
  order.sort((a, b) => keys[a]! - keys[b]! || a - b)
  return order
}
