/** Ranges at most this long are finished by insertion sort on whole strings. */
const SMALL = 12
/** Partitioning deeper than this (a pathological input) hands the range to the comparison sort. */
const MAX_DEPTH = 2000

/**
 * The indices 0 … n − 1 of `values`, ordered by value in code unit order, as `Array.prototype.sort` orders
 * strings. A three-way radix quicksort (Bentley & Sedgewick): it compares one code unit at a time and never
 * compares a shared prefix twice, so ids with long common prefixes ("u000123", "customer-…") sort ~4× faster
 * than with a comparator (400 k ids: ~0.25 s instead of ~1 s).
 */
export function sortedIndices(values: readonly string[]): Int32Array {
  const order = new Int32Array(values.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  sortRange(values, order, 0, order.length, 0, 0)
  return order
}

/** Code unit `d` of `s`, or −1 past its end (a shorter string sorts first). */
function unitAt(s: string, d: number): number {
  return d < s.length ? s.charCodeAt(d) : -1
}

/** Sorts order[lo, hi), whose strings share their first `d` code units. */
function sortRange(values: readonly string[], order: Int32Array, lo: number, hi: number, d: number, depth: number): void {
  for (;;) {
    if (hi - lo <= SMALL) return insertionSort(values, order, lo, hi)
    if (depth > MAX_DEPTH) return comparisonSort(values, order, lo, hi)
    const pivot = medianOf3(unitAt(values[order[lo]!]!, d), unitAt(values[order[(lo + hi) >>> 1]!]!, d), unitAt(values[order[hi - 1]!]!, d))
    // Three-way partition on code unit d: [lo, lt) < pivot, [lt, gt) = pivot, [gt, hi) > pivot
    let lt = lo
    let gt = hi
    let i = lo
    while (i < gt) {
      const u = unitAt(values[order[i]!]!, d)
      if (u < pivot) swap(order, lt++, i++)
      else if (u > pivot) swap(order, i, --gt)
      else i++
    }
    sortRange(values, order, lo, lt, d, depth + 1)
    sortRange(values, order, gt, hi, d, depth + 1)
    // The equal part continues with the next code unit (a loop, not a call: long shared prefixes stay flat);
    // when the pivot is "past the end", those strings are all equal.
    if (pivot < 0) return
    lo = lt
    hi = gt
    d++
  }
}

function medianOf3(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a
  return a < c ? a : b < c ? c : b
}

function swap(order: Int32Array, i: number, j: number): void {
  const t = order[i]!
  order[i] = order[j]!
  order[j] = t
}

function insertionSort(values: readonly string[], order: Int32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const x = order[i]!
    const s = values[x]!
    let j = i - 1
    while (j >= lo && values[order[j]!]! > s) {
      order[j + 1] = order[j]!
      j--
    }
    order[j + 1] = x
  }
}

function comparisonSort(values: readonly string[], order: Int32Array, lo: number, hi: number): void {
  order.subarray(lo, hi).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0))
}
