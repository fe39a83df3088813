/**
 * The GAM fit in tfjs (wasm backend): a logit that is an intercept plus one weight per (feature, bin), fit by
 * full-batch Adam on the weighted log-loss with an L2 penalty and an adjacent-bin smoothness penalty, early
 * stopping on the validation split. Deterministic: weights start at 0 and every step is full-batch.
 *
 * The binned sum Σ_f theta[index[r, f]] is one `sparseSegmentSum` (rows as segments), and its gradient is another
 * (weights as segments, over the (row, feature) pairs pre-sorted by weight), wrapped in a `customGrad`: on wasm,
 * `gather` + its built-in gradient are ~20× slower and `UnsortedSegmentSum` has no kernel.
 */
import type { Scalar, Tensor1D, Variable } from '@tensorflow/tfjs'
import type { Design } from './gam.ts'
import { tfWasm } from './tf-backend.ts'

export interface FitOptions {
  /** L2 penalty on every bin weight (default 1e-3) */
  l2?: number
  /** penalty on the difference of adjacent bins of a feature (default 1e-2) */
  smooth?: number
  /** Adam learning rate (default 0.05) */
  lr?: number
  /** upper bound of full-batch epochs (default 400) */
  maxEpochs?: number
  /** validation checks without improvement before stopping (every 5 epochs; default 6) */
  patience?: number
  /** every 5th epoch: the train log-loss at the start of that epoch's step, the validation log-loss after it */
  onEpoch?: (epoch: number, train: number, valid: number) => void
}

export interface GamFit { intercept: number; theta: Float64Array; epochs: number }

/** Fits the intercept and bin weights; returns the weights of the best validation epoch. */
export async function fitGam(train: Design, valid: Design, sizes: { offsets: number[]; size: number }, opts: FitOptions = {}): Promise<GamFit> {
  const tf = await tfWasm()
  const { l2 = 1e-3, smooth = 1e-2, lr = 0.05, maxEpochs = 400, patience = 6 } = opts
  const n = sizes.size
  // smoothness acts on neighbours theta[k] - theta[k-1] inside a feature, not across features and not on the
  // first bin of each feature (the "missing value" bin)
  const mask = new Float32Array(Math.max(0, n - 1))
  sizes.offsets.forEach((o, f) => { const end = sizes.offsets[f + 1] ?? n; for (let k = o + 2; k < end; k++) mask[k - 1] = 1 })
  let wsum = 0, ysum = 0
  for (let r = 0; r < train.rows; r++) { wsum += train.w[r] as number; ysum += (train.w[r] as number) * (train.y[r] as number) }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, ysum / wsum))

  const theta: Variable = tf.variable(tf.zeros([n]), true, undefined, 'float32')
  const bias: Variable = tf.variable(tf.scalar(Math.log(rate / (1 - rate))), true)
  const neighbours = tf.tensor1d(mask)
  const data = (d: Design) => {
    const pairs = d.rows * d.cols
    // backward pairs grouped by weight index (a stable counting sort, O(pairs)), plus one zero-valued pair on the
    // last weight so the output has n entries
    const start = new Int32Array(n + 1)
    for (let i = 0; i < pairs; i++) start[(d.index[i] as number) + 1]! += 1
    for (let k = 0; k < n; k++) start[k + 1]! += start[k]!
    const bRow = new Int32Array(pairs + 1), bWeight = new Int32Array(pairs + 1)
    for (let i = 0; i < pairs; i++) {
      const k = d.index[i] as number, j = start[k]!++
      bRow[j] = Math.floor(i / d.cols); bWeight[j] = k
    }
    bRow[pairs] = d.rows; bWeight[pairs] = n - 1
    // the row of each (row, feature) pair, by a loop (Int32Array.from with a map function is ~20× slower)
    const rowOf = new Int32Array(pairs)
    for (let r = 0, i = 0; r < d.rows; r++) for (let f = 0; f < d.cols; f++) rowOf[i++] = r
    return {
      rows: d.rows,
      index: tf.tensor1d(d.index, 'int32'),
      rowOf: tf.tensor1d(rowOf, 'int32'),
      bRow: tf.tensor1d(bRow, 'int32'),
      bWeight: tf.tensor1d(bWeight, 'int32'),
      y: tf.tensor1d(Float32Array.from(d.y)),
      w: tf.tensor1d(Float32Array.from(d.w)),
      wsum: d.w.reduce((a, b) => a + b, 0),
    }
  }
  const T = data(train), V = data(valid)
  const zero = tf.zeros([1])

  /** Σ_f theta[index[r, f]] per row, with a segment-sum gradient. */
  const binnedSum = (d: typeof T) => tf.customGrad((th) => {
    const value = tf.sparse.sparseSegmentSum(th as Tensor1D, d.index, d.rowOf)
    const gradFunc = (dy: unknown) => [tf.sparse.sparseSegmentSum(tf.concat([dy as Tensor1D, zero]), d.bRow, d.bWeight)]
    return { value, gradFunc }
  })
  const logLoss = (d: typeof T): Scalar => {
    const z = tf.add(binnedSum(d)(theta), bias)
    // log(1 + e^z) - y z, computed stably
    const per = tf.add(tf.sub(tf.relu(z), tf.mul(z, d.y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))
    return tf.div(tf.sum(tf.mul(per, d.w)), d.wsum) as Scalar
  }
  // On a checking epoch the objective keeps its train log-loss (before that epoch's step) for the progress line,
  // instead of a second forward pass over the training rows after it (~10 % of the fit).
  let keepTrainLoss = false
  let trainLoss: Scalar | undefined
  const penalised = (): Scalar => {
    const diff = tf.mul(tf.sub(tf.slice(theta, 1), tf.slice(theta, 0, n - 1)), neighbours)
    const loss = logLoss(T)
    if (keepTrainLoss) trainLoss = tf.keep(loss)
    return tf.addN([loss, tf.mul(l2 / 2, tf.sum(tf.square(theta))), tf.mul(smooth / 2, tf.sum(tf.square(diff)))]) as Scalar
  }

  const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8)
  let best = { loss: Infinity, theta: new Float64Array(n), b: bias.dataSync()[0] as number, epoch: 0 }
  let since = 0, epoch = 0
  try {
    for (epoch = 1; epoch <= maxEpochs; epoch++) {
      keepTrainLoss = epoch % 5 === 0
      optimizer.minimize(penalised, false, [theta, bias])
      if (!keepTrainLoss) continue
      const tl = trainLoss!.dataSync()[0] as number
      trainLoss!.dispose()
      trainLoss = undefined
      const vl = tf.tidy(() => logLoss(V).dataSync()[0] as number)
      opts.onEpoch?.(epoch, tl, vl)
      if (vl < best.loss - 1e-6) {
        best = { loss: vl, theta: Float64Array.from(theta.dataSync()), b: bias.dataSync()[0] as number, epoch }
        since = 0
      } else if (++since >= patience) break
    }
  } finally {
    optimizer.dispose()
    trainLoss?.dispose()
    tf.dispose([theta, bias, neighbours, zero, ...[T, V].flatMap((d) => [d.index, d.rowOf, d.bRow, d.bWeight, d.y, d.w])])
  }
  return { intercept: best.b, theta: best.theta, epochs: best.epoch }
}
