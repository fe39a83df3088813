import { describe, expect, it } from 'vitest'
import { normalizeEvent } from './event.ts'
import { fromGa4, ga4Timestamp, isGa4Event } from './ga4.ts'

const purchase = {
  event_date: '20210301',
  event_timestamp: '1614592800123456',
  event_name: 'purchase',
  event_params: [
    { key: 'ga_session_id', value: { string_value: null, int_value: '1614592000', float_value: null, double_value: null } },
    { key: 'page_title', value: { string_value: 'Checkout' } },
    { key: 'engagement_time_msec', value: { int_value: 321 } },
    { key: 'discount', value: { double_value: 2.5 } },
    { key: 'currency', value: { string_value: 'EUR' } },
    { key: 'empty', value: { string_value: null, int_value: null } },
  ],
  user_id: null,
  user_pseudo_id: '1234.5678',
  ecommerce: { purchase_revenue: 57.5, refund_value: null, total_item_quantity: 3 },
  items: [{ item_id: 'sku-1', price: 20, quantity: 2 }, { item_id: 'sku-2', price: 17.5, quantity: 1 }],
}

describe('GA4 BigQuery export rows', () => {
  it('recognises export rows, and never a canonical event', () => {
    expect(isGa4Event(purchase)).toBe(true)
    expect(isGa4Event({ event_name: 'x', event_timestamp: 1 })).toBe(true)
    expect(isGa4Event({ profileId: 'p', timestamp: 1, type: 'purchase', event_name: 'x', event_timestamp: 1 })).toBe(false)
    expect(isGa4Event({ type: 'purchase', event_name: 'x', event_timestamp: 1 })).toBe(false)
    expect(isGa4Event({ event_name: 'x' })).toBe(true) // no event_timestamp: a GA4 row normalizeEvent rejects for its time
    expect(isGa4Event({ event_name: 1, event_timestamp: 1 })).toBe(false)
    expect(isGa4Event([purchase])).toBe(false)
    expect(isGa4Event(null)).toBe(false)
  })

  it('maps a purchase: pseudo id, µs → ms, revenue, first item with the count, flattened params', () => {
    const r = normalizeEvent(fromGa4(purchase))
    expect(r.ok && r.event).toEqual({
      profileId: '1234.5678',
      timestamp: 1_614_592_800_123,
      type: 'purchase',
      value: 57.5,
      item: 'sku-1',
      attributes: { ga4EventName: 'purchase', itemCount: 2, ga_session_id: 1_614_592_000, page_title: 'Checkout', engagement_time_msec: 321, discount: 2.5, currency: 'EUR' },
    })
  })

  it('prefers user_id, reads refund_value for refunds, ecommerce.currency, and falls back to Σ price × quantity', () => {
    const refund = fromGa4({ ...purchase, event_name: 'refund', user_id: 'u-9', ecommerce: { purchase_revenue: 57.5, refund_value: 20, currency: 'USD' } })
    expect(refund).toMatchObject({ profileId: 'u-9', type: 'return', value: 20, attributes: { ga4EventName: 'refund', currency: 'USD' } })
    const noRefundValue = fromGa4({ ...purchase, event_name: 'refund' })
    expect(noRefundValue.value).toBe(57.5)
    const cart = fromGa4({ event_name: 'add_to_cart', event_timestamp: 1_614_592_800_000_000, user_pseudo_id: 'x', items: [{ item_id: 'a', price: 4, quantity: 3 }] })
    expect(cart).toMatchObject({ type: 'addToCart', value: 12, item: 'a', timestamp: 1_614_592_800_000 })
    expect(cart.attributes).toEqual({ ga4EventName: 'add_to_cart' })
    const view = fromGa4({ event_name: 'page_view', event_timestamp: 1, user_pseudo_id: 'x' })
    expect(view.value).toBeUndefined()
    expect(view.item).toBeUndefined()
    expect(fromGa4({ event_name: 'sign_up', event_timestamp: 1, user_pseudo_id: 'x' }).type).toBe('sign_up')
  })

  it('reads event_timestamp as microseconds (number or digit string), NaN for anything else', () => {
    expect(ga4Timestamp(1_614_592_800_123_999)).toBe(1_614_592_800_123)
    expect(ga4Timestamp('1614592800123999')).toBe(1_614_592_800_123)
    expect(ga4Timestamp('2021-03-01T10:00:00Z')).toBeNaN()
    expect(ga4Timestamp(-5)).toBeNaN()
    expect(ga4Timestamp(1.5e30)).toBeNaN()
    expect(ga4Timestamp(null)).toBeNull()
  })

  it('leaves a row without an identity or with a bad timestamp for normalizeEvent to reject, naming the field', () => {
    const noUser = normalizeEvent(fromGa4({ ...purchase, user_pseudo_id: null }))
    expect(!noUser.ok && noUser.error.field).toBe('profileId')
    const badTime = normalizeEvent(fromGa4({ ...purchase, event_timestamp: 'soon' }))
    expect(!badTime.ok && badTime.error.field).toBe('timestamp')
    const { event_timestamp: _, ...untimed } = purchase
    const noTime = normalizeEvent(fromGa4(untimed))
    expect(!noTime.ok && noTime.error.field).toBe('timestamp')
    const asMs = normalizeEvent(fromGa4({ ...purchase, event_timestamp: 1_614_592_800_123 })) // ms written where µs belong
    expect(!asMs.ok && asMs.error.field).toBe('timestamp')
  })

  it('keeps at most 64 attributes so a wide row stays one valid event', () => {
    const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: { int_value: String(i) } }))
    const r = normalizeEvent(fromGa4({ ...purchase, event_params: params }))
    expect(r.ok && Object.keys(r.event.attributes ?? {}).length).toBe(64)
  })
})
