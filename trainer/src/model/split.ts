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
import { DAY_MS, HOUR_MS } from '@auspex/core'
import { TrainError } from './errors.ts'
import { unitHash } from './sample.ts'

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

/** How the test is held out: a later cut-off (`time`, the default) or other profiles at the validation cut-off. */
export type Holdout = 'time' | 'profiles'

export interface SplitPlan {
  holdout: Holdout
  windowMs: number
  /** first event */
  first: number
  /** last training snapshot time; trainEnd + window = validStart */
  trainEnd: number
  validStart: number
  /** last validation snapshot time, and the calibration cut-off; validEnd + window = testAt */
  validEnd: number
  /** the test cut-off: end − window */
  testAt: number
  /** end of the data used (exclusive): the test labels come from [testAt, end) */
  end: number
}

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
  const testAt = end - w
  const validEnd = holdout === 'time' ? testAt - w : testAt
  const span = validEnd - first - w
  const validSpan = Math.max(minSpans(w).valid, Math.round(VALID_SHARE * span))
  const validStart = validEnd - validSpan
  return { holdout, windowMs: w, first, trainEnd: validStart - w, validStart, validEnd, testAt, end }
}

/** Which split a snapshot at t belongs to, or undefined when it lies in an embargo or after validation. */
export function splitOf(plan: SplitPlan, t: number): 'train' | 'validation' | undefined {
  if (t <= plan.trainEnd) return 'train'
  if (t >= plan.validStart && t <= plan.validEnd) return 'validation'
  return undefined
}

/** What a profile's validation-period examples do, by seed: calibrate, stop early, or (holdout "profiles") test. */
export type ProfileRole = 'calibrate' | 'stop' | 'test'

/** Halves calibrate / stop early; with holdout "profiles", thirds calibrate / stop early / test. */
export function roleOf(plan: SplitPlan, seed: number, profileId: string): ProfileRole {
  const u = unitHash(`${seed}:calibration:${profileId}`)
  if (plan.holdout === 'time') return u < 0.5 ? 'calibrate' : 'stop'
  return u < 1 / 3 ? 'calibrate' : u < 2 / 3 ? 'stop' : 'test'
}

/** The minute grid the jittered cut-offs fall on. */
const MINUTE = 60_000
const WEEK = 7 * DAY_MS

/** Cut-offs every week, or every label window when that is shorter (a 24 h goal: daily), at least an hour apart. */
export function cutoffStep(windowMs: number): number {
  return Math.min(WEEK, Math.max(HOUR_MS, windowMs))
}

/**
 * Regular cut-offs over the snapshot span ({@link cutoffStep} apart), each moved back by a seeded offset of up to
 * one step (on a minute grid), so that cut-offs do not all fall on one weekday and hour (else day-of-week and hour
 * features would tell a cut-off snapshot from an event snapshot). Ascending; deterministic for a seed; none in
 * the first four steps (four weeks for a weekly step), so every cut-off has some history before it.
 */
export function jitteredCutoffs(plan: SplitPlan, seed: number): number[] {
  const step = cutoffStep(plan.windowMs)
  const out: number[] = []
  for (let k = 0, base = plan.validEnd; base - step > plan.first + 4 * step; k++, base -= step) {
    const offset = Math.floor((unitHash(`${seed}:cutoff:${k}`) * step) / MINUTE) * MINUTE
    const t = base - offset
    if (splitOf(plan, t) !== undefined) out.push(t)
  }
  return out.reverse()
}
