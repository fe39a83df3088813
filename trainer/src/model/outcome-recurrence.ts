/**
 * Is the goal's outcome one-time? Customer AI excludes profiles that already had a one-time outcome (a
 * withdrawal, a first subscription): they are no longer at risk, and kept in training they are negative at every
 * later snapshot, which teaches the model that inactivity means "no outcome". A goal may say so
 * (`eligible.afterOutcome`); when it does not, the data decides: the outcome is one-time when, of the profiles
 * that had it at least once, fewer than {@link ONE_TIME_MAX_RECURRENCE} had it again.
 */
import type { AuspexEvent, Goal, GoalSpec } from '@auspex/core'

/** At most this share of profiles with the outcome may have it twice or more for it to count as one-time. */
export const ONE_TIME_MAX_RECURRENCE = 0.02

export interface OutcomeRecurrence {
  /** profiles with the outcome at least once */
  profiles: number
  /** of those, profiles with it twice or more (at distinct times) */
  repeated: number
  /** repeated / profiles (0 when no profile had it) */
  share: number
}

/** Counts, per profile, how often the outcome happened (events at one timestamp count once: one order's lines). */
export function countRecurrence(profiles: Iterable<readonly AuspexEvent[]>, goal: Goal): OutcomeRecurrence {
  let withOutcome = 0
  let repeated = 0
  for (const events of profiles) {
    let first: number | null = null
    let again = false
    for (const e of events) {
      if (!goal.matches(e)) continue
      if (first === null) first = e.timestamp
      else if (e.timestamp !== first) {
        again = true
        break
      }
    }
    if (first !== null) withOutcome++
    if (again) repeated++
  }
  return { profiles: withOutcome, repeated, share: withOutcome === 0 ? 0 : repeated / withOutcome }
}

export interface ResolvedEligibility {
  afterOutcome: 'keep' | 'exclude'
  /** 'goal' when the goal said so, 'data' when the recurrence decided */
  source: 'goal' | 'data'
  recurrence: OutcomeRecurrence
}

/** The goal's `afterOutcome`, or the data's verdict when the goal is silent; the spec to train with records it. */
export function resolveAfterOutcome(spec: GoalSpec, recurrence: OutcomeRecurrence): { spec: GoalSpec; resolved: ResolvedEligibility } {
  const given = spec.eligible?.afterOutcome
  const afterOutcome = given ?? (recurrence.profiles > 0 && recurrence.share < ONE_TIME_MAX_RECURRENCE ? 'exclude' : 'keep')
  const resolved: ResolvedEligibility = { afterOutcome, source: given === undefined ? 'data' : 'goal', recurrence }
  return { spec: { ...spec, eligible: { ...spec.eligible, afterOutcome } }, resolved }
}
