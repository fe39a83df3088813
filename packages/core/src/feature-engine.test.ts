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
    for (const code of ['days_since_purchase', 'count_addtocart_1d', 'count_pageview_30d', 'value_purchase_90d', 'visit_addtocart', 'sessions_7d', 'sessions_90d', 'tenure_days', 'session_items', 'custom_viewed_pricing_total', 'days_since_custom_viewed_pricing', 'hour_of_day', 'day_of_week']) {
      expect(codes).toContain(code)
    }
    // no pooled "other" type, no money features for types that carry no money, no outcome features that
    // repeat the outcome type's own (one factor per fact)
    expect(codes.filter((c) => /other|value_pageview|value_addtocart|^outcome_|days_since_outcome/.test(c))).toEqual([])
    for (const f of engine.spec) {
      expect(f.template).toContain('{value}')
      expect(f.name.length).toBeGreaterThan(3)
    }
  })
  it('keeps outcome features when the outcome is not just one known type', () => {
    const twoTypes = createFeatureEngine(compileGoal({ ...purchaseGoal, outcome: { anyOf: [{ type: 'purchase' }, { type: 'signup' }] } }), config)
    expect(twoTypes.spec.map((f) => f.code)).toEqual(expect.arrayContaining(['outcome_total', 'days_since_outcome', 'outcome_30d']))
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
    expect(fillTemplate('{value} event{s} per visit on average', 1.54, 'average')).toBe('1.5 events per visit on average')
    expect(fillTemplate('Last purchase {value}', Number.NaN, 'days', 'No purchase yet')).toBe('No purchase yet')
    expect(fillTemplate('Last purchase {value}', 0.3, 'days')).toBe('Last purchase today')
    expect(fillTemplate('Last purchase {value}', 1.2, 'days')).toBe('Last purchase yesterday')
    expect(fillTemplate('Last purchase {value}', 12.9, 'days')).toBe('Last purchase 12 days ago')
  })
  it('shows money with its currency when known', () => {
    expect(fillTemplate('Spent {value} in total', 6.55, 'currency', undefined, 'GBP')).toBe('Spent £6.55 in total')
    expect(fillTemplate('Spent {value} in total', 6311.4, 'currency', undefined, 'GBP')).toBe('Spent £6,311 in total')
    expect(fillTemplate('Spent {value} in total', 12.5, 'currency', undefined, 'USD')).toBe('Spent $12.50 in total')
    expect(fillTemplate('Spent {value} in total', 12.5, 'currency')).toBe('Spent 12.50 in total')
  })
  it('says no fractional count in any label', () => {
    for (const f of engine.spec.filter((d) => d.unit === 'count')) expect(fillTemplate(f.template, 2.4, f.unit)).not.toMatch(/\d\.\d/)
  })
  it('leaves no placeholder in any default label', () => {
    const engine = createFeatureEngine(compileGoal(purchaseGoal), config)
    for (const f of engine.spec) for (const v of [0, 1, 2.5]) expect(fillTemplate(f.template, v, f.unit, f.missing)).not.toMatch(/[{}]/)
  })
})

describe('features', () => {
  it('reads window counts, recency, visits, money and custom events', () => {
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
    expect(at(f, 'count_addtocart_1d')).toBe(0) // two days ago: not today
    expect(at(f, 'count_addtocart_7d')).toBe(1)
    expect(at(f, 'count_pageview_1d')).toBe(1)
    expect(at(f, 'events_7d')).toBe(4)
    expect(at(f, 'sessions_7d')).toBe(2)
    expect(at(f, 'days_since_purchase')).toBeCloseTo((2 * DAY + HOUR - 10 * 60_000) / DAY, 5)
    expect(at(f, 'days_since_addtocart')).toBeCloseTo((2 * DAY + HOUR - 5 * 60_000) / DAY, 5)
    // money is what was bought: the carted item's price is not spend
    expect(at(f, 'value_total')).toBe(10)
    expect(at(f, 'value_purchase_7d')).toBe(10)
    expect(at(f, 'value_per_session')).toBe(5)
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
    expect(at(f, 'visit_pageview')).toBe(2)
    expect(at(f, 'in_session')).toBe(1)
    expect(at(f, 'session_events')).toBe(2) // the search is of a type this model does not know
    expect(at(f, 'session_items')).toBe(2)
    expect(at(f, 'session_minutes')).toBeCloseTo(10, 5)
  })

  it('nets returns out of the money and counts windows exactly', () => {
    const events = [ev(0, 'purchase', { value: 100 }), ev(DAY, 'return', { value: -30 }), ev(40 * DAY, 'purchase', { value: 5 })]
    const withReturns = createFeatureEngine(compileGoal(purchaseGoal), { ...config, eventTypes: ['purchase', 'return'] })
    const f = withReturns.features(buildState(withReturns, events), T0 + 40 * DAY + HOUR)
    const get = (code: string) => f[withReturns.spec.findIndex((d) => d.code === code)]!
    expect(get('value_total')).toBe(75)
    expect(get('value_return_total')).toBe(30)
    expect(get('count_purchase_30d')).toBe(1)
    expect(get('count_purchase_90d')).toBe(2)
    expect(get('value_purchase_90d')).toBe(105)
  })

  it('ignores events of types the model does not know, activity included', () => {
    const s = buildState(engine, [ev(0, 'purchase', { value: 5 }), ev(DAY, 'search'), ev(DAY + 1, 'signup', { value: 99 })])
    expect(engine.knows('search')).toBe(false)
    expect(engine.knows('purchase')).toBe(true)
    expect(s.unknown).toBe(2)
    expect(s.n).toBe(1)
    expect(s.last).toBe(T0)
    expect(s.session.n).toBe(1)
    expect(s.value).toBe(5)
  })

  it('starts a new session after a 30-minute gap', () => {
    const s = buildState(engine, [ev(0, 'pageView'), ev(30 * 60_000, 'pageView'), ev(61 * 60_000, 'pageView')])
    expect(s.session.n).toBe(2)
    expect(s.session.events).toBe(1)
  })
})

describe('reducer properties', () => {
  it('window counts equal the brute-force count of the last N UTC days, whatever the arrival order', () => {
    fc.assert(fc.property(arbEvents, fc.integer({ min: 0, max: 120 * DAY }), (events, later) => {
      const state = replayInOrder(events)
      const last = events.reduce((m, e) => Math.max(m, e.timestamp), T0)
      const now = last + later
      const f = engine.features(state, now)
      const today = Math.floor(now / DAY)
      const inWindow = (e: AuspexEvent, days: number) => Math.floor(e.timestamp / DAY) > today - days
      for (const [code, type, days] of [['count_purchase_7d', 'purchase', 7], ['count_pageview_1d', 'pageView', 1], ['count_addtocart_90d', 'addToCart', 90]] as const) {
        expect(at(f, code), code).toBe(events.filter((e) => e.type === type && inWindow(e, days)).length)
      }
      const spent = events.filter((e) => e.type === 'purchase' && inWindow(e, 30)).reduce((sum, e) => sum + (e.value ?? 0), 0)
      expect(Math.abs(at(f, 'value_purchase_30d') - spent)).toBeLessThanOrEqual(1e-3)
      expect(at(f, 'events_total')).toBe(events.filter((e) => e.type !== 'search').length)
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
      for (const code of engine.spec.map((f) => f.code).filter((c) => /^(count_|value_|days_since_|events_|custom_|tenure)/.test(c) && !c.endsWith('_per_session'))) {
        const x = at(a, code)
        const y = at(b, code)
        if (Number.isNaN(y)) expect(x).toBeNaN()
        else expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(y)))
      }
      const known = events.filter((e) => engine.knows(e.type))
      expect(shuffled.late).toBe(known.filter((e, i) => known.slice(0, i).some((p) => p.timestamp > e.timestamp)).length)
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
