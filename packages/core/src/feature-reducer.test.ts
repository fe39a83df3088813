import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { AuspexEvent } from './event.ts'
import { createFeatureConfig } from './feature-config.ts'
import { createFeatureEngine, type FeatureEngine } from './feature-engine.ts'
import { STATE_VERSION, type DecayedCounter, type FeatureState, type TypeState } from './feature-state.ts'
import { compileGoal } from './goal.ts'
import type { GoalSpec } from './goal-types.ts'
import { config, DAY, HOUR, purchaseGoal, T0 } from './test-support/fixtures.ts'

/**
 * The reference: the reducer written plainly, one `Math.exp` per half-life per counter per event, no memo, no
 * routing, no fast paths — the implementation the optimised reducer replaced. The optimised one must give
 * the same states, bit for bit, and so the same features.
 */
function referenceState(engine: FeatureEngine, events: readonly AuspexEvent[]): FeatureState {
  const { config: cfg, goal } = engine
  const lambdas = cfg.halfLivesHours.map((h) => Math.LN2 / (h * HOUR))
  const zeros = () => lambdas.map(() => 0)
  const counter = (sums: boolean): DecayedCounter => (sums ? { t: 0, c: zeros(), s: zeros() } : { t: 0, c: zeros() })
  const typeState = (sums: boolean): TypeState => ({ n: 0, v: 0, last: null, d: counter(sums) })
  const state: FeatureState = {
    v: STATE_VERSION, key: engine.key, first: null, last: null, n: 0, value: 0, days: 0, lastDay: -1, late: 0,
    all: counter(false),
    session: { n: 0, d: counter(false), start: null, end: null, events: 0, value: 0, items: [] },
    types: [...cfg.eventTypes, 'other'].map(() => typeState(true)),
    outcome: typeState(false),
    custom: goal.customEvents.map(() => typeState(false)),
  }
  // In order: decay to `at`, then add. Late: add the contribution decayed to the counter's time.
  const add = (d: DecayedCounter, at: number, x: number) => {
    const dt = at - d.t
    lambdas.forEach((lambda, i) => {
      if (dt >= 0) {
        const f = dt > 0 ? Math.exp(-lambda * dt) : 1
        d.c[i] = d.c[i]! * f + 1
        if (d.s) d.s[i] = d.s[i]! * f + x
      } else {
        const f = Math.exp(lambda * dt)
        d.c[i] = d.c[i]! + f
        if (d.s) d.s[i] = d.s[i]! + x * f
      }
    })
    if (dt > 0) d.t = at
  }
  const addType = (ts: TypeState, at: number, value: number) => {
    ts.n++
    ts.v += value
    if (ts.last === null || at > ts.last) ts.last = at
    add(ts.d, at, value)
  }
  for (const e of events) {
    const at = e.timestamp
    const value = e.value ?? 0
    const inOrder = state.last === null || at >= state.last
    state.n++
    state.value += value
    if (state.first === null || at < state.first) state.first = at
    add(state.all, at, value)
    const slot = cfg.eventTypes.indexOf(e.type)
    addType(state.types[slot < 0 ? cfg.eventTypes.length : slot]!, at, value)
    if (goal.matches(e)) addType(state.outcome, at, value)
    goal.customEvents.forEach((c, i) => c.matches(e) && addType(state.custom[i]!, at, value))
    const session = state.session
    if (inOrder) {
      state.last = at
      const day = Math.floor(at / DAY)
      if (day !== state.lastDay) {
        state.days++
        state.lastDay = day
      }
      if (session.end === null || at - session.end > cfg.sessionGapMinutes * 60_000) {
        session.n++
        add(session.d, at, 0)
        session.start = at
        session.events = 0
        session.value = 0
        session.items = []
      }
      session.end = at
    } else {
      state.late++
      if (session.start === null || at < session.start) continue
    }
    session.events++
    session.value += value
    if (e.item !== undefined && session.items.length < cfg.maxSessionItems && !session.items.includes(e.item)) session.items.push(e.item)
  }
  return state
}

// Two engines: the fixtures' (3 learned types, 5 half-lives, a typed custom event), and one with other
// half-lives, short visits, 2 items per visit, an outcome of two types and a custom event of any type.
const otherGoal: GoalSpec = {
  name: 'signup-or-buy', propensity: 'conversion', window: '7d',
  outcome: { anyOf: [{ type: 'purchase', where: [{ field: 'value', op: '>', value: 0 }] }, { type: 'signup' }] },
  customEvents: [
    { name: 'Viewed pricing', type: 'pageView', where: [{ field: 'attributes.page', op: 'contains', value: 'pricing' }] },
    { name: 'Big value', where: [{ field: 'value', op: '>=', value: 100 }] },
  ],
}
const engines = [
  createFeatureEngine(compileGoal(purchaseGoal), config),
  createFeatureEngine(compileGoal(otherGoal), createFeatureConfig({ eventTypes: ['pageView', 'signup'], halfLivesHours: [0.25, 6, 100.5], sessionGapMinutes: 5, maxSessionItems: 2 })),
]

const VISIT = 30 * 60_000
/** Gaps between consecutive events: none, sub-millisecond, around the visit cut-offs, hours, and years (factors that underflow). */
const arbGap = fc.oneof(
  fc.constant(0),
  fc.double({ min: 0, max: 2, noNaN: true }),
  fc.integer({ min: 1, max: 120_000 }),
  fc.constantFrom(5 * 60_000, 5 * 60_000 + 1, VISIT - 1, VISIT, VISIT + 1),
  fc.integer({ min: HOUR, max: 3 * DAY }),
  fc.integer({ min: 20 * DAY, max: 3 * 365 * DAY }),
)
const arbEventBody = fc.record({
  type: fc.constantFrom('pageView', 'pageView', 'addToCart', 'purchase', 'signup', 'search'),
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

  it('builds the very state of the reference, bit for bit (decay factors are reused only for equal gaps)', () => {
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

  it('keeps the decay factors of each engine apart (engines updated in turn)', () => {
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
