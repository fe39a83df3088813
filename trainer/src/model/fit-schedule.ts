/**
 * The fit's learning-rate schedule and stopping rule, shared by the tfjs fit (`gam-tf.ts`) and its float64 oracle
 * (`gam.ts`), so both follow one path. Three phases:
 *   1. warm-up: the rate rises linearly to its peak over {@link WARMUP_EPOCHS};
 *   2. descent: a cosine from the peak towards 0 at `maxEpochs`, the validation loss checked every
 *      {@link CHECK_EVERY} epochs;
 *   3. settle: once `patience` checks in a row gain less than {@link MIN_GAIN} on the last check that did, the rate
 *      anneals from wherever it is to 0 over {@link SETTLE_EPOCHS} (a cosine); checks go on, and the fit stops when
 *      the rate reaches 0 (or at `maxEpochs`, where the descent reaches 0).
 * The weights of the check with the lowest validation loss are kept. The old rule stopped at the plateau itself with
 * the rate still near its peak, so the fit's last weights were mid-swing; now every fit ends at rate 0, and a check
 * of the settle phase is kept whenever it is the lowest. Keeping the settled weights *instead of* a lower earlier
 * check was measured and rejected (trainer README, "Fit"): on the generated cases it cost up to 0.010 AUC.
 */

/** Epochs of linear learning-rate warm-up. */
export const WARMUP_EPOCHS = 10
/** Epochs between validation checks. */
export const CHECK_EVERY = 5
/** Epochs over which the rate anneals to 0 once the validation loss has stopped improving. */
export const SETTLE_EPOCHS = 20
/** The validation-loss gain on the last gaining check that a check must bring to count as progress. */
export const MIN_GAIN = 1e-5

/** What a check decided. */
export interface CheckResult {
  /** keep this check's weights: its validation loss is the lowest so far */
  keep: boolean
  /** the fit is done: the rate has reached 0 */
  stop: boolean
}

/** The schedule of one fit: call {@link rate} before each epoch's step, {@link check} on each checking epoch. */
export class FitSchedule {
  private bestLoss = Infinity
  /** the loss of the last check that made progress, and the checks since */
  private progressLoss = Infinity
  private since = 0
  /** the epoch the settle phase started after, and the rate it started from */
  private settle: { after: number; from: number } | undefined

  constructor(readonly lr: number, readonly maxEpochs: number, readonly patience: number) {}

  /** True once the settle phase has begun. */
  get settling(): boolean {
    return this.settle !== undefined
  }

  /** The learning rate of an epoch (1-based). */
  rate(epoch: number): number {
    if (epoch <= WARMUP_EPOCHS) return (this.lr * epoch) / WARMUP_EPOCHS
    const descent = this.lr * cosine((epoch - WARMUP_EPOCHS) / Math.max(1, this.maxEpochs - WARMUP_EPOCHS))
    if (!this.settle) return descent
    return Math.min(descent, this.settle.from * cosine((epoch - this.settle.after) / SETTLE_EPOCHS))
  }

  /** True on the epochs whose validation loss is checked. */
  checks(epoch: number): boolean {
    return epoch % CHECK_EVERY === 0
  }

  /** Records a checking epoch's validation loss. */
  check(epoch: number, loss: number): CheckResult {
    const keep = loss < this.bestLoss
    if (keep) this.bestLoss = loss
    if (loss < this.progressLoss - MIN_GAIN) {
      this.progressLoss = loss
      this.since = 0
    } else {
      this.since += 1
    }
    if (!this.settle && this.since >= this.patience) this.settle = { after: epoch, from: this.rate(epoch) }
    const settled = this.settle !== undefined && epoch >= this.settle.after + SETTLE_EPOCHS
    return { keep, stop: settled || epoch >= this.maxEpochs }
  }
}

/** 1 at progress 0, falling along half a cosine to 0 at progress ≥ 1. */
function cosine(progress: number): number {
  return 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))))
}
