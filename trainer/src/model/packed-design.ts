/**
 * The design packed for the tfjs fit. A row's logit is Σ over design columns of one weight each; a column of a
 * few bins wastes most of a gather on its index, and the wasm segment-sum and bincount kernels cost per element,
 * not per weight. So columns are packed into groups whose joint grid (the product of their block sizes) has at
 * most {@link PACK_CELLS} cells: per row, one cell per group instead of one index per column. The fit builds
 * each group's grid of summed weights (θ_a[i] + θ_b[j] + …, a broadcast add of a few small vectors), gathers one
 * cell per row and group, and takes a column's gradient as a marginal sum of its group's grid of row gradients.
 * The logit and gradient are those of the unpacked design, exactly; only the summation order differs.
 */
import type { Design } from './gam.ts'

/**
 * Cells of a group's grid at most: small enough that a group's grid stays in cache while the kernels read one
 * random cell per row (bigger grids, fewer groups, were slower on 300 k rows).
 */
export const PACK_CELLS = 4096

export interface PackGroup {
  /** design columns, in the grid's axis order */
  columns: number[]
  /** block size (weights) of each column */
  sizes: number[]
  /** the product of `sizes` */
  cells: number
}

export interface PackedDesign {
  rows: number
  groups: PackGroup[]
  /** per group, each row's cell of its grid: Σ_a (local bin of column a) · (product of the later axes' sizes) */
  cells: Int32Array[]
  /** row-major [rows × groups]: each row's cell in the groups' grids laid end to end (group k's starts at Σ_{<k} cells) */
  flat: Int32Array
  /** the row of each entry of `flat` */
  rowOf: Int32Array
}

/** The block size of each column of a design with offsets `offsets` and `size` weights in all. */
export function columnSizes(offsets: readonly number[], size: number): number[] {
  return offsets.map((o, c) => (offsets[c + 1] ?? size) - o)
}

/**
 * Packs columns into groups of at most `cap` cells: first fit, largest blocks first (ties by column), so the
 * packing depends on the block sizes only and is the same for every run.
 */
export function packColumns(sizes: readonly number[], cap: number = PACK_CELLS): PackGroup[] {
  const order = sizes.map((_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || a - b)
  const groups: PackGroup[] = []
  for (const c of order) {
    const s = sizes[c]!
    const fits = groups.find((g) => g.cells * s <= cap)
    if (fits) {
      fits.columns.push(c)
      fits.sizes.push(s)
      fits.cells *= s
    } else {
      groups.push({ columns: [c], sizes: [s], cells: s })
    }
  }
  return groups
}

/** Each row's cell in each group's grid, from the design's flat weight index, in one pass over it. */
export function packDesign(d: Design, offsets: readonly number[], groups: readonly PackGroup[]): PackedDesign {
  const G = groups.length
  // per design column: its group, the stride of its axis in the group's grid, its first weight
  const groupOf = new Int32Array(d.cols)
  const stride = new Int32Array(d.cols)
  const starts: number[] = []
  let start = 0
  groups.forEach((g, k) => {
    let s = g.cells
    g.columns.forEach((c, a) => {
      s /= g.sizes[a]!
      groupOf[c] = k
      stride[c] = s
    })
    starts.push(start)
    start += g.cells
  })
  const flat = new Int32Array(d.rows * G)
  const rowOf = new Int32Array(d.rows * G)
  for (let r = 0, i = 0; r < d.rows; r++) {
    const row = r * G
    for (let k = 0; k < G; k++) {
      flat[row + k] = starts[k]!
      rowOf[row + k] = r
    }
    for (let c = 0; c < d.cols; c++, i++) flat[row + groupOf[c]!]! += (d.index[i]! - offsets[c]!) * stride[c]!
  }
  const cells = groups.map((_, k) => {
    const out = new Int32Array(d.rows)
    for (let r = 0, i = k; r < d.rows; r++, i += G) out[r] = flat[i]! - starts[k]!
    return out
  })
  return { rows: d.rows, groups: [...groups], cells, flat, rowOf }
}

/**
 * The (cell, weight) pairs of the grids laid end to end: cell `c` of a grid sums the weights `weight[k]` of the
 * pairs with `cell[k] = c`, one per column of its group. `byCell` lists them by cell (a grid is one segment sum
 * of θ), `byWeight` by weight (a column's gradient is one segment sum of the grids' row-gradient sums).
 */
export interface GridPairs {
  byCell: { cell: Int32Array; weight: Int32Array }
  byWeight: { cell: Int32Array; weight: Int32Array }
}

/** The pairs of {@link GridPairs} for `groups` of a design with column `offsets`. */
export function gridPairs(groups: readonly PackGroup[], offsets: readonly number[], size: number): GridPairs {
  const total = groups.reduce((s, g) => s + g.cells * g.columns.length, 0)
  const cell = new Int32Array(total)
  const weight = new Int32Array(total)
  let i = 0
  let start = 0
  for (const g of groups) {
    for (let c = 0; c < g.cells; c++) {
      let rest = c
      let stride = g.cells
      g.columns.forEach((col, a) => {
        stride /= g.sizes[a]!
        cell[i] = start + c
        weight[i++] = offsets[col]! + Math.floor(rest / stride)
        rest %= stride
      })
    }
    start += g.cells
  }
  // by weight: a stable counting sort of the pairs on their weight
  const first = new Int32Array(size + 1)
  for (let k = 0; k < total; k++) first[weight[k]! + 1]! += 1
  for (let w = 0; w < size; w++) first[w + 1]! += first[w]!
  const sortedCell = new Int32Array(total)
  const sortedWeight = new Int32Array(total)
  for (let k = 0; k < total; k++) {
    const j = first[weight[k]!]!++
    sortedCell[j] = cell[k]!
    sortedWeight[j] = weight[k]!
  }
  return { byCell: { cell, weight }, byWeight: { cell: sortedCell, weight: sortedWeight } }
}
