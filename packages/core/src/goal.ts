import { DAY_MS, parseDuration } from './duration.ts'
import type { AuspexEvent } from './event.ts'
import { compileEventCondition, type EventPredicate } from './condition.ts'
import { parseGoal } from './goal-parse.ts'
import type { EventCondition, GoalSpec, HistoryCondition, Outcome } from './goal-types.ts'

/** Eligibility when a goal does not say: any event within 45 days. */
export const DEFAULT_ACTIVE_WITHIN_MS = 45 * DAY_MS

/**
 * What a state must tell for eligibility: the time of its newest event (null when none), how often the
 * outcome happened, and when each history condition (`require`, then `exclude`) last matched.
 */
export interface HasLastEvent {
  last: number | null
  outcome?: { n: number }
  conds?: ReadonlyArray<number | null>
}

/** A compiled eligibility condition: its predicate, and how far back it looks (Infinity: ever). */
export interface CompiledHistoryCondition {
  matches: EventPredicate
  withinMs: number
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
  /** `require` then `exclude` conditions of eligibility, compiled; the state keeps when each last matched. */
  readonly history: readonly CompiledHistoryCondition[]
  /** How many of {@link history} are `require` (the rest are `exclude`). */
  readonly requireCount: number
  /** `eligible.afterOutcome` (default "keep"; the trainer records "exclude" for a one-time outcome). */
  readonly afterOutcome: 'keep' | 'exclude'
  /**
   * A profile is scored when its newest event before `now` is within `activeWithin`, every `require` condition
   * occurred (within its `within`), no `exclude` condition did, and with `afterOutcome: "exclude"` the outcome
   * never happened.
   */
  isEligible(state: HasLastEvent, now: number): boolean
  /** True when the outcome occurs among `events` (anyOf: one matches; allOf: every condition is met by some event). */
  occurs(events: Iterable<AuspexEvent>): boolean
  /** The training label for the events in [t, t + window): 1/0 for conversion = occurs, churn = does not occur. */
  label(futureEvents: Iterable<AuspexEvent>): 0 | 1
}

/** The event conditions of an outcome, whichever of `anyOf` / `allOf` it uses. */
export function outcomeConditions(outcome: Outcome): EventCondition[] {
  return 'allOf' in outcome ? outcome.allOf : outcome.anyOf
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
  const predicates = outcomeConditions(spec.outcome).map(compileEventCondition)
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
  const eligible = spec.eligible ?? {}
  const compileHistory = (c: HistoryCondition, path: string): CompiledHistoryCondition => ({
    matches: compileEventCondition(c),
    withinMs: c.within === undefined ? Infinity : parseDuration(c.within, path),
  })
  const history = [
    ...(eligible.require ?? []).map((c, i) => compileHistory(c, `eligible.require[${i}].within`)),
    ...(eligible.exclude ?? []).map((c, i) => compileHistory(c, `eligible.exclude[${i}].within`)),
  ]
  const requireCount = eligible.require?.length ?? 0
  const afterOutcome = eligible.afterOutcome ?? 'keep'
  const isEligible = (state: HasLastEvent, now: number): boolean => {
    if (state.last === null || state.last > now || now - state.last > activeWithinMs) return false
    if (afterOutcome === 'exclude' && (state.outcome?.n ?? 0) > 0) return false
    for (let i = 0; i < history.length; i++) {
      const at = state.conds?.[i] ?? null
      const occurred = at !== null && at <= now && now - at <= history[i]!.withinMs
      if (occurred !== i < requireCount) return false
    }
    return true
  }
  const goal: Goal = {
    spec,
    name: spec.name,
    propensity: spec.propensity,
    windowMs,
    activeWithinMs,
    matches,
    customEvents: (spec.customEvents ?? []).map((c) => ({ name: c.name, matches: compileEventCondition(c) })),
    history,
    requireCount,
    afterOutcome,
    isEligible,
    occurs,
    label(futureEvents) {
      const happened = occurs(futureEvents)
      return (spec.propensity === 'conversion' ? happened : !happened) ? 1 : 0
    },
  }
  compiled.add(goal)
  return goal
}

/** The event types a goal names: in its outcome, custom events and eligibility conditions (a model must know them). */
export function typesNamedBy(spec: GoalSpec): string[] {
  const conditions = [
    ...outcomeConditions(spec.outcome),
    ...(spec.customEvents ?? []),
    ...(spec.eligible?.require ?? []),
    ...(spec.eligible?.exclude ?? []),
  ]
  return [...new Set(conditions.flatMap((c) => (c.type === undefined ? [] : [c.type])))]
}
