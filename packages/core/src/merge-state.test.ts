import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { AuspexEvent } from './event.ts'
import { createFeatureConfig } from './feature-config.ts'
import { createFeatureEngine, type FeatureEngine } from './feature-engine.ts'
import { STATE_VERSION, type FeatureState } from './feature-state.ts'
import { compileGoal } from './goal.ts'
import type { GoalSpec } from './goal-types.ts'
import { mergeState } from './merge-state.ts'
import { buildState } from './replay.ts'
import { config, DAY, HOUR, purchaseGoal, T0 } from './test-support/fixtures.ts'

// The fixtures' engine (90-day horizon, 30-minute visits, 50 items) and a tight one: a 10-day horizon,
// 5-minute visits, 2 items per visit, an outcome of two types, history conditions and an untyped custom event.
const tightGoal: GoalSpec = {
  name: 'signup-or-buy', propensity: 'conversion', window: '7d',
  outcome: { anyOf: [{ type: 'purchase' }, { type: 'signup' }] },
  eligible: { require: [{ type: 'pageView', within: '3d' }], exclude: [{ type: 'return' }] },
  customEvents: [{ name: 'Big value', where: [{ field: 'value', op: '>=', value: 100 }] }],
}
const engines = [
  createFeatureEngine(compileGoal(purchaseGoal), config),
  createFeatureEngine(compileGoal(tightGoal), createFeatureConfig({ eventTypes: ['pageView', 'signup', 'return', 'purchase'], windowsDays: [3, 10], sessionGapMinutes: 5, maxSessionItems: 2 })),
]

/** Gaps of at least 1 ms (distinct times): within a visit, around both visit gaps, hours, days, past the horizons. */
const arbGap = fc.oneof(
  fc.integer({ min: 1, max: 120_000 }),
  fc.constantFrom(5 * 60_000, 5 * 60_000 + 1, 30 * 60_000, 30 * 60_000 + 1),
  fc.integer({ min: HOUR, max: 3 * DAY }),
  fc.constantFrom(9 * DAY, 10 * DAY, 11 * DAY, 89 * DAY, 91 * DAY),
)
const arbBody = fc.record({
  type: fc.constantFrom('pageView', 'pageView', 'addToCart', 'purchase', 'signup', 'return', 'search'),
  value: fc.option(fc.oneof(fc.integer({ min: -50, max: 500 }), fc.double({ min: 0, max: 1e4, noNaN: true })), { nil: undefined }),
  item: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
  page: fc.constantFrom('/home', '/pricing'),
})
/** Events in time order, each with a side (A or B) for the interleaved partitions. */
const arbEvents = (maxGap = arbGap) => fc.array(fc.tuple(maxGap, arbBody, fc.boolean()), { maxLength: 50 }).map((steps) => {
  let t = T0
  return steps.map(([gap, { type, value, item, page }, side]) => {
    t += gap
    const event: AuspexEvent = { profileId: 'p1', timestamp: t, type, ...(value === undefined ? {} : { value }), ...(item === undefined ? {} : { item }), attributes: { page } }
    return { event, side }
  })
})

/** Where `got` differs from `want`: deep equality, numbers within 1e-9 relative (money is summed in another order), NaN equal to NaN. */
function differences(got: unknown, want: unknown, path: string, out: string[]): string[] {
  if (typeof want === 'number' && typeof got === 'number') {
    const same = Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))
    if (!same) out.push(`${path}: ${got} vs ${want}`)
  } else if (typeof want !== 'object' || want === null || typeof got !== 'object' || got === null) {
    if (!Object.is(got, want)) out.push(`${path}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`)
  } else {
    const keys = new Set([...Object.keys(got), ...Object.keys(want)])
    for (const key of keys) differences((got as Record<string, unknown>)[key], (want as Record<string, unknown>)[key], `${path}.${key}`, out)
  }
  return out
}
const expectClose = (got: unknown, want: unknown, path = 'state') => expect(differences(got, want, path, [])).toEqual([])

const nowsAfter = (events: readonly AuspexEvent[]) => {
  const last = events.length === 0 ? T0 : events[events.length - 1]!.timestamp
  return [last + 1, last + 60_000, last + 2 * HOUR, last + 5 * DAY, last + 400 * DAY]
}

function expectFeaturesClose(engine: FeatureEngine, got: FeatureState, want: FeatureState, nows: number[], skip: (code: string) => boolean = () => false): void {
  for (const now of nows) {
    const g = engine.features(got, now)
    const w = engine.features(want, now)
    const out: string[] = []
    engine.spec.forEach((f, i) => {
      if (!skip(f.code)) differences(g[i], w[i], `${f.code} at ${now}`, out)
    })
    expect(out).toEqual([])
  }
}

describe('mergeState of two sides apart in time (the identify case: a batch state, then the device events after it)', () => {
  it('equals the state of the union, every field, and so does every feature', () => {
    fc.assert(fc.property(fc.constantFrom(...engines), arbEvents(), fc.nat(), (engine, tagged, cut) => {
      const events = tagged.map(({ event }) => event)
      const split = events.length === 0 ? 0 : cut % (events.length + 1)
      const before = buildState(engine, events.slice(0, split))
      const after = buildState(engine, events.slice(split))
      const union = buildState(engine, events)
      const merged = mergeState(before, after, engine.config)
      expectClose(merged, union)
      expectClose(mergeState(after, before, engine.config), union)
      expectFeaturesClose(engine, merged, union, nowsAfter(events))
    }), { numRuns: 300 })
  }, 60_000)

  it('joins the visit that spans the cut: one visit, not two, and its items and counts are whole', () => {
    const engine = engines[0]!
    const events: AuspexEvent[] = [
      { profileId: 'p', timestamp: T0, type: 'pageView', item: 'a' },
      { profileId: 'p', timestamp: T0 + 60_000, type: 'addToCart', item: 'b', value: 5 },
      { profileId: 'p', timestamp: T0 + 120_000, type: 'purchase', item: 'a', value: 12.5 },
    ]
    const merged = mergeState(buildState(engine, events.slice(0, 2)), buildState(engine, events.slice(2)), engine.config)
    expect(merged.session).toEqual({ n: 1, start: T0, end: T0 + 120_000, events: 3, value: 12.5, items: ['a', 'b'], types: [1, 1, 1] })
    expect(merged.visits).toEqual([1])
    expect(merged.days).toBe(1)
  })
})

describe('mergeState of interleaved sides (any two disjoint event sets)', () => {
  // Visits cannot be rebuilt from two states when the sides interleave (see merge-state.ts)
  const visitLevel = (code: string) => /session|visit/.test(code)
  // Gaps of at most a day: 50 events span < 50 days, within the 90-day horizon where `days` stays exact
  const arbNear = fc.oneof(fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: HOUR, max: DAY }))

  it('is exact for every order-independent aggregate and every feature that does not read visits', () => {
    fc.assert(fc.property(fc.constantFrom(...engines), arbEvents(arbNear), (engine, tagged) => {
      const events = tagged.map(({ event }) => event)
      const a = buildState(engine, tagged.filter(({ side }) => side).map(({ event }) => event))
      const b = buildState(engine, tagged.filter(({ side }) => !side).map(({ event }) => event))
      const union = buildState(engine, events)
      const merged = mergeState(a, b, engine.config)
      const { session: _m, visits: _mv, days: md, ...exact } = merged
      const { session: _u, visits: _uv, days: ud, ...want } = union
      expectClose(exact, want)
      const span = events.length === 0 ? 0 : events[events.length - 1]!.timestamp - events[0]!.timestamp
      if (span < Math.max(...engine.config.windowsDays) * DAY - DAY) expect(md).toBe(ud)
      expect(merged.session.end).toBe(union.session.end) // the newest visit ends with the newest event
      expectFeaturesClose(engine, merged, union, nowsAfter(events), visitLevel)
      expectClose(mergeState(b, a, engine.config), merged)
    }), { numRuns: 300 })
  }, 60_000)

  it('counts a day both sides were active on once', () => {
    const engine = engines[0]!
    const at = (h: number, type: string): AuspexEvent => ({ profileId: 'p', timestamp: T0 + h * HOUR, type })
    const a = buildState(engine, [at(0, 'pageView'), at(30, 'pageView'), at(50, 'pageView')])
    const b = buildState(engine, [at(2, 'addToCart'), at(26, 'pageView')])
    expect(mergeState(a, b, engine.config).days).toBe(buildState(engine, [at(0, 'pageView'), at(2, 'addToCart'), at(26, 'pageView'), at(30, 'pageView'), at(50, 'pageView')]).days)
    expect(mergeState(a, b, engine.config).days).toBe(3)
  })
})

describe('mergeState refuses what it cannot merge', () => {
  const engine = engines[0]!
  const state = buildState(engine, [{ profileId: 'p', timestamp: T0, type: 'pageView' }])

  it('refuses states of another format version with UNSUPPORTED_FORMAT_VERSION', () => {
    expect(() => mergeState({ ...state, v: STATE_VERSION - 1 }, state, engine.config)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT_VERSION' }))
    expect(() => mergeState(state, { ...state, v: STATE_VERSION + 1 }, engine.config)).toThrow(/state b has format version 3/)
  })

  it('refuses states built for other features with STATE_MISMATCH', () => {
    const other = buildState(engines[1]!, [{ profileId: 'p', timestamp: T0, type: 'pageView' }])
    expect(() => mergeState(state, other, engine.config)).toThrow(expect.objectContaining({ code: 'STATE_MISMATCH' }))
    expect(() => mergeState(state, state, engines[1]!.config)).toThrow(expect.objectContaining({ code: 'STATE_MISMATCH' }))
  })

  it('leaves both inputs as they were', () => {
    const later = buildState(engine, [{ profileId: 'p', timestamp: T0 + 60_000, type: 'purchase', value: 3, item: 'x' }])
    const [copyA, copyB] = [structuredClone(state), structuredClone(later)]
    const merged = mergeState(state, later, engine.config)
    merged.session.items.push('y')
    merged.types[0]!.c[0]!++
    expect(state).toEqual(copyA)
    expect(later).toEqual(copyB)
  })
})
