/**
 * The fit's learning-rate schedule and stopping rule, shared by the tfjs fit (`gam-tf.ts`) and its float64 oracle
 * (`gam.ts`), so both follow one path. Three phases:
 *   1. warm-up: the rate rises linearly to its peak over {@link WARMUP_EPOCHS};
 *   2. descent: a cosine from the peak to 0 over {@link DECAY_EPOCHS} (or up to `maxEpochs` if that comes first),
 *      checked on validation every {@link CHECK_EVERY} epochs;
 *   3. settle: once `patience` checks in a row bring no gain of at least {@link MIN_GAIN}, the rate anneals from
 *      wherever it is to 0 over {@link SETTLE_EPOCHS} (a cosine, never above the descent's), checks go on.
 * The fit stops when the rate reaches 0.
 * The old rule stopped at the plateau itself, with the rate still near its peak: the validation loss swung ±0.005
 * between checks, so which check was kept (and whether a pair term beat the margin) hung on noise. Annealing to 0
 * lets the weights come to rest before the fit ends, and the fit keeps those settled weights unless an earlier check
 * was better on validation by more than {@link SETTLED_MARGIN} (as on a validation split whose base rate drifted
 * from training, where the loss is lowest in the first checks).
 */

/** Epochs of linear learning-rate warm-up. */
export const WARMUP_EPOCHS = 10
/** Epochs between validation checks. */
export const CHECK_EVERY = 5
/** Epochs after warm-up over which the rate falls from its peak to 0 (a cosine): the fit's epoch budget. */
export const DECAY_EPOCHS = 80
/** Epochs over which the rate anneals to 0 once the validation loss has stopped improving. */
export const SETTLE_EPOCHS = 30
/** The validation-loss gain a check must bring over the best so far to count as progress. */
export const MIN_GAIN = 1e-5
/**
 * How much lower than the settled weights' validation loss an earlier check's must be for the fit to keep that
 * check instead. The lowest of a run of swinging checks is partly the luck of the swing; within this margin the
 * settled weights, where the anneal brought the fit to rest, are kept.
 */
export const SETTLED_MARGIN = 1e-3

/** What a check decided. */
export interface CheckResult {
  /** keep this check's weights: its loss is the lowest so far, or it is the settled last check within {@link SETTLED_MARGIN} of it */
  keep: boolean
  /** the fit is done */
  stop: boolean
}

/** The schedule of one fit: call {@link rate} before each epoch's step, {@link check} on each checking epoch. */
export class FitSchedule {
  private bestLoss = Infinity
  /** the loss of the last check that made progress (gained ≥ MIN_GAIN), and the checks since */
  private progressLoss = Infinity
  private since = 0
  /** the epoch the settle phase started after, and the rate it started from */
  private settle: { after: number; from: number } | undefined

  /** the epoch the descent reaches 0 */
  readonly end: number

  constructor(readonly lr: number, readonly maxEpochs: number, readonly patience: number) {
    this.end = Math.min(maxEpochs, WARMUP_EPOCHS + DECAY_EPOCHS)
  }

  /** True once the settle phase has begun. */
  get settling(): boolean {
    return this.settle !== undefined
  }

  /** The learning rate of an epoch (1-based). */
  rate(epoch: number): number {
    if (epoch <= WARMUP_EPOCHS) return (this.lr * epoch) / WARMUP_EPOCHS
    const descent = this.lr * cosine((epoch - WARMUP_EPOCHS) / Math.max(1, this.end - WARMUP_EPOCHS))
    if (!this.settle) return descent
    return Math.min(descent, this.settle.from * cosine((epoch - this.settle.after) / SETTLE_EPOCHS))
  }

  /** True on the epochs whose validation loss is checked. */
  checks(epoch: number): boolean {
    return epoch % CHECK_EVERY === 0
  }

  /** Records a checking epoch's validation loss. */
  check(epoch: number, loss: number): CheckResult {
    const lowest = loss < this.bestLoss
    if (loss < this.progressLoss - MIN_GAIN) {
      this.progressLoss = loss
      this.since = 0
    } else {
      this.since += 1
    }
    if (!this.settle && this.since >= this.patience) this.settle = { after: epoch, from: this.rate(epoch) }
    // the rate is 0 at both ends: the last epoch of the settle phase, and the end of the descent
    const stop = (this.settle !== undefined && epoch >= this.settle.after + SETTLE_EPOCHS) || epoch >= this.end
    const keep = lowest || (stop && loss <= this.bestLoss + SETTLED_MARGIN)
    if (lowest) this.bestLoss = loss
    return { keep, stop }
  }
}

/** 1 at progress 0, falling along half a cosine to 0 at progress ≥ 1. */
function cosine(progress: number): number {
  return 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))))
}
