/**
 * How often a goal's outcome recurs per profile: the survey's tally, from which the trainer decides whether an
 * outcome is one-time (outcome-recurrence.ts in the trainer). Tallies of shards add up.
 */
import type { AuspexEvent, Goal } from '@auspex/core'

export interface OutcomeRecurrence {
  /** profiles with the outcome at least once */
  profiles: number
  /** of those, profiles with it twice or more (at distinct times) */
  repeated: number
  /** repeated / profiles (0 when no profile had it) */
  share: number
}

/** 0, 1 or 2: whether a profile's outcome never happened, happened once, or again at another time (one order's lines count once). */
export function outcomeTimes(events: readonly AuspexEvent[], goal: Goal): 0 | 1 | 2 {
  let first: number | null = null
  for (const e of events) {
    if (!goal.matches(e)) continue
    if (first === null) first = e.timestamp
    else if (e.timestamp !== first) return 2
  }
  return first === null ? 0 : 1
}

/** Tallies {@link outcomeTimes} over profiles. */
export class RecurrenceTally {
  private withOutcome = 0
  private repeated = 0
  add(times: 0 | 1 | 2): void {
    if (times > 0) this.withOutcome++
    if (times === 2) this.repeated++
  }
  result(): OutcomeRecurrence {
    const profiles = this.withOutcome
    return { profiles, repeated: this.repeated, share: profiles === 0 ? 0 : this.repeated / profiles }
  }
}

