import { describe, expect, it } from 'vitest'
import { compileGoal } from './goal.ts'
import { normalizeEvent } from './event.ts'
import { fromXdm } from './xdm.ts'
import { CANONICAL_TYPES, GA4_EVENT_NAMES, SEGMENT_EVENT_NAMES, XDM_EVENT_NAMES, aliasesOf, canonicalType, monetarySign, roleOf } from './vocabulary.ts'

describe('event vocabulary', () => {
  it('maps every GA4, Segment and XDM name to a canonical type', () => {
    for (const table of [GA4_EVENT_NAMES, SEGMENT_EVENT_NAMES, XDM_EVENT_NAMES]) {
      for (const [alias, type] of Object.entries(table)) {
        expect(canonicalType(alias)).toBe(type)
        expect(Object.keys(CANONICAL_TYPES)).toContain(type)
      }
    }
    expect(canonicalType('add_to_cart')).toBe('addToCart')
    expect(canonicalType('Order Completed')).toBe('purchase')
    expect(canonicalType('commerce.purchases')).toBe('purchase')
    expect(canonicalType('refund')).toBe('return')
  })

  it('keeps canonical and custom names as they are', () => {
    for (const type of Object.keys(CANONICAL_TYPES)) expect(canonicalType(type)).toBe(type)
    expect(canonicalType('signup')).toBe('signup')
    expect(canonicalType('toString')).toBe('toString') // not an Object.prototype lookup
    expect(roleOf('toString')).toBe('custom')
  })

  it('gives roles and money signs', () => {
    expect(roleOf('productView')).toBe('view')
    expect(roleOf('addToCart')).toBe('cart')
    expect(roleOf('checkout')).toBe('checkout')
    expect(roleOf('signup')).toBe('custom')
    expect(monetarySign('purchase')).toBe(1)
    expect(monetarySign('return')).toBe(-1)
    expect(monetarySign('addToCart')).toBe(0)
    expect(aliasesOf('purchase')).toEqual(expect.arrayContaining(['purchase', 'Order Completed', 'commerce.purchases']))
  })

  it('normalizes event types and goal types through the same table', () => {
    const e = normalizeEvent({ profileId: 'p', timestamp: 1_300_000_000_000, type: 'Product Added' })
    expect(e.ok && e.event.type).toBe('addToCart')
    const goal = compileGoal({ name: 'g', propensity: 'conversion', window: '7d', outcome: { anyOf: [{ type: 'commerce.purchases' }] },
      customEvents: [{ name: 'Carted', where: [{ field: 'type', op: 'in', value: ['add_to_cart', 'Product Added'] }] }] })
    expect(goal.spec.outcome).toEqual({ anyOf: [{ type: 'purchase' }] })
    expect(goal.spec.customEvents?.[0]?.where?.[0]?.value).toEqual(['addToCart', 'addToCart'])
    expect(goal.matches({ profileId: 'p', timestamp: 0, type: 'purchase' })).toBe(true)
    expect(fromXdm({ eventType: 'commerce.productListAdds', _id: 'x', timestamp: '2020-01-01T00:00:00Z' }).type).toBe('addToCart')
  })
})
