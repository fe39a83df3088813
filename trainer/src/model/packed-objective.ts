/**
 * The objective of `objective.ts` in tfjs tensors, on the packed design (`packed-design.ts`): the rows' logits,
 * their weighted log-loss, and the gradient of the penalised loss — written out, not taped. The logit reads one
 * cell per group with one `sparseSegmentSum` over the grids laid end to end (rows as segments: a gather without
 * `gather`'s per-index bounds check in JavaScript, ~20× slower on wasm; one call over all groups, not one per
 * group, as the kernel's cost per segment is high); the gradient sums the row gradients w·(σ(z) − y) / Σw per cell
 * with `bincount` (wasm has no `UnsortedSegmentSum` kernel), then per weight over the cells it is part of. The
 * grids themselves, and that last sum, are one segment sum each over the (cell, weight) pairs (`gridPairs`):
 * a few tfjs calls per epoch, not hundreds of slices and reshapes. `packed-objective.test.ts` checks all three
 * against the float64 functions of `objective.ts`.
 */
import type * as TF from '@tensorflow/tfjs'
import type { Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs'
import type { Design } from './gam.ts'
import { smoothPairs, type Penalty } from './objective.ts'
import { columnSizes, gridPairs, packColumns, packDesign, type PackGroup } from './packed-design.ts'

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
export function packedObjective(
  tf: typeof TF, sizes: { offsets: readonly number[]; size: number }, p: Penalty,
): PackedObjective {
  const { offsets, size: n } = sizes
  const groups = packColumns(columnSizes(offsets, n))
  const neighbours = tf.tensor1d(smoothPairs(offsets, n))

  const pairs = gridPairs(groups, offsets, n)
  const byCell = { cell: tf.tensor1d(pairs.byCell.cell, 'int32'), weight: tf.tensor1d(pairs.byCell.weight, 'int32') }
  const byWeight = { cell: tf.tensor1d(pairs.byWeight.cell, 'int32'), weight: tf.tensor1d(pairs.byWeight.weight, 'int32') }
  /** Every group's grid of summed weights (θ_a[i] + θ_b[j] + … at cell (i · |b| + j) · …), end to end. */
  const grids = (theta: Tensor1D): Tensor1D => tf.sparse.sparseSegmentSum(theta, byCell.weight, byCell.cell) as Tensor1D
  /** The row gradients `e` summed per cell of every grid, end to end. */
  const cellSums = (d: PackedRows, e: Tensor1D): Tensor1D =>
    tf.concat(groups.map((g, k) => tf.bincount(d.cells[k]!, e, g.cells)))

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
      return tf.add(tf.sparse.sparseSegmentSum(grids(theta), d.flat, d.rowOf), bias)
    },
    logLoss(d, z) {
      const per = tf.add(tf.sub(tf.relu(z), tf.mul(z, d.y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))
      return tf.div(tf.sum(tf.mul(per, d.w)), d.wsum)
    },
    gradients(theta, d, z) {
      const e: Tensor1D = tf.mul(tf.sub(tf.sigmoid(z), d.y), d.wn)
      const loss = tf.sparse.sparseSegmentSum(cellSums(d, e), byWeight.cell, byWeight.weight)
      const diff = tf.mul(tf.sub(tf.slice(theta, 1), tf.slice(theta, 0, n - 1)), neighbours)
      const penalty = tf.add(tf.mul(theta, p.l2), tf.mul(tf.sub(tf.pad(diff, [[1, 0]]), tf.pad(diff, [[0, 1]])), p.smooth))
      return { theta: tf.add(loss, penalty), bias: tf.sum(e) }
    },
    dispose() {
      tf.dispose([neighbours, byCell.cell, byCell.weight, byWeight.cell, byWeight.weight])
    },
  }
}
