/**
 * The feature reducer: applies one event to a {@link FeatureState}, in place, in O(1) in the history length.
 *
 * It is the trainer's hot loop (one call per event of the training data), so it allocates only what the state
 * keeps and is one function with small helpers. What it computes is defined by the state format
 * (feature-state.ts); feature-reducer.test.ts holds it to a plain reference implementation.
 *
 * An event of a type the config does not know changes nothing but `state.unknown`: not activity, not visits.
 */
import { daySlot } from './daily-slots.ts'
import { DAY_MS } from './duration.ts'
import type { AuspexEvent } from './event.ts'
import type { FeatureConfig } from './feature-config.ts'
import type { FeatureState, SessionState, TypeState } from './feature-state.ts'
import { isCompiledGoal, outcomeConditions, type Goal } from './goal.ts'
import { monetarySign } from './vocabulary.ts'

export type Reducer = (state: FeatureState, event: AuspexEvent) => FeatureState

/** The money an event moves: a purchase's value, minus the amount of a return (whatever its sign), else 0. */
export function moneyOf(sign: number, value: number): number {
  return sign > 0 ? value : sign < 0 ? -Math.abs(value) : 0
}

/** The reducer for a goal and a feature config. */
export function createReducer(goal: Goal, config: FeatureConfig): Reducer {
  const gapMs = config.sessionGapMinutes * 60_000
  const maxItems = config.maxSessionItems
  const horizon = Math.max(...config.windowsDays)
  const customMatchers = goal.customEvents.map((c) => c.matches)
  const history = goal.history
  const routeOf = createRouter(goal, config)
  // The route of the latest event type, looked up again only when the type changes (types come in runs)
  let routedType: string | undefined
  let route = routeOf(undefined)

  const update: Reducer = (state, event) => {
    if (event.type !== routedType) {
      routedType = event.type
      route = routeOf(routedType)
    }
    if (route.slot < 0) {
      state.unknown++
      return state
    }
    const at = event.timestamp
    const money = moneyOf(route.sign, event.value ?? 0)
    const item = event.item
    state.n++
    state.value += money
    if (state.first === null || at < state.first) state.first = at
    const day = Math.floor(at / DAY_MS)
    const k = daySlot(state, day, horizon)
    if (k >= 0) state.all[k]!++

    // `last`, active days and the newest visit. In order: a gap over `gapMs` starts a new visit. Late (older
    // than the newest event): counted into the newest visit only when it falls within it.
    const session = state.session
    if (state.last === null || at >= state.last) {
      state.last = at
      if (day !== state.lastDay) {
        state.days++
        state.lastDay = day
      }
      if (session.end === null || at - session.end > gapMs) {
        session.n++
        if (k >= 0) state.visits[k]!++
        session.start = at
        session.end = at
        session.events = 1
        session.value = 0 + money // 0 + -0 is 0
        session.types.fill(0)
        session.types[route.slot]!++
        if (item !== undefined && maxItems > 0) session.items = [item]
        else if (session.items.length > 0) session.items = []
      } else {
        session.end = at
        addToVisit(session, route.slot, money, item, maxItems)
      }
    } else {
      state.late++
      if (session.start !== null && !(at < session.start)) addToVisit(session, route.slot, money, item, maxItems)
    }

    addToType(state.types[route.slot]!, at, route.sign * money, k) // a return's amount is positive: what was given back
    if (route.outcome && goal.matches(event)) addToType(state.outcome, at, 0, k)
    for (let i = 0; i < customMatchers.length; i++) {
      if (route.custom[i] && customMatchers[i]!(event)) addToType(state.custom[i]!, at, 0, k)
    }
    for (let i = 0; i < history.length; i++) {
      if (!history[i]!.matches(event)) continue
      const prev = state.conds[i]!
      if (prev === null || at > prev) state.conds[i] = at
    }
    return state
  }
  return update
}

function addToVisit(session: SessionState, slot: number, money: number, item: string | undefined, maxItems: number): void {
  session.events++
  session.value += money
  session.types[slot]!++
  if (item !== undefined && session.items.length < maxItems && !session.items.includes(item)) session.items.push(item)
}

/** Counts an event into a type state: totals, newest time, and day slot `k` (-1: beyond the horizon). */
function addToType(ts: TypeState, at: number, amount: number, k: number): void {
  ts.n++
  ts.v += amount
  if (ts.last === null || at > ts.last) ts.last = at
  if (ts.first === null || at < ts.first) ts.first = at
  if (k < 0) return
  ts.c[k]!++
  // in whole cents: sums of cents are exact and short in JSON (a sum of floats like 4937.239999999999 is neither)
  if (ts.s !== undefined) ts.s[k]! += Math.round(amount * 100)
}

/** Where events of one type go: their slot in `state.types` (-1: unknown), money sign, which predicates can match. */
interface Route {
  slot: number
  sign: number
  outcome: boolean
  custom: readonly boolean[]
}

/**
 * Routes per event type, cached (for at most 256 types; then computed each time). A predicate whose conditions
 * all name another event type cannot match, and skipping it saves a call per event. Only goals from `compileGoal`
 * are routed by their `spec`: a hand-made `Goal` may match what its spec does not say, so all its predicates run.
 */
function createRouter(goal: Goal, config: FeatureConfig): (type: string | undefined) => Route {
  const typeIndex = new Map(config.eventTypes.map((t, i) => [t, i]))
  const byType = isCompiledGoal(goal)
  // The type each condition names (undefined: any type)
  const outcomeTypes = byType ? outcomeConditions(goal.spec.outcome).map((c) => c.type) : [undefined]
  const customTypes = goal.customEvents.map((_, i) => (byType ? goal.spec.customEvents?.[i]?.type : undefined))
  const mayMatch = (named: string | undefined, type: string | undefined) => named === undefined || named === type
  const routes = new Map<string | undefined, Route>()
  return (type) => {
    let route = routes.get(type)
    if (route === undefined) {
      route = {
        slot: (type === undefined ? undefined : typeIndex.get(type)) ?? -1,
        sign: type === undefined ? 0 : monetarySign(type),
        outcome: outcomeTypes.some((t) => mayMatch(t, type)),
        custom: customTypes.map((t) => mayMatch(t, type)),
      }
      if (routes.size < 256) routes.set(type, route)
    }
    return route
  }
}
