/**
 * The objective of `objective.ts` in tfjs tensors, on the packed design (`packed-design.ts`): the rows' logits,
 * their weighted log-loss, and the gradient of the penalised loss — written out, not taped. The logit reads one
 * cell per group with one `sparseSegmentSum` over the grids laid end to end (rows as segments: a gather without
 * `gather`'s per-index bounds check in JavaScript, ~20× slower on wasm; one call over all groups, not one per
 * group, as the kernel's cost per segment is high); the gradient sums the row gradients w·(σ(z) − y) / Σw per cell with
 * `bincount` (wasm has no `UnsortedSegmentSum` kernel) and takes each column's part as a marginal of its group's
 * grid. `packed-objective.test.ts` checks all three against the float64 functions of `objective.ts`.
 */
import type * as TF from '@tensorflow/tfjs'
import type { Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs'
import type { Design } from './gam.ts'
import { smoothPairs, type Penalty } from './objective.ts'
import { columnSizes, packColumns, packDesign, type PackGroup } from './packed-design.ts'

/** A design's rows as tensors: each group's cell per row, labels, weights. */
export interface PackedRows {
  /** per group, each row's cell (bincount's input) */
  cells: Tensor1D[]
  /** row-major [rows × groups], each row's cell in the grids laid end to end (the segment sum's input) */
  flat: Tensor1D
  /** the row of each entry of `flat` */
  rowOf: Tensor1D
  rows: number
  y: Tensor1D
  w: Tensor1D
  /** w / Σw: the weight of a row's gradient */
  wn: Tensor1D
  wsum: number
}

export interface PackedObjective {
  groups: PackGroup[]
  /** uploads a design's rows (caller disposes them with {@link disposeRows}) */
  rows(d: Design): PackedRows
  /** b + Σ_f θ[index[r, f]] per row */
  logits(theta: Tensor1D, bias: Tensor, d: PackedRows): Tensor1D
  /** weighted mean of log(1 + e^z) − y z, computed stably */
  logLoss(d: PackedRows, z: Tensor1D): Scalar
  /** the penalised objective's gradient at θ (and the intercept's), given the rows' logits z at θ */
  gradients(theta: Tensor1D, d: PackedRows, z: Tensor1D): { theta: Tensor1D; bias: Scalar }
  dispose(): void
}

/** Disposes the tensors of {@link PackedObjective.rows}. */
export function disposeRows(tf: typeof TF, d: PackedRows): void {
  tf.dispose([...d.cells, d.flat, d.rowOf, d.y, d.w, d.wn])
}

/** The objective of a design with column `offsets` and `size` weights, under penalty `p`. */
export function packedObjective(tf: typeof TF, sizes: { offsets: readonly number[]; size: number }, p: Penalty): PackedObjective {
  const { offsets, size: n } = sizes
  const groups = packColumns(columnSizes(offsets, n))
  const neighbours = tf.tensor1d(smoothPairs(offsets, n))

  /**
   * Each group's grid of summed weights, flat: θ_a[i] + θ_b[j] + … at cell (i · |b| + j) · …, grown one column
   * at a time by a 2-D broadcast add (XNNPACK refuses broadcasts of more than a few dimensions).
   */
  const grids = (theta: Tensor1D): Tensor1D[] => groups.map((g) => g.columns.reduce<Tensor1D | undefined>((grid, c, a) => {
    const block = tf.slice(theta, offsets[c]!, g.sizes[a]!)
    if (grid === undefined) return block
    return tf.reshape(tf.add(tf.reshape(grid, [-1, 1]), tf.reshape(block, [1, -1])), [-1])
  }, undefined)!)

  /** Per column of `g`, the sum of the row gradients `e` over the rows in each of its bins. */
  const groupGradient = (g: PackGroup, cells: Tensor1D, e: Tensor1D): Tensor[] => {
    const grid = tf.bincount(cells, e, g.cells)
    if (g.columns.length === 1) return [grid]
    let before = 1
    return g.sizes.map((s) => {
      const marginal = tf.sum(tf.reshape(grid, [before, s, g.cells / (before * s)]), [0, 2])
      before *= s
      return marginal
    })
  }

  return {
    groups,
    rows(d) {
      const packed = packDesign(d, offsets, groups)
      const wsum = d.w.reduce((a, b) => a + b, 0)
      const wn = new Float32Array(d.rows)
      for (let r = 0; r < d.rows; r++) wn[r] = d.w[r]! / wsum
      return {
        cells: packed.cells.map((c) => tf.tensor1d(c, 'int32')),
        flat: tf.tensor1d(packed.flat, 'int32'),
        rowOf: tf.tensor1d(packed.rowOf, 'int32'),
        rows: d.rows,
        y: tf.tensor1d(Float32Array.from(d.y)),
        w: tf.tensor1d(Float32Array.from(d.w)),
        wn: tf.tensor1d(wn),
        wsum,
      }
    },
    logits(theta, bias, d) {
      if (groups.length === 0 || d.rows === 0) return tf.add(tf.zeros([d.rows]), bias)
      return tf.add(tf.sparse.sparseSegmentSum(tf.concat(grids(theta)), d.flat, d.rowOf), bias)
    },
    logLoss(d, z) {
      const per = tf.add(tf.sub(tf.relu(z), tf.mul(z, d.y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))
      return tf.div(tf.sum(tf.mul(per, d.w)), d.wsum)
    },
    gradients(theta, d, z) {
      const e: Tensor1D = tf.mul(tf.sub(tf.sigmoid(z), d.y), d.wn)
      const byColumn: Tensor[] = new Array(offsets.length)
      groups.forEach((g, k) => groupGradient(g, d.cells[k]!, e).forEach((x, a) => { byColumn[g.columns[a]!] = x }))
      const diff = tf.mul(tf.sub(tf.slice(theta, 1), tf.slice(theta, 0, n - 1)), neighbours)
      const penalty = tf.add(tf.mul(theta, p.l2), tf.mul(tf.sub(tf.pad(diff, [[1, 0]]), tf.pad(diff, [[0, 1]])), p.smooth))
      return { theta: tf.add(tf.concat(byColumn), penalty), bias: tf.sum(e) }
    },
    dispose() {
      neighbours.dispose()
    },
  }
}
