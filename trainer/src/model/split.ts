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
 */
import { DAY_MS } from '@auspex/core'
import { TrainError } from './errors.ts'
import { unitHash } from './sample.ts'

/** Shortest span of training snapshot times (before the first embargo). */
export const MIN_TRAIN_MS = 28 * DAY_MS
/** Shortest span of validation snapshot times. */
export const MIN_VALID_MS = 7 * DAY_MS
/** Share of the snapshot span (train + validation) given to validation, at least {@link MIN_VALID_MS}. */
export const VALID_SHARE = 0.1

export interface SplitPlan {
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

/** History an honest split needs for a label window: both minimum spans, two embargoes and the test's window. */
export function historyNeeded(windowMs: number): number {
  return MIN_TRAIN_MS + MIN_VALID_MS + 3 * windowMs
}

/**
 * Places the splits for data from `first` to `end` (exclusive).
 * @throws TrainError `TRAIN_HISTORY_TOO_SHORT` saying how much history is needed and how much there is
 */
export function planSplits(goal: { name: string; windowMs: number; spec: { window: string } }, first: number, end: number): SplitPlan {
  const w = goal.windowMs
  const needed = historyNeeded(w)
  if (end - first < needed) {
    throw new TrainError('TRAIN_HISTORY_TOO_SHORT', `goal ${goal.name}: an honest out-of-time evaluation needs ${days(needed)} of history ` +
      `(train ≥ ${days(MIN_TRAIN_MS)}, validation ≥ ${days(MIN_VALID_MS)}, two embargoes of one ${goal.spec.window} label window ` +
      `and the test's own window), but the data from ${iso(first)} to ${iso(end)} spans ${days(end - first)}; ` +
      'use a longer export, a later --before or a goal with a shorter window')
  }
  const testAt = end - w
  const validEnd = testAt - w
  const span = validEnd - first - w
  const validSpan = Math.max(MIN_VALID_MS, Math.round(VALID_SHARE * span))
  const validStart = validEnd - validSpan
  return { windowMs: w, first, trainEnd: validStart - w, validStart, validEnd, testAt, end }
}

/** Which split a snapshot at t belongs to, or undefined when it lies in an embargo or after validation. */
export function splitOf(plan: SplitPlan, t: number): 'train' | 'validation' | undefined {
  if (t <= plan.trainEnd) return 'train'
  if (t >= plan.validStart && t <= plan.validEnd) return 'validation'
  return undefined
}

/** Whether a profile's validation examples calibrate (true) or stop early (false): half the profiles each, by seed. */
export function calibratesWith(seed: number, profileId: string): boolean {
  return unitHash(`${seed}:calibration:${profileId}`) < 0.5
}

/** The minute grid the jittered cut-offs fall on. */
const MINUTE = 60_000
const WEEK = 7 * DAY_MS

/**
 * Weekly cut-offs over the snapshot span, each moved back by a seeded offset of up to a week (on a minute grid),
 * so that cut-offs do not all fall on one weekday and hour (else day-of-week and hour features would tell a
 * cut-off snapshot from an event snapshot). Ascending; deterministic for a seed; none in the first four weeks.
 */
export function jitteredCutoffs(plan: SplitPlan, seed: number): number[] {
  const out: number[] = []
  for (let k = 0, base = plan.validEnd; base - WEEK > plan.first + 4 * WEEK; k++, base -= WEEK) {
    const offset = Math.floor((unitHash(`${seed}:cutoff:${k}`) * WEEK) / MINUTE) * MINUTE
    const t = base - offset
    if (splitOf(plan, t) !== undefined) out.push(t)
  }
  return out.reverse()
}
