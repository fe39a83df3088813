/**
 * The GAM fit in tfjs (wasm backend): a logit that is an intercept plus one weight per (feature, bin), fit by
 * full-batch Adam on the weighted log-loss with an L2 penalty and an adjacent-bin smoothness penalty, its rate
 * and stopping set by `fit-schedule.ts` (warm-up, cosine descent, and once validation stops improving an anneal to
 * 0 before the fit ends). Deterministic: weights start at 0 and every step is full-batch.
 *
 * The logits and the gradient come from `packed-objective.ts` (the design packed into small grids, the gradient
 * written out rather than taped); Adam applies the gradient (`applyGradients`), so the log-loss itself is computed
 * only on the epochs that report it. Columns constant on the training rows keep their weights at 0
 * (`movingWeights`): their gradient is rounding noise that Adam would blow up into full-size steps.
 */
import type { Rank, Tensor1D, Variable } from '@tensorflow/tfjs'
import type { Design } from './gam.ts'
import { baseLogit } from './gam.ts'
import { FitSchedule } from './fit-schedule.ts'
import { DEFAULT_PENALTY, movingWeights, type Penalty } from './objective.ts'
import { disposeRows, packedObjective } from './packed-objective.ts'
import { tfWasm } from './tf-backend.ts'

/** Adam's peak learning rate. */
export const DEFAULT_LR = 0.05

export interface FitOptions {
  /** penalty weights (default {@link DEFAULT_PENALTY}) */
  penalty?: Partial<Penalty>
  /** Adam's peak learning rate (default {@link DEFAULT_LR}) */
  lr?: number
  /** upper bound of full-batch epochs (default 400) */
  maxEpochs?: number
  /** validation checks without improvement before the rate anneals to 0 and the fit ends (`fit-schedule.ts`; default 6) */
  patience?: number
  /** every 5th epoch: the train log-loss at the start of that epoch's step, the validation log-loss after it */
  onEpoch?: (epoch: number, train: number, valid: number) => void
}

export interface GamFit {
  intercept: number
  theta: Float64Array
  /** the epoch whose weights were kept */
  epochs: number
  /** the epochs run */
  ran: number
  /** the learning rate of the last epoch run: 0 once the fit has settled */
  lastRate: number
}

/** Fits the intercept and bin weights; returns the weights of the best validation epoch. */
export async function fitGam(train: Design, valid: Design, sizes: { offsets: number[]; size: number }, opts: FitOptions = {}): Promise<GamFit> {
  const tf = await tfWasm()
  const { lr = DEFAULT_LR, maxEpochs = 400, patience = 6 } = opts
  const n = sizes.size

  const objective = packedObjective(tf, sizes, { ...DEFAULT_PENALTY, ...opts.penalty })
  // the variables copy their initial values: those tensors are disposed at once, or each fit would leave two behind
  const zeros = tf.zeros([n]) as Tensor1D
  const base = tf.scalar(baseLogit(train))
  const theta: Variable<Rank.R1> = tf.variable(zeros, true, undefined, 'float32')
  const bias: Variable<Rank.R0> = tf.variable(base, true)
  tf.dispose([zeros, base])
  const T = objective.rows(train), V = objective.rows(valid)
  const moving = tf.tensor1d(movingWeights(train, sizes))

  /** Adam whose learning rate follows the {@link FitSchedule} (tfjs keeps it in a protected field). */
  class ScheduledAdam extends tf.AdamOptimizer {
    setRate(rate: number): void {
      this.learningRate = rate
    }
  }
  const optimizer = new ScheduledAdam(lr, 0.9, 0.999, 1e-8)
  /** One full-batch step; on a checking epoch, the train log-loss at its start (for the progress line). */
  const step = (check: boolean): number | undefined => tf.tidy(() => {
    const z = objective.logits(theta, bias, T)
    const g = objective.gradients(theta, T, z)
    const loss = check ? (objective.logLoss(T, z).dataSync()[0] as number) : undefined
    optimizer.applyGradients([{ name: theta.name, tensor: tf.mul(g.theta, moving) }, { name: bias.name, tensor: g.bias }])
    return loss
  })
  const schedule = new FitSchedule(lr, maxEpochs, patience)
  let best = { theta: new Float64Array(n), b: bias.dataSync()[0] as number, epoch: 0 }
  let epoch = 0
  let lastRate = 0
  try {
    for (epoch = 1; epoch <= maxEpochs; epoch++) {
      lastRate = schedule.rate(epoch)
      optimizer.setRate(lastRate)
      const tl = step(schedule.checks(epoch))
      if (tl === undefined) continue
      const vl = tf.tidy(() => objective.logLoss(V, objective.logits(theta, bias, V)).dataSync()[0] as number)
      opts.onEpoch?.(epoch, tl, vl)
      const verdict = schedule.check(epoch, vl)
      if (verdict.keep) best = { theta: Float64Array.from(theta.dataSync()), b: bias.dataSync()[0] as number, epoch }
      if (verdict.stop) break
    }
  } finally {
    optimizer.dispose()
    tf.dispose([theta, bias, moving])
    disposeRows(tf, T)
    disposeRows(tf, V)
    objective.dispose()
  }
  return { intercept: best.b, theta: best.theta, epochs: best.epoch, ran: Math.min(epoch, maxEpochs), lastRate }
}
