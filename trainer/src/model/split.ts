/**
 * The split step: where train, validation and test lie in time, with an embargo of one label window between
 * them, so that no label reads into a later split. A snapshot at t is labelled from [t, t + window):
 *
 *   first … trainEnd | embargo | validStart … validEnd | embargo | testAt | test labels | end
 *
 * - train: snapshots with t ≤ trainEnd = validStart − window;
 * - validation: snapshots with validStart ≤ t ≤ validEnd = testAt − window (early stopping), and one example per
 *   eligible profile at the cut-off validEnd (calibration; those profiles are kept out of early stopping);
 * - test: one example per eligible profile at testAt = end − window, the latest cut-off whose label window is
 *   complete (the protocol of `auspex evaluate --as-of`).
 *
 * A history too short for that (a 90-day goal needs 305 days) can opt in to `holdout: "profiles"`: the test is
 * then a third of the profiles at the validation cut-off (testAt = validEnd), the other two thirds calibrate and
 * stop early. It is still out of time for training (one embargo), but shares its period with validation.
 */
import { DAY_MS } from '@auspex/core'
import { TrainError } from './errors.ts'
import type { Holdout, SplitPlan } from '@auspex/shard'

/** Shortest span of training snapshot times (before the first embargo): 28 days, or less for a short goal. */
export const MIN_TRAIN_MS = 28 * DAY_MS
/** Shortest span of validation snapshot times: 7 days, or less for a short goal. */
export const MIN_VALID_MS = 7 * DAY_MS

/** The minimum spans scale with a short label window (a 24 h goal on three weeks of clicks): 4 and 2 windows, at least a week and two days. */
export function minSpans(windowMs: number): { train: number; valid: number } {
  return {
    train: Math.min(MIN_TRAIN_MS, Math.max(7 * DAY_MS, 4 * windowMs)),
    valid: Math.min(MIN_VALID_MS, Math.max(2 * DAY_MS, 2 * windowMs)),
  }
}
/** Share of the snapshot span (train + validation) given to validation, at least {@link MIN_VALID_MS}. */
export const VALID_SHARE = 0.1

const days = (ms: number) => `${Math.ceil(ms / DAY_MS)} days`
const iso = (t: number) => new Date(t).toISOString()

/** History a split needs for a label window: both minimum spans, the embargoes and the last cut-off's window. */
export function historyNeeded(windowMs: number, holdout: Holdout = 'time'): number {
  const min = minSpans(windowMs)
  return min.train + min.valid + (holdout === 'time' ? 3 : 2) * windowMs
}

/**
 * Places the splits for data from `first` to `end` (exclusive).
 * @throws TrainError `TRAIN_HISTORY_TOO_SHORT` saying how much history is needed and how much there is
 */
export function planSplits(goal: { name: string; windowMs: number; spec: { window: string } }, first: number, end: number, holdout: Holdout = 'time'): SplitPlan {
  const w = goal.windowMs
  const needed = historyNeeded(w, holdout)
  if (end - first < needed) {
    const short = holdout === 'time' && end - first >= historyNeeded(w, 'profiles')
      ? `; or, with --holdout profiles, test on a third of the profiles at the validation cut-off (${days(historyNeeded(w, 'profiles'))} suffice)`
      : ''
    const layout = holdout === 'time' ? 'two embargoes of one' : 'one embargo of one'
    throw new TrainError('TRAIN_HISTORY_TOO_SHORT', `goal ${goal.name}: an honest out-of-time evaluation needs ${days(needed)} of history ` +
      `(train ≥ ${days(minSpans(w).train)}, validation ≥ ${days(minSpans(w).valid)}, ${layout} ${goal.spec.window} label window ` +
      `and the test's own window), but the data from ${iso(first)} to ${iso(end)} spans ${days(end - first)}; ` +
      `use a longer export, a later --before or a goal with a shorter window${short}`)
  }
  return placeSplits(w, first, end, holdout)
}

/** Where the splits lie for a label window `w` on data from `first` to `end`, unchecked ({@link planSplits} checks). */
function placeSplits(w: number, first: number, end: number, holdout: Holdout): SplitPlan {
  const testAt = end - w
  const validEnd = holdout === 'time' ? testAt - w : testAt
  const span = validEnd - first - w
  const validSpan = Math.max(minSpans(w).valid, Math.round(VALID_SHARE * span))
  const validStart = validEnd - validSpan
  return { holdout, windowMs: w, first, trainEnd: validStart - w, validStart, validEnd, testAt, end }
}

/**
 * A warning when an out-of-time split leaves the fit under half of the history: a goal's window, as two embargoes
 * and the test's labels, plus validation, all come after the training snapshots, so a long goal on a short export
 * fits on the export's first months, where every profile's history is short (the demo's 90-day churn goal on 12
 * months: 3). Says how long `--holdout profiles` would fit. Undefined when the fit has half or more.
 */
export function shortFitWarning(plan: SplitPlan, window: string): string | undefined {
  if (plan.holdout !== 'time') return undefined
  const total = plan.end - plan.first
  const fit = plan.trainEnd - plan.first
  if (fit >= total / 2) return undefined
  // the same data split as --holdout profiles splits it (it needs less history than a time hold-out, so it fits)
  const profilesFit = placeSplits(plan.windowMs, plan.first, plan.end, 'profiles').trainEnd - plan.first
  return `the fit saw only the first ${days(fit)} of ${days(total)} of history: two embargoes of one ${window} window, validation and ` +
    `the test window come after it, so the model learns where histories are shortest; more history, a shorter goal, or ` +
    `--holdout profiles (a fit on ${days(profilesFit)}, tested on a third of the profiles) would give it more`
}

export { cutoffStep, jitteredCutoffs, roleOf, splitOf, type Holdout, type ProfileRole, type SplitPlan } from '@auspex/shard'
