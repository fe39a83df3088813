import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AuspexError } from './errors.ts'
import { compileGoal } from './goal.ts'
import { parseGoal } from './goal-parse.ts'
import { compileCondition } from './condition.ts'
import { parseDuration } from './duration.ts'
import type { AuspexEvent } from './event.ts'
import { DAY, ev, purchaseGoal, T0 } from './test-support/fixtures.ts'

function errorOf(fn: () => unknown): AuspexError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AuspexError) return error
    throw error
  }
  throw new Error('expected an AuspexError')
}

describe('parseGoal', () => {
  it('accepts the DESIGN.md goal', () => {
    expect(parseGoal(purchaseGoal)).toEqual(purchaseGoal)
  })

  it('names the JSON path of a bad operator, with the valid ones', () => {
    const goal = JSON.parse(JSON.stringify(purchaseGoal)) as unknown as { outcome: { anyOf: Array<{ where: unknown[] }> } }
    goal.outcome.anyOf[0]!.where.push({ field: 'value', op: '==', value: 1 })
    const error = errorOf(() => parseGoal(goal))
    expect(error.code).toBe('INVALID_GOAL')
    expect(error.path).toBe('outcome.anyOf[0].where[1].op')
    expect(error.message).toBe('outcome.anyOf[0].where[1].op: unknown operator "=="; expected one of = != > >= < <= in contains exists')
  })

  it.each([
    [{ ...purchaseGoal, name: 'Purchase 30d!' }, 'name'],
    [{ ...purchaseGoal, propensity: 'upsell' }, 'propensity'],
    [{ ...purchaseGoal, outcome: {} }, 'outcome'],
    [{ ...purchaseGoal, outcome: { anyOf: [] } }, 'outcome.anyOf'],
    [{ ...purchaseGoal, outcome: { allOf: [{}] } }, 'outcome.allOf[0]'],
    [{ ...purchaseGoal, outcome: { anyOf: [{ type: 'x', where: [{ field: 'colour', op: '=', value: 1 }] }] } }, 'outcome.anyOf[0].where[0].field'],
    [{ ...purchaseGoal, outcome: { anyOf: [{ type: 'x', where: [{ field: 'value', op: 'in', value: 3 }] }] } }, 'outcome.anyOf[0].where[0].value'],
    [{ ...purchaseGoal, window: '30 days' }, 'window'],
    [{ ...purchaseGoal, eligible: { activeWithin: '-1d' } }, 'eligible.activeWithin'],
    [{ ...purchaseGoal, eligible: { since: '1d' } }, 'eligible.since'],
    [{ ...purchaseGoal, customEvents: [{ name: '' }] }, 'customEvents[0].name'],
    [{ ...purchaseGoal, customEvents: [{ name: 'A', type: 'x' }, { name: 'A', type: 'y' }] }, 'customEvents[1].name'],
    [{ ...purchaseGoal, colour: 'red' }, 'colour'],
  ])('rejects a bad goal at %#, naming %s', (goal, path) => {
    expect(errorOf(() => compileGoal(goal)).path).toBe(path)
  })

  it('never throws anything but an AuspexError, whatever it is given', () => {
    fc.assert(fc.property(fc.anything(), (input) => {
      try {
        parseGoal(input)
      } catch (error) {
        expect(error).toBeInstanceOf(AuspexError)
      }
    }))
  })
})

describe('durations', () => {
  it('reads h and d', () => {
    expect(parseDuration('30d')).toBe(30 * DAY)
    expect(parseDuration('12h')).toBe(12 * 3_600_000)
    expect(parseDuration('1.5d')).toBe(1.5 * DAY)
    expect(errorOf(() => parseDuration('30m', 'window')).path).toBe('window')
  })
})

describe('conditions', () => {
  const e: AuspexEvent = { profileId: 'p', timestamp: T0, type: 'pageView', value: 10, item: 'SKU-1', attributes: { page: '/Pricing/plans', n: 3 } }
  it.each([
    ['value', '=', 10, true], ['value', '=', '10', true], ['value', '!=', 10, false], ['value', '>', 9, true], ['value', '>=', 10, true],
    ['value', '<', 10, false], ['value', '<=', 10, true], ['item', 'in', ['SKU-2', 'SKU-1'], true], ['item', 'in', ['SKU-2'], false],
    ['attributes.page', 'contains', 'pricing', true], ['attributes.page', 'contains', 'about', false],
    ['attributes.n', 'exists', undefined, true], ['attributes.missing', 'exists', undefined, false], ['attributes.missing', 'exists', false, true],
    ['attributes.missing', '>', 0, false], ['attributes.missing', '!=', 1, true], ['type', '=', 'pageView', true],
  ] as const)('%s %s %j → %s', (field, op, value, expected) => {
    expect(compileCondition({ field, op, value }).call(null, e)).toBe(expected)
  })
})

describe('compiled goal', () => {
  const goal = compileGoal(purchaseGoal)
  it('labels conversion and churn from the window events', () => {
    const churn = compileGoal({ ...purchaseGoal, name: 'churn-30d', propensity: 'churn' })
    const buy = [ev(0, 'purchase', { value: 5 })]
    const refund = [ev(0, 'purchase', { value: -5 })]
    expect(goal.label(buy)).toBe(1)
    expect(goal.label(refund)).toBe(0)
    expect(goal.label([])).toBe(0)
    expect(churn.label(buy)).toBe(0)
    expect(churn.label([])).toBe(1)
  })

  it('allOf needs every condition met by some event', () => {
    const g = compileGoal({ ...purchaseGoal, outcome: { allOf: [{ type: 'signup' }, { type: 'purchase' }] } })
    expect(g.label([ev(0, 'signup')])).toBe(0)
    expect(g.label([ev(0, 'signup'), ev(1, 'purchase')])).toBe(1)
    expect(g.matches(ev(0, 'signup'))).toBe(true)
  })

  it('eligibility: an event within activeWithin before now', () => {
    expect(goal.isEligible({ last: null }, T0)).toBe(false)
    expect(goal.isEligible({ last: T0 }, T0 + 45 * DAY)).toBe(true)
    expect(goal.isEligible({ last: T0 }, T0 + 46 * DAY)).toBe(false)
    expect(goal.isEligible({ last: T0 + 1 }, T0)).toBe(false)
    expect(compileGoal({ ...purchaseGoal, eligible: {} }).activeWithinMs).toBe(45 * DAY)
  })

  it('custom events compile to matchers', () => {
    expect(goal.customEvents[0]!.matches(ev(0, 'pageView', { attributes: { page: '/pricing' } }))).toBe(true)
    expect(goal.customEvents[0]!.matches(ev(0, 'pageView', { attributes: { page: '/home' } }))).toBe(false)
  })
})
