/**
 * Is the goal's outcome one-time? Customer AI excludes profiles that already had a one-time outcome (a
 * withdrawal, a first subscription): they are no longer at risk, and kept in training they are negative at every
 * later snapshot, which teaches the model that inactivity means "no outcome". A goal may say so
 * (`eligible.afterOutcome`); when it does not, the data decides: the outcome is one-time when, of the profiles
 * that had it at least once, fewer than {@link ONE_TIME_MAX_RECURRENCE} had it again.
 */
import type { AuspexEvent, Goal, GoalSpec } from '@auspex/core'
import { outcomeTimes, RecurrenceTally, type OutcomeRecurrence } from '@auspex/shard'

/** At most this share of profiles with the outcome may have it twice or more for it to count as one-time. */
export const ONE_TIME_MAX_RECURRENCE = 0.02

export { outcomeTimes, RecurrenceTally, type OutcomeRecurrence } from '@auspex/shard'

/** How often the outcome recurs over these profiles' time-sorted events. */
export function countRecurrence(profiles: Iterable<readonly AuspexEvent[]>, goal: Goal): OutcomeRecurrence {
  const tally = new RecurrenceTally()
  for (const events of profiles) tally.add(outcomeTimes(events, goal))
  return tally.result()
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

/** What the CLI and the report say about the rule: "one-time outcome (0 of 1,204 profiles had it twice): …". */
export function eligibilityLine(r: ResolvedEligibility): string {
  const { profiles, repeated } = r.recurrence
  const n = (x: number) => x.toLocaleString('en-US')
  const seen = `${n(repeated)} of ${n(profiles)} profiles with the outcome had it again`
  if (r.source === 'goal') return `eligibility: afterOutcome "${r.afterOutcome}" (from the goal; ${seen})`
  return r.afterOutcome === 'exclude'
    ? `eligibility: one-time outcome (${seen}): profiles that already had it are not scored (afterOutcome "exclude")`
    : `eligibility: recurring outcome (${seen}): profiles stay eligible after it (afterOutcome "keep")`
}
