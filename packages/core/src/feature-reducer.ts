/**
 * The feature reducer: applies one event to a {@link FeatureState}, in place, in O(1).
 *
 * It is the trainer's hot loop (one call per event of the training data), so it allocates only what the state
 * keeps, computes each decay factor once per gap (decay.ts), and is one function with small helpers: V8 then
 * compiles the whole event path as one unit (measured ~14% faster than a chain of larger helpers, which
 * exhausted TurboFan's inlining budget). What it computes is defined by the state format (feature-state.ts);
 * feature-reducer.test.ts holds it to a plain reference implementation.
 */
import { createDecay, decayFactors, type Decay } from './decay.ts'
import { DAY_MS } from './duration.ts'
import type { AuspexEvent } from './event.ts'
import type { FeatureConfig } from './feature-config.ts'
import type { DecayedCounter, FeatureState, SessionState, TypeState } from './feature-state.ts'
import { isCompiledGoal, type Goal } from './goal.ts'

export type Reducer = (state: FeatureState, event: AuspexEvent) => FeatureState

/** The reducer for a goal and a feature config; `lambdas[i]` = ln 2 / halfLife_i in 1/ms. */
export function createReducer(goal: Goal, config: FeatureConfig, lambdas: readonly number[]): Reducer {
  const decay = createDecay(lambdas)
  const gapMs = config.sessionGapMinutes * 60_000
  const maxItems = config.maxSessionItems
  const customMatchers = goal.customEvents.map((c) => c.matches)
  const routeOf = createRouter(goal, config)
  // The route of the latest event type, looked up again only when the type changes (types come in runs)
  let routedType: string | undefined
  let route = routeOf(undefined)

  // The order of the counters only matters for speed: the session counter right after the "all" counter (a
  // visit after a one-event visit has the same gap), the outcome's and custom events' after the type's (their
  // previous event was often the same), so that they reuse the decay factors.
  const update: Reducer = (state, event) => {
    const at = event.timestamp
    const value = event.value ?? 0
    const item = event.item
    state.n++
    state.value += value
    if (state.first === null || at < state.first) state.first = at
    addCount(state.all, at, value, decay)

    // `last`, active days and the newest visit. In order: a gap over `gapMs` starts a new visit. Late (older
    // than the newest event): counted into the newest visit only when it falls within it.
    const session = state.session
    if (state.last === null || at >= state.last) {
      state.last = at
      const day = Math.floor(at / DAY_MS)
      if (day !== state.lastDay) {
        state.days++
        state.lastDay = day
      }
      if (session.end === null || at - session.end > gapMs) {
        session.n++
        addCount(session.d, at, 0, decay)
        session.start = at
        session.end = at
        session.events = 1
        session.value = 0 + value // not `= value`: 0 + -0 is 0, as when this was `= 0`, then `+= value`
        // A literal (pushing onto [] would make room for 17 items), or the last visit's array when that is
        // empty: it is state, mutated in place like the counters' arrays
        if (item !== undefined && maxItems > 0) session.items = [item]
        else if (session.items.length > 0) session.items = []
      } else {
        session.end = at
        addToVisit(session, value, item, maxItems)
      }
    } else {
      state.late++
      if (session.start !== null && !(at < session.start)) addToVisit(session, value, item, maxItems)
    }

    if (event.type !== routedType) {
      routedType = event.type
      route = routeOf(routedType)
    }
    const ts = state.types[route.slot]!
    addToType(ts, at, value)
    addCountAndValue(ts.d, at, value, decay)
    if (route.outcome && goal.matches(event)) {
      addToType(state.outcome, at, value)
      addCount(state.outcome.d, at, value, decay)
    }
    for (let i = 0; i < customMatchers.length; i++) {
      if (route.custom[i] && customMatchers[i]!(event)) {
        const custom = state.custom[i]!
        addToType(custom, at, value)
        addCount(custom.d, at, value, decay)
      }
    }
    return state
  }
  return update
}

function addToVisit(session: SessionState, value: number, item: string | undefined, maxItems: number): void {
  session.events++
  session.value += value
  if (item !== undefined && session.items.length < maxItems && !session.items.includes(item)) session.items.push(item)
}

/** Counts an event into a type state's aggregates (its decayed counter is updated by the caller). */
function addToType(ts: TypeState, at: number, value: number): void {
  ts.n++
  ts.v += value
  if (ts.last === null || at > ts.last) ts.last = at
}

/**
 * Adds weight 1 (and value `x` to the sums, if any) at time `at` to a decayed counter.
 * In order (`at >= d.t`): decay to `at`, then add. Out of order: add the contribution decayed to `d.t` —
 * which is exactly what the counter would hold had the event arrived in order.
 */
function addToCounter(d: DecayedCounter, at: number, x: number, decay: Decay): void {
  const c = d.c
  const s = d.s
  const n = decay.lambdas.length
  const dt = at - d.t
  if (dt > 0) {
    const f = decayFactors(decay, dt)
    // c·f + 1 in one expression rounds like decaying, then adding (JS never fuses a multiply-add)
    for (let i = 0; i < n; i++) c[i] = c[i]! * f[i]! + 1
    if (s !== undefined) for (let i = 0; i < n; i++) s[i] = s[i]! * f[i]! + x
    d.t = at
  } else if (dt === 0) {
    for (let i = 0; i < n; i++) c[i] = c[i]! + 1
    if (s !== undefined) for (let i = 0; i < n; i++) s[i] = s[i]! + x
  } else {
    // e^(λ·dt) = e^(-λ·(-dt)) to the bit (negation is exact), so late events share the memo too
    const f = decayFactors(decay, -dt)
    for (let i = 0; i < n; i++) c[i] = c[i]! + f[i]!
    if (s !== undefined) for (let i = 0; i < n; i++) s[i] = s[i]! + x * f[i]!
  }
}

/** {@link addToCounter} for a counter without value sums (all events, visits, outcome, custom): in order, inline. */
function addCount(d: DecayedCounter, at: number, x: number, decay: Decay): void {
  const dt = at - d.t
  if (!(dt > 0) || d.s !== undefined) return addToCounter(d, at, x, decay)
  const c = d.c
  const f = decayFactors(decay, dt)
  for (let i = 0; i < f.length; i++) c[i] = c[i]! * f[i]! + 1
  d.t = at
}

/** {@link addToCounter} for a counter with value sums (event types): in order, inline. */
function addCountAndValue(d: DecayedCounter, at: number, x: number, decay: Decay): void {
  const dt = at - d.t
  const s = d.s
  if (!(dt > 0) || s === undefined) return addToCounter(d, at, x, decay)
  const c = d.c
  const f = decayFactors(decay, dt)
  for (let i = 0; i < f.length; i++) {
    c[i] = c[i]! * f[i]! + 1
    s[i] = s[i]! * f[i]! + x
  }
  d.t = at
}

/** Where events of one type go: their slot in `state.types`, and whether the outcome and each custom event can match. */
interface Route {
  slot: number
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
  const outcome = goal.spec.outcome
  // The type each condition names (undefined: any type)
  const outcomeTypes = byType ? ('allOf' in outcome ? outcome.allOf : outcome.anyOf).map((c) => c.type) : [undefined]
  const customTypes = goal.customEvents.map((_, i) => (byType ? goal.spec.customEvents?.[i]?.type : undefined))
  const mayMatch = (named: string | undefined, type: string | undefined) => named === undefined || named === type
  const routes = new Map<string | undefined, Route>()
  return (type) => {
    let route = routes.get(type)
    if (route === undefined) {
      route = {
        slot: (type === undefined ? undefined : typeIndex.get(type)) ?? config.eventTypes.length,
        outcome: outcomeTypes.some((t) => mayMatch(t, type)),
        custom: customTypes.map((t) => mayMatch(t, type)),
      }
      if (routes.size < 256) routes.set(type, route)
    }
    return route
  }
}
