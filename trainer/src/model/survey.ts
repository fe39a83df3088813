/**
 * The survey step, before any example is built: one pass over the events before the training end that counts
 * event types (the feature vocabulary is learned from these, not from events after `--before`) and the events
 * that match the goal's outcome, and how often a profile has it again (one-time outcomes: outcome-recurrence.ts);
 * a goal whose outcome (almost) never occurs stops here, saying what the data has.
 */
import type { Goal } from '@auspex/core'
import type { Survey } from '@auspex/shard'
import type { EventSource } from '../types.ts'
import { TrainError } from './errors.ts'
import { inProcess, runPhase, type RunPhase } from './phases.ts'

export type { Survey } from '@auspex/shard'

/** Fewer matching events than this and the goal is refused: no model can learn an outcome seen a handful of times. */
export const MIN_OUTCOME_EVENTS = 10

/** Counts types and outcome matches among the events before `end`, shard by shard (default: the source as one). */
export async function survey(source: EventSource, goal: Goal, end: number, run: RunPhase = inProcess(source)): Promise<Survey> {
  return runPhase(run, { kind: 'survey', goal: goal.spec, end })
}

/**
 * @throws TrainError `TRAIN_OUTCOME_RARE` naming the outcome, its match count and the most frequent event types
 */
export function checkOutcome(goal: Goal, s: Survey): void {
  if (s.outcomeEvents >= MIN_OUTCOME_EVENTS) return
  const top = Object.entries(s.typeCounts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5)
  const types = top.length === 0 ? 'none' : top.map(([t, n]) => `${t} (${n.toLocaleString('en-US')})`).join(', ')
  throw new TrainError('TRAIN_OUTCOME_RARE', `goal ${goal.name}: its outcome ${JSON.stringify(goal.spec.outcome)} matches ` +
    `${s.outcomeEvents} event${s.outcomeEvents === 1 ? '' : 's'} in the training data (at least ${MIN_OUTCOME_EVENTS} are needed); ` +
    `the most frequent event types are ${types}: fix the outcome's type or conditions, or map the export's types (--map type=…)`)
}
