/**
 * The survey phase: per shard, the event types and outcome matches among the events before the training end, and
 * how often profiles had the outcome again. Counts add up, so the merged survey is exact for any sharding.
 */
import { compileGoal, type GoalSpec } from '@auspex/core'
import { outcomeTimes, RecurrenceTally, type OutcomeRecurrence } from './outcome-recurrence.ts'
import type { ProfilesOf } from './task-types.ts'

export interface SurveyTask {
  kind: 'survey'
  goal: GoalSpec
  /** end of the training data (exclusive) */
  end: number
}

export interface SurveyPart {
  kind: 'survey'
  typeCounts: Record<string, number>
  outcomeEvents: number
  /** profiles with the outcome, and of those, with it again */
  recurrence: { profiles: number; repeated: number }
}

export interface Survey {
  /** events before the end, by type (by count, then name) */
  typeCounts: Record<string, number>
  outcomeEvents: number
  recurrence: OutcomeRecurrence
}

export async function surveyShard(profiles: ProfilesOf, task: SurveyTask): Promise<SurveyPart> {
  const goal = compileGoal(task.goal)
  const counts: Record<string, number> = {}
  let outcomeEvents = 0
  const tally = new RecurrenceTally()
  for await (const p of profiles(task.end)) {
    for (const e of p.events) {
      counts[e.type] = (counts[e.type] ?? 0) + 1
      if (goal.matches(e)) outcomeEvents++
    }
    tally.add(outcomeTimes(p.events, goal))
  }
  const { profiles: withOutcome, repeated } = tally.result()
  return { kind: 'survey', typeCounts: counts, outcomeEvents, recurrence: { profiles: withOutcome, repeated } }
}

export function mergeSurveys(parts: readonly SurveyPart[]): Survey {
  const counts = new Map<string, number>()
  let outcomeEvents = 0
  let profiles = 0
  let repeated = 0
  for (const p of parts) {
    for (const [type, n] of Object.entries(p.typeCounts)) counts.set(type, (counts.get(type) ?? 0) + n)
    outcomeEvents += p.outcomeEvents
    profiles += p.recurrence.profiles
    repeated += p.recurrence.repeated
  }
  const typeCounts = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)))
  return { typeCounts, outcomeEvents, recurrence: { profiles, repeated, share: profiles === 0 ? 0 : repeated / profiles } }
}

/** One part that merges like all of `parts`. */
export function combineSurveys(parts: readonly SurveyPart[]): SurveyPart {
  const { typeCounts, outcomeEvents, recurrence } = mergeSurveys(parts)
  return { kind: 'survey', typeCounts, outcomeEvents, recurrence: { profiles: recurrence.profiles, repeated: recurrence.repeated } }
}
