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

/** Each row's cell in each group's grid, from the design's flat weight index. */
export function packDesign(d: Design, offsets: readonly number[], groups: readonly PackGroup[]): PackedDesign {
  const cells = groups.map((g) => {
    const out = new Int32Array(d.rows)
    for (let a = 0; a < g.columns.length; a++) {
      const col = g.columns[a]!
      const base = offsets[col]!
      let stride = 1
      for (let b = a + 1; b < g.sizes.length; b++) stride *= g.sizes[b]!
      for (let r = 0, i = col; r < d.rows; r++, i += d.cols) out[r]! += (d.index[i]! - base) * stride
    }
    return out
  })
  return { rows: d.rows, groups: [...groups], cells }
}
