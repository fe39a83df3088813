/**
 * Where a training run's splits lie in time (planned by the trainer's split step) and what follows from them per
 * snapshot and per profile: the split of a snapshot time, the role of a profile's validation examples, and the
 * jittered regular cut-offs. Shared by the trainer and the shard worker, so both sample the same snapshots.
 */
import { DAY_MS, HOUR_MS } from '@auspex/core'
import { unitHash } from './sample.ts'

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
