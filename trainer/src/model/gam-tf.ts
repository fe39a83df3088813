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
import { baseLogit } from './gam.ts'
import { DEFAULT_PENALTY, smoothPairs, type Penalty } from './objective.ts'
import { tfWasm } from './tf-backend.ts'

/** Adam's peak learning rate. */
export const DEFAULT_LR = 0.05
/** Epochs of linear learning-rate warm-up. */
export const WARMUP_EPOCHS = 10

/**
 * The learning rate of an epoch (1-based): a linear warm-up to `lr` over {@link WARMUP_EPOCHS}, then a cosine decay
 * to a tenth of it at `maxEpochs`. Without the warm-up, Adam's first steps move every bin weight by about `lr` at
 * once (its steps are normalised per weight), so the logit of a row with ~70 features jumped by several units and
 * the training loss rose (0.96 → 1.21) before it fell; the decay stops the validation loss swinging late in the fit.
 */
export function learningRate(lr: number, epoch: number, maxEpochs: number): number {
  if (epoch <= WARMUP_EPOCHS) return (lr * epoch) / WARMUP_EPOCHS
  const progress = Math.min(1, (epoch - WARMUP_EPOCHS) / Math.max(1, maxEpochs - WARMUP_EPOCHS))
  return lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)))
}

export interface FitOptions {
  /** penalty weights (default {@link DEFAULT_PENALTY}) */
  penalty?: Partial<Penalty>
  /** Adam's peak learning rate (default {@link DEFAULT_LR}) */
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
  const { lr = DEFAULT_LR, maxEpochs = 400, patience = 6 } = opts
  const { l2, smooth } = { ...DEFAULT_PENALTY, ...opts.penalty }
  const n = sizes.size

  const theta: Variable = tf.variable(tf.zeros([n]), true, undefined, 'float32')
  const bias: Variable = tf.variable(tf.scalar(baseLogit(train)), true)
  const neighbours = tf.tensor1d(smoothPairs(sizes.offsets, n))
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

  /** Adam whose learning rate follows {@link learningRate} (tfjs keeps it in a protected field). */
  class ScheduledAdam extends tf.AdamOptimizer {
    setRate(rate: number): void {
      this.learningRate = rate
    }
  }
  const optimizer = new ScheduledAdam(lr, 0.9, 0.999, 1e-8)
  let best = { loss: Infinity, theta: new Float64Array(n), b: bias.dataSync()[0] as number, epoch: 0 }
  let since = 0, epoch = 0
  try {
    for (epoch = 1; epoch <= maxEpochs; epoch++) {
      keepTrainLoss = epoch % 5 === 0
      optimizer.setRate(learningRate(lr, epoch, maxEpochs))
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
