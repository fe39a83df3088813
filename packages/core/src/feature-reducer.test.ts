import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { AuspexEvent } from './event.ts'
import { createFeatureConfig } from './feature-config.ts'
import { createFeatureEngine, type FeatureEngine } from './feature-engine.ts'
import { STATE_VERSION, type FeatureState, type TypeState } from './feature-state.ts'
import { moneyOf } from './feature-reducer.ts'
import { compileGoal } from './goal.ts'
import type { GoalSpec } from './goal-types.ts'
import { config, DAY, HOUR, purchaseGoal, T0 } from './test-support/fixtures.ts'

/**
 * The reference: the reducer written plainly — visits and recency replayed in arrival order as the state format
 * defines them, every per-day array computed by brute force from the list of events at the end. The optimised
 * reducer (day slots added, inserted and dropped as events arrive) must give the same state, bit for bit.
 */
function referenceState(engine: FeatureEngine, events: readonly AuspexEvent[]): FeatureState {
  const { config: cfg, goal } = engine
  const horizon = Math.max(...cfg.windowsDays)
  const known = events.filter((e) => cfg.eventTypes.includes(e.type))
  const sign = (type: string) => (type === 'purchase' ? 1 : type === 'return' ? -1 : 0)
  const money = (e: AuspexEvent) => moneyOf(sign(e.type), e.value ?? 0)
  const dayOf = (t: number) => Math.floor(t / DAY)
  const newest = known.length === 0 ? 0 : Math.max(...known.map((e) => dayOf(e.timestamp)))
  const daily = [...new Set(known.map((e) => dayOf(e.timestamp)))].filter((d) => d > newest - horizon).sort((a, b) => a - b)
  const perDay = (pick: (e: AuspexEvent) => number, of: readonly AuspexEvent[]) => daily.map((d) => {
    let sum = 0
    for (const e of of) if (dayOf(e.timestamp) === d) sum += pick(e)
    return sum
  })
  const typeState = (of: readonly AuspexEvent[], monetary: boolean): TypeState => {
    const ts: TypeState = { n: of.length, v: 0, last: null, first: null, c: perDay(() => 1, of) }
    for (const e of of) {
      if (monetary) ts.v += sign(e.type) * money(e)
      if (ts.last === null || e.timestamp > ts.last) ts.last = e.timestamp
      if (ts.first === null || e.timestamp < ts.first) ts.first = e.timestamp
    }
    if (monetary) ts.s = perDay((e) => Math.round(sign(e.type) * money(e) * 100), of)
    return ts
  }
  const state: FeatureState = {
    v: STATE_VERSION, key: engine.key, first: null, last: null, n: known.length, value: 0, days: 0, lastDay: -1, late: 0,
    unknown: events.length - known.length, daily, all: perDay(() => 1, known), visits: daily.map(() => 0),
    session: { n: 0, start: null, end: null, events: 0, value: 0, items: [], types: cfg.eventTypes.map(() => 0) },
    types: cfg.eventTypes.map((t) => typeState(known.filter((e) => e.type === t), sign(t) !== 0)),
    outcome: typeState(known.filter((e) => goal.matches(e)), false),
    custom: goal.customEvents.map((c) => typeState(known.filter((e) => c.matches(e)), false)),
    conds: goal.history.map((c) => known.filter((e) => c.matches(e)).reduce<number | null>((m, e) => (m === null || e.timestamp > m ? e.timestamp : m), null)),
  }
  const session = state.session
  for (const e of known) {
    const at = e.timestamp
    const m = money(e)
    state.value += m
    if (state.first === null || at < state.first) state.first = at
    if (state.last === null || at >= state.last) {
      state.last = at
      if (dayOf(at) !== state.lastDay) {
        state.days++
        state.lastDay = dayOf(at)
      }
      if (session.end === null || at - session.end > cfg.sessionGapMinutes * 60_000) {
        session.n++
        const k = daily.indexOf(dayOf(at))
        if (k >= 0) state.visits[k]!++
        Object.assign(session, { start: at, events: 0, value: 0, items: [] })
        session.types.fill(0)
      }
      session.end = at
    } else {
      state.late++
      if (session.start === null || at < session.start) continue
    }
    session.events++
    session.value += m
    session.types[cfg.eventTypes.indexOf(e.type)]!++
    if (e.item !== undefined && session.items.length < cfg.maxSessionItems && !session.items.includes(e.item)) session.items.push(e.item)
  }
  return state
}

// Two engines: the fixtures' (3 learned types, 4 windows, a typed custom event), and one with other
// windows, short visits, 2 items per visit, an outcome of two types and a custom event of any type.
const otherGoal: GoalSpec = {
  name: 'signup-or-buy', propensity: 'conversion', window: '7d',
  outcome: { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>', value: 0 }] }, { type: 'signup' }] },
  eligible: { require: [{ type: 'pageView', within: '3d' }], exclude: [{ type: 'return' }], afterOutcome: 'exclude' },
  customEvents: [
    { name: 'Viewed pricing', type: 'pageView', where: [{ field: 'attributes.page', op: 'contains', value: 'pricing' }] },
    { name: 'Big value', where: [{ field: 'value', op: '>=', value: 100 }] },
  ],
}
const engines = [
  createFeatureEngine(compileGoal(purchaseGoal), config),
  createFeatureEngine(compileGoal(otherGoal), createFeatureConfig({ eventTypes: ['pageView', 'signup', 'return', 'purchase'], windowsDays: [2, 10], sessionGapMinutes: 5, maxSessionItems: 2 })),
]

const VISIT = 30 * 60_000
/** Gaps between consecutive events: none, sub-millisecond, around the visit cut-offs, hours, and beyond the windows. */
const arbGap = fc.oneof(
  fc.constant(0),
  fc.double({ min: 0, max: 2, noNaN: true }),
  fc.integer({ min: 1, max: 120_000 }),
  fc.constantFrom(5 * 60_000, 5 * 60_000 + 1, VISIT - 1, VISIT, VISIT + 1),
  fc.integer({ min: HOUR, max: 3 * DAY }),
  // around the longest windows (10 and 90 days): days that just stay in or just fall out of the horizon
  fc.constantFrom(2 * DAY, 9 * DAY, 10 * DAY, 11 * DAY, 89 * DAY, 90 * DAY, 91 * DAY),
  fc.integer({ min: 20 * DAY, max: 3 * 365 * DAY }),
)
const arbEventBody = fc.record({
  type: fc.constantFrom('pageView', 'pageView', 'addToCart', 'purchase', 'signup', 'search', 'return'),
  value: fc.option(fc.oneof(fc.constantFrom(0, -0, 100), fc.integer({ min: -50, max: 500 }), fc.double({ min: -1e3, max: 1e6, noNaN: true })), { nil: undefined }),
  item: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
  page: fc.constantFrom('/home', '/pricing', '/cart'),
})
/** In time order, shuffled, or with a few neighbours swapped (late events, within and before the newest visit). */
const arbEvents = fc
  .tuple(fc.array(fc.tuple(arbGap, arbEventBody, fc.nat()), { maxLength: 60 }), fc.constantFrom('in order', 'shuffled', 'swapped'))
  .map(([steps, order]) => {
    let t = T0
    const events = steps.map(([gap, { type, value, item, page }]): AuspexEvent => {
      t += gap
      return { profileId: 'p1', timestamp: t, type, ...(value === undefined ? {} : { value }), ...(item === undefined ? {} : { item }), attributes: { page } }
    })
    const keys = steps.map(([, , key]) => key)
    if (order === 'shuffled') return events.map((e, i) => ({ e, key: keys[i]! })).sort((a, b) => a.key - b.key).map(({ e }) => e)
    if (order === 'swapped') {
      keys.slice(0, 6).forEach((key) => {
        const i = key % Math.max(1, events.length - 1)
        if (i + 1 < events.length) [events[i], events[i + 1]] = [events[i + 1]!, events[i]!]
      })
    }
    return events
  })
/** When to read: at, before, between and long after the events. */
const arbNows = (events: readonly AuspexEvent[]) => {
  const times = events.map((e) => e.timestamp)
  const last = times.length === 0 ? T0 : Math.max(...times)
  const first = times.length === 0 ? T0 : Math.min(...times)
  return [last, last + 1, last + HOUR, last + 400 * DAY, first, (first + last) / 2]
}

function replay(engine: FeatureEngine, events: readonly AuspexEvent[]): FeatureState {
  const state = engine.init()
  for (const e of events) expect(engine.update(state, e)).toBe(state)
  return state
}

describe('feature reducer against the reference', () => {
  it('gives every feature within 1e-9 (relative) of the reference, in and out of order, at any reading time', () => {
    fc.assert(fc.property(fc.constantFrom(...engines), arbEvents, (engine, events) => {
      const state = replay(engine, events)
      const expected = referenceState(engine, events)
      for (const now of arbNows(events)) {
        const got = engine.features(state, now)
        const want = engine.features(expected, now)
        engine.spec.forEach((f, i) => {
          const [g, w] = [got[i]!, want[i]!]
          if (Number.isNaN(w)) expect(g, f.code).toBeNaN()
          else expect(Math.abs(g - w), `${f.code} at ${now}: ${g} vs ${w}`).toBeLessThanOrEqual(1e-9 * Math.abs(w))
        })
      }
    }), { numRuns: 300 })
  })

  it('builds the very state of the reference, bit for bit (day slots added, inserted and dropped)', () => {
    fc.assert(fc.property(fc.constantFrom(...engines), arbEvents, (engine, events) => {
      expect(replay(engine, events)).toEqual(referenceState(engine, events))
    }), { numRuns: 300 })
  })

  it('continues a state read back from JSON like the reference', () => {
    const json = (state: FeatureState) => JSON.parse(JSON.stringify(state)) as FeatureState
    fc.assert(fc.property(fc.constantFrom(...engines), arbEvents, arbEvents, (engine, first, second) => {
      const state = json(replay(engine, first))
      for (const e of second) engine.update(state, e)
      expect(json(state)).toEqual(json(referenceState(engine, [...first, ...second])))
    }))
  })

  it('keeps the routes of each engine apart (engines updated in turn)', () => {
    fc.assert(fc.property(arbEvents, (events) => {
      const states = engines.map((engine) => engine.init())
      for (const e of events) engines.forEach((engine, k) => engine.update(states[k]!, e))
      engines.forEach((engine, k) => expect(states[k]).toEqual(referenceState(engine, events)))
    }))
  })
})

describe('feature reducer with a hand-made goal', () => {
  it('runs every predicate when the goal did not come from compileGoal (its spec need not describe matches)', () => {
    // The spec names `purchase`, but this goal's outcome (and custom event) is any event with a value.
    const base = compileGoal(purchaseGoal)
    const hasValue = (e: AuspexEvent) => e.value !== undefined
    const handMade = { ...base, matches: hasValue, customEvents: [{ name: 'valued', matches: hasValue }] }
    const engine = createFeatureEngine(handMade, config)
    const events: AuspexEvent[] = [
      { profileId: 'p', timestamp: T0, type: 'pageView' },
      { profileId: 'p', timestamp: T0 + HOUR, type: 'addToCart', value: 20 },
      { profileId: 'p', timestamp: T0 + 2 * HOUR, type: 'pageView', value: 5 },
    ]
    const state = replay(engine, events)
    expect(state.outcome.n).toBe(2)
    expect(state.custom[0]!.n).toBe(2)
    expect(state).toEqual(referenceState(engine, events))
  })
})
