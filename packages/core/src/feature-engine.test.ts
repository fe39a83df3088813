import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createFeatureEngine } from './feature-engine.ts'
import { compileGoal } from './goal.ts'
import { buildState } from './replay.ts'
import { fillTemplate } from './feature-labels.ts'
import type { AuspexEvent } from './event.ts'
import { sortByTime } from './event.ts'
import { config, DAY, ev, HOUR, purchaseGoal, T0 } from './test-support/fixtures.ts'

const engine = createFeatureEngine(compileGoal(purchaseGoal), config)
const at = (features: Float32Array, code: string) => {
  const i = engine.spec.findIndex((f) => f.code === code)
  if (i < 0) throw new Error(`no feature ${code}`)
  return features[i]!
}

const arbEvent = fc.record({
  offset: fc.integer({ min: 0, max: 60 * DAY }),
  type: fc.constantFrom('pageView', 'addToCart', 'purchase', 'search'),
  value: fc.option(fc.integer({ min: -50, max: 500 }), { nil: undefined }),
  item: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
  page: fc.constantFrom('/home', '/pricing', '/cart'),
}).map(({ offset, type, value, item, page }): AuspexEvent => ev(offset, type, {
  ...(value === undefined ? {} : { value }), ...(item === undefined ? {} : { item }), attributes: { page },
}))
const arbEvents = fc.array(arbEvent, { maxLength: 40 })

function replayInOrder(events: readonly AuspexEvent[]) {
  const state = engine.init()
  for (const e of events) engine.update(state, e)
  return state
}

describe('feature spec', () => {
  it('has stable, unique codes with labels and units, learned types and custom events included', () => {
    const codes = engine.spec.map((f) => f.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of ['days_since_purchase', 'count_addtocart_1h', 'count_pageview_30d', 'value_purchase_90d', 'count_other_total', 'sessions_7d', 'tenure_days', 'session_items', 'outcome_total', 'days_since_outcome', 'custom_viewed_pricing_total', 'days_since_custom_viewed_pricing', 'hour_of_day', 'day_of_week']) {
      expect(codes).toContain(code)
    }
    for (const f of engine.spec) {
      expect(f.template).toContain('{value}')
      expect(f.name.length).toBeGreaterThan(3)
    }
  })
  it('keys states by config and goal', () => {
    const other = createFeatureEngine(compileGoal(purchaseGoal), { ...config, eventTypes: ['purchase'] })
    expect(other.key).not.toBe(engine.key)
    expect(() => other.assertState(engine.init())).toThrow(/STATE_MISMATCH|other features/)
  })
})

describe('labels', () => {
  it('fills the value and a plural ending that agrees with the number shown', () => {
    expect(fillTemplate('{value} visit{s} in total', 1, 'count')).toBe('1 visit in total')
    expect(fillTemplate('{value} visit{s} in total', 2, 'count')).toBe('2 visits in total')
    expect(fillTemplate('Active on {value} day{s}', 1.5, 'count')).toBe('Active on 1.5 days')
    expect(fillTemplate('Last purchase {value} day{s} ago', Number.NaN, 'days', 'No purchase yet')).toBe('No purchase yet')
  })
  it('leaves no placeholder in any default label', () => {
    const engine = createFeatureEngine(compileGoal(purchaseGoal), config)
    for (const f of engine.spec) for (const v of [0, 1, 2.5]) expect(fillTemplate(f.template, v, f.unit, f.missing)).not.toMatch(/[{}]/)
  })
})

describe('features', () => {
  it('reads decayed counts, recency, sessions, value and custom events', () => {
    const events = [
      ev(0, 'pageView', { attributes: { page: '/pricing' } }),
      ev(5 * 60_000, 'addToCart', { item: 'a', value: 10 }),
      ev(10 * 60_000, 'purchase', { item: 'a', value: 10 }),
      ev(2 * DAY, 'pageView', { item: 'b' }),
    ]
    const now = T0 + 2 * DAY + HOUR
    const f = engine.features(buildState(engine, events), now)
    expect(at(f, 'events_total')).toBe(4)
    expect(at(f, 'sessions_total')).toBe(2)
    expect(at(f, 'active_days')).toBe(2)
    expect(at(f, 'count_addtocart_total')).toBe(1)
    expect(at(f, 'count_addtocart_1d')).toBeCloseTo(2 ** -((2 * DAY + HOUR - 5 * 60_000) / DAY), 6)
    expect(at(f, 'days_since_purchase')).toBeCloseTo((2 * DAY + HOUR - 10 * 60_000) / DAY, 5)
    expect(at(f, 'days_since_addtocart')).toBeCloseTo((2 * DAY + HOUR - 5 * 60_000) / DAY, 5)
    expect(at(f, 'days_since_outcome')).toBeCloseTo(at(f, 'days_since_purchase'), 6)
    expect(at(f, 'value_total')).toBe(20)
    expect(at(f, 'value_per_session')).toBe(10)
    expect(at(f, 'custom_viewed_pricing_total')).toBe(1)
    expect(at(f, 'in_session')).toBe(0)
    expect(at(f, 'last_session_events')).toBe(1)
    expect(at(f, 'tenure_days')).toBeCloseTo((2 * DAY + HOUR) / DAY, 5)
    expect(at(f, 'hour_of_day')).toBe(10)
    expect(at(f, 'day_of_week')).toBe(3)
  })

  it('marks what never happened as NaN, and reads a current session', () => {
    const f = engine.features(buildState(engine, [ev(0, 'pageView', { item: 'a' }), ev(60_000, 'pageView', { item: 'b' }), ev(120_000, 'search', { item: 'a' })]), T0 + 10 * 60_000)
    expect(at(f, 'days_since_purchase')).toBeNaN()
    expect(at(f, 'count_other_total')).toBe(1)
    expect(at(f, 'in_session')).toBe(1)
    expect(at(f, 'session_events')).toBe(3)
    expect(at(f, 'session_items')).toBe(2)
    expect(at(f, 'session_minutes')).toBeCloseTo(10, 5)
  })

  it('starts a new session after a 30-minute gap', () => {
    const s = buildState(engine, [ev(0, 'pageView'), ev(30 * 60_000, 'pageView'), ev(61 * 60_000, 'pageView')])
    expect(s.session.n).toBe(2)
    expect(s.session.events).toBe(1)
  })
})

describe('reducer properties', () => {
  it('decayed counters equal the brute-force sum, whatever the arrival order (out-of-order rule)', () => {
    fc.assert(fc.property(arbEvents, fc.integer({ min: 0, max: 90 * DAY }), (events, later) => {
      const state = replayInOrder(events)
      const last = events.reduce((m, e) => Math.max(m, e.timestamp), T0)
      const now = last + later
      const f = engine.features(state, now)
      for (const [code, type, hours] of [['count_purchase_7d', 'purchase', 168], ['count_pageview_1h', 'pageView', 1], ['count_other_30d', 'search', 720]] as const) {
        const expected = events.filter((e) => e.type === type).reduce((sum, e) => sum + 2 ** (-(now - e.timestamp) / (hours * HOUR)), 0)
        expect(Math.abs(at(f, code) - expected)).toBeLessThanOrEqual(1e-5 * Math.max(1, expected))
      }
      expect(at(f, 'events_total')).toBe(events.length)
    }))
  })

  it('order-independent aggregates do not depend on arrival order', () => {
    fc.assert(fc.property(arbEvents, (events) => {
      if (events.length === 0) return
      const shuffled = replayInOrder(events)
      const sorted = replayInOrder(sortByTime(events))
      const now = Math.max(...events.map((e) => e.timestamp)) + DAY
      const a = engine.features(shuffled, now)
      const b = engine.features(sorted, now)
      for (const code of engine.spec.map((f) => f.code).filter((c) => /^(count_|value_|days_since_|events_|outcome_|custom_|tenure)/.test(c) && !c.endsWith('_per_session'))) {
        const x = at(a, code)
        const y = at(b, code)
        if (Number.isNaN(y)) expect(x).toBeNaN()
        else expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(y)))
      }
      expect(shuffled.late).toBe(events.filter((e, i) => events.slice(0, i).some((p) => p.timestamp > e.timestamp)).length)
    }))
  })

  it('feeding events one by one equals the batch replay', () => {
    fc.assert(fc.property(arbEvents, (events) => {
      const sorted = sortByTime(events)
      const state = engine.init()
      for (const e of sorted) engine.update(state, e)
      expect(state).toEqual(buildState(engine, events))
    }))
  })

  it('state is plain JSON: a round-tripped state continues exactly like the original', () => {
    fc.assert(fc.property(arbEvents, arbEvents, (first, second) => {
      const a = buildState(engine, first)
      const b = JSON.parse(JSON.stringify(a))
      expect(b).toEqual(a)
      for (const e of sortByTime(second)) {
        engine.update(a, e)
        engine.update(b, e)
      }
      const now = T0 + 61 * DAY
      expect(engine.features(b, now)).toEqual(engine.features(a, now))
    }))
  })

  it('no event at or after now ever changes features(state, now) (point-in-time replay)', () => {
    fc.assert(fc.property(arbEvents, arbEvents, fc.integer({ min: 0, max: 60 * DAY }), (past, extra, cut) => {
      const now = T0 + cut
      const future = extra.map((e) => ({ ...e, timestamp: now + (e.timestamp - T0) }))
      const clean = buildState(engine, past, now)
      const mixed = buildState(engine, [...past, ...future], now)
      expect(engine.features(mixed, now)).toEqual(engine.features(clean, now))
    }))
  })

  it('never yields an infinite feature', () => {
    fc.assert(fc.property(arbEvents, fc.integer({ min: 0, max: 400 * DAY }), (events, later) => {
      const f = engine.features(buildState(engine, events), T0 + later)
      expect(Array.from(f).every((x) => Number.isNaN(x) || Number.isFinite(x))).toBe(true)
    }))
  })
})
