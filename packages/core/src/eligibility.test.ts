import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AuspexError } from './errors.ts'
import { createFeatureConfig, learnEventTypes } from './feature-config.ts'
import { createFeatureEngine } from './feature-engine.ts'
import { compileGoal, typesNamedBy } from './goal.ts'
import type { GoalSpec } from './goal-types.ts'
import { buildState } from './replay.ts'
import { DAY, ev, T0 } from './test-support/fixtures.ts'

const withdrawal: GoalSpec = {
  name: 'withdraw-30d', propensity: 'conversion', window: '30d',
  outcome: { anyOf: [{ type: 'withdraw' }] },
  eligible: { activeWithin: '60d', require: [{ type: 'enrol' }], exclude: [{ type: 'complaint', within: '7d' }], afterOutcome: 'exclude' },
}
const goal = compileGoal(withdrawal)
const engine = createFeatureEngine(goal, createFeatureConfig({ eventTypes: ['pageView', 'enrol', 'withdraw', 'complaint'] }))
const eligibleAt = (events: ReturnType<typeof ev>[], at: number) => goal.isEligible(buildState(engine, events, at), at)

describe('eligibility as Customer AI defines it', () => {
  it('requires a history condition, refuses an excluded one within its window, and excludes profiles after a one-time outcome', () => {
    const now = T0 + 20 * DAY
    expect(eligibleAt([ev(0, 'pageView')], now)).toBe(false) // never enrolled
    expect(eligibleAt([ev(0, 'enrol'), ev(DAY, 'pageView')], now)).toBe(true)
    expect(eligibleAt([ev(0, 'enrol'), ev(15 * DAY, 'complaint')], now)).toBe(false) // complaint 5 days ago
    expect(eligibleAt([ev(0, 'enrol'), ev(5 * DAY, 'complaint')], now)).toBe(true) // 15 days ago: outside 7d
    expect(eligibleAt([ev(0, 'enrol'), ev(2 * DAY, 'withdraw'), ev(3 * DAY, 'pageView')], now)).toBe(false) // already had it
    expect(eligibleAt([ev(0, 'enrol')], T0 + 61 * DAY)).toBe(false) // inactive
  })

  it('keeps profiles after the outcome by default (a recurring outcome)', () => {
    const recurring = compileGoal({ ...withdrawal, eligible: { activeWithin: '60d' } })
    const e = createFeatureEngine(recurring, createFeatureConfig({ eventTypes: ['withdraw'] }))
    expect(recurring.afterOutcome).toBe('keep')
    expect(recurring.isEligible(buildState(e, [ev(0, 'withdraw')]), T0 + DAY)).toBe(true)
  })

  it('never looks at events at or after the moment scored', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 * DAY }), fc.constantFrom('pageView', 'enrol', 'withdraw', 'complaint'))), fc.integer({ min: 1, max: 40 * DAY }), (steps, cut) => {
      const events = steps.map(([t, type]) => ev(t, type))
      const at = T0 + cut
      const past = events.filter((e) => e.timestamp < at)
      expect(eligibleAt(events, at)).toBe(eligibleAt(past, at))
    }))
  })

  it('validates conditions with their JSON path', () => {
    const bad = (eligible: unknown) => {
      try {
        compileGoal({ ...withdrawal, eligible })
      } catch (e) {
        return (e as AuspexError).path
      }
      return 'accepted'
    }
    expect(bad({ afterOutcome: 'drop' })).toBe('eligible.afterOutcome')
    expect(bad({ require: [{ type: 'enrol', within: 'soon' }] })).toBe('eligible.require[0].within')
    expect(bad({ exclude: [{ type: 'x', when: '1d' }] })).toBe('eligible.exclude[0].when')
    expect(bad({ require: {} })).toBe('eligible.require')
  })

  it('aliases in conditions speak the vocabulary, and the goal names its types for the model to know', () => {
    const g = compileGoal({ ...withdrawal, eligible: { require: [{ type: 'Order Completed' }] } })
    expect(g.spec.eligible?.require?.[0]?.type).toBe('purchase')
    expect(typesNamedBy(withdrawal)).toEqual(['withdraw', 'enrol', 'complaint'])
  })
})

describe('learned vocabulary', () => {
  it('puts canonical types first, then custom ones by frequency, and always keeps the types the goal names', () => {
    const counts = { purchase: 10, addToCart: 50, signup: 5, login: 900, share: 3, withdraw: 1 }
    expect(learnEventTypes(counts)).toEqual(['addToCart', 'purchase', 'login', 'signup', 'share', 'withdraw'])
    expect(learnEventTypes(counts, 3)).toEqual(['addToCart', 'purchase', 'login'])
    expect(learnEventTypes(counts, 3, ['withdraw'])).toEqual(['addToCart', 'purchase', 'withdraw'])
    expect(learnEventTypes(counts, 3, ['never-seen'])).toEqual(['addToCart', 'purchase', 'never-seen'])
  })
})
