import { describe, expect, it } from 'vitest'
import { normalizeEvent } from './event.ts'
import { fromSegmentTrack, isSegmentTrack } from './segment-track.ts'

const order = {
  type: 'track',
  event: 'Order Completed',
  messageId: 'm-1',
  anonymousId: 'anon-1',
  userId: 'u-1',
  timestamp: '2021-03-01T10:00:00.250Z',
  properties: {
    order_id: 'o-1', revenue: 50, total: 57.5, currency: 'EUR', coupon: null, shipped: true,
    products: [{ product_id: 'sku-1', price: 20, quantity: 2 }, { product_id: 'sku-2', price: 10, quantity: 1 }],
  },
  context: { ip: '203.0.113.1' },
}

describe('Segment track calls', () => {
  it('recognises track calls, and never a canonical event', () => {
    expect(isSegmentTrack(order)).toBe(true)
    expect(isSegmentTrack({ type: 'page', event: 'x' })).toBe(false)
    expect(isSegmentTrack({ type: 'track' })).toBe(false)
    expect(isSegmentTrack({ type: 'track', event: 'x', profileId: 'p', timestamp: 1 })).toBe(false)
    expect(isSegmentTrack({ profileId: 'p', timestamp: 1, type: 'purchase' })).toBe(false)
    expect(isSegmentTrack('track')).toBe(false)
  })

  it('maps an order: userId, revenue, first product with the count, flat properties as attributes', () => {
    const r = normalizeEvent(fromSegmentTrack(order))
    expect(r.ok && r.event).toEqual({
      profileId: 'u-1',
      timestamp: Date.UTC(2021, 2, 1, 10, 0, 0, 250),
      type: 'purchase',
      value: 50,
      item: 'sku-1',
      attributes: { segmentEvent: 'Order Completed', itemCount: 2, order_id: 'o-1', revenue: 50, total: 57.5, currency: 'EUR', shipped: true },
    })
  })

  it('falls back to anonymousId, total, price and product_id', () => {
    const refund = fromSegmentTrack({ ...order, event: 'Order Refunded', userId: null, properties: { total: 12 } })
    expect(refund).toMatchObject({ profileId: 'anon-1', type: 'return', value: 12 })
    const added = fromSegmentTrack({ type: 'track', event: 'Product Added', anonymousId: 'a', timestamp: '2021-03-01T10:00:00Z',
      properties: { product_id: 'sku-3', price: 9.99, quantity: 3 } })
    expect(added).toMatchObject({ type: 'addToCart', value: 9.99, item: 'sku-3' })
    expect(added.attributes).toEqual({ segmentEvent: 'Product Added', product_id: 'sku-3', price: 9.99, quantity: 3 })
    const custom = fromSegmentTrack({ type: 'track', event: 'Signed Up', userId: 'u', originalTimestamp: '2021-03-01T10:00:00Z' })
    expect(custom).toMatchObject({ type: 'Signed Up', timestamp: '2021-03-01T10:00:00Z' })
    expect(custom.value).toBeUndefined()
  })

  it('leaves a call without an identity for normalizeEvent to reject, naming the field', () => {
    const r = normalizeEvent(fromSegmentTrack({ ...order, userId: undefined, anonymousId: '' }))
    expect(!r.ok && r.error.field).toBe('profileId')
  })
})
