import { DAY_MS, parseDuration } from './duration.ts'
import type { AuspexEvent } from './event.ts'
import { compileEventCondition, type EventPredicate } from './condition.ts'
import { parseGoal } from './goal-parse.ts'
import type { GoalSpec } from './goal-types.ts'

/** Eligibility when a goal does not say: any event within 45 days. */
export const DEFAULT_ACTIVE_WITHIN_MS = 45 * DAY_MS

/** The minimum a state must tell for eligibility: the time of its newest event (null when none). */
export interface HasLastEvent {
  last: number | null
}

/** A validated goal, compiled for fast matching. */
export interface Goal {
  readonly spec: GoalSpec
  readonly name: string
  readonly propensity: GoalSpec['propensity']
  readonly windowMs: number
  readonly activeWithinMs: number
  /** True when the event satisfies one of the outcome's conditions (anyOf), or any one of them (allOf). */
  matches(event: AuspexEvent): boolean
  /** Per custom event, in order: does this event count as it? */
  readonly customEvents: ReadonlyArray<{ name: string; matches: EventPredicate }>
  /** A profile is scored when its newest event before `now` is within `activeWithin`. */
  isEligible(state: HasLastEvent, now: number): boolean
  /** True when the outcome occurs among `events` (anyOf: one matches; allOf: every condition is met by some event). */
  occurs(events: Iterable<AuspexEvent>): boolean
  /** The training label for the events in [t, t + window): 1/0 for conversion = occurs, churn = does not occur. */
  label(futureEvents: Iterable<AuspexEvent>): 0 | 1
}

/** Goals made by {@link compileGoal}: their `matches` and `customEvents` are compiled from their `spec`. */
const compiled = new WeakSet<Goal>()

/** True when `goal` came from {@link compileGoal}, so its `spec` describes what `matches` accepts. */
export function isCompiledGoal(goal: Goal): boolean {
  return compiled.has(goal)
}

/**
 * Validates (when given raw JSON) and compiles a goal.
 * @throws {AuspexError} `INVALID_GOAL` / `INVALID_DURATION` with the JSON path of the problem.
 * @example const goal = compileGoal(JSON.parse(text)); goal.label(eventsInWindow)
 */
export function compileGoal(input: unknown): Goal {
  const spec = parseGoal(input)
  const windowMs = parseDuration(spec.window, 'window')
  const activeWithinMs = spec.eligible?.activeWithin ? parseDuration(spec.eligible.activeWithin, 'eligible.activeWithin') : DEFAULT_ACTIVE_WITHIN_MS
  const isAll = 'allOf' in spec.outcome
  const predicates = ('allOf' in spec.outcome ? spec.outcome.allOf : spec.outcome.anyOf).map(compileEventCondition)
  // A plain loop: `predicates.some((p) => p(e))` allocated a closure per event in the feature reducer's hot path.
  const matches = (e: AuspexEvent): boolean => {
    for (let i = 0; i < predicates.length; i++) if (predicates[i]!(e)) return true
    return false
  }
  const occurs = (events: Iterable<AuspexEvent>): boolean => {
    if (!isAll) {
      for (const e of events) if (matches(e)) return true
      return false
    }
    const met = predicates.map(() => false)
    let left = predicates.length
    for (const e of events) {
      predicates.forEach((p, i) => {
        if (!met[i] && p(e)) {
          met[i] = true
          left--
        }
      })
      if (left === 0) return true
    }
    return false
  }
  const goal: Goal = {
    spec,
    name: spec.name,
    propensity: spec.propensity,
    windowMs,
    activeWithinMs,
    matches,
    customEvents: (spec.customEvents ?? []).map((c) => ({ name: c.name, matches: compileEventCondition(c) })),
    isEligible: (state, now) => state.last !== null && state.last <= now && now - state.last <= activeWithinMs,
    occurs,
    label(futureEvents) {
      const happened = occurs(futureEvents)
      return (spec.propensity === 'conversion' ? happened : !happened) ? 1 : 0
    },
  }
  compiled.add(goal)
  return goal
}
