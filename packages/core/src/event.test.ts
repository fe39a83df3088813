import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { normalizeEvent, readField, sortByTime } from './event.ts'
import { fromXdm, isXdmEvent } from './xdm.ts'

describe('normalizeEvent', () => {
  it('accepts the DESIGN.md example and normalises the timestamp to epoch ms', () => {
    const r = normalizeEvent({ profileId: '17850', timestamp: '2010-12-01T08:26:00Z', type: 'purchase', value: 15.3, item: '85123A', attributes: { country: 'UK' } })
    expect(r).toEqual({ ok: true, event: { profileId: '17850', timestamp: Date.UTC(2010, 11, 1, 8, 26), type: 'purchase', value: 15.3, item: '85123A', attributes: { country: 'UK' } } })
  })

  it('accepts epoch ms, numeric ids and numeric strings for value', () => {
    const r = normalizeEvent({ profileId: 17850, timestamp: 1291191960000, type: 'purchase', value: '2.5', item: 85123 })
    expect(r.ok && r.event).toEqual({ profileId: '17850', timestamp: 1291191960000, type: 'purchase', value: 2.5, item: '85123' })
  })

  it('fills profileId and timestamp from options (the SDK path)', () => {
    const r = normalizeEvent({ type: 'pageView' }, { defaultProfileId: 'device-1', now: 1291191960000 })
    expect(r.ok && r.event).toEqual({ profileId: 'device-1', timestamp: 1291191960000, type: 'pageView' })
  })

  it.each([
    [null, 'event'],
    [{ timestamp: 1291191960000, type: 'x' }, 'profileId'],
    [{ profileId: 'a', type: 'x' }, 'timestamp'],
    [{ profileId: 'a', timestamp: 'last tuesday', type: 'x' }, 'timestamp'],
    [{ profileId: 'a', timestamp: 1291191960, type: 'x' }, 'timestamp'],
    [{ profileId: 'a', timestamp: 1291191960000 }, 'type'],
    [{ profileId: 'a', timestamp: 1291191960000, type: 'x', value: 'abc' }, 'value'],
    [{ profileId: 'a', timestamp: 1291191960000, type: 'x', item: {} }, 'item'],
    [{ profileId: 'a', timestamp: 1291191960000, type: 'x', attributes: [] }, 'attributes'],
    [{ profileId: 'a', timestamp: 1291191960000, type: 'x', attributes: { nested: { a: 1 } } }, 'attributes.nested'],
  ])('rejects %j naming the field %s', (input, field) => {
    const r = normalizeEvent(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.field).toBe(field)
      expect(r.error.code).toBe('INVALID_EVENT')
      expect(r.error.message.startsWith(`${field}: `)).toBe(true)
    }
  })

  it('a timestamp outside 1990–2200: epoch seconds for a number, a placeholder or a typo for a date', () => {
    const message = (timestamp: unknown) => {
      const r = normalizeEvent({ profileId: 'a', timestamp, type: 'x' })
      return r.ok ? '' : r.error.message
    }
    expect(message(1291191960)).toMatch(/outside 1990–2200; epoch seconds must be multiplied by 1000/)
    expect(message('1291191960')).toMatch(/epoch seconds/)
    expect(message('9999-12-31T23:59:59Z')).toMatch(/outside 1990–2200; a placeholder date .* or a typo/)
    expect(message('1900-01-01')).not.toMatch(/epoch seconds/)
  })

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.anything(), (input) => {
      const r = normalizeEvent(input)
      expect(typeof r.ok).toBe('boolean')
    }))
  })

  it('accepts every well-formed event and keeps its fields', () => {
    const arb = fc.record({
      profileId: fc.string({ minLength: 1, maxLength: 20 }),
      timestamp: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
      type: fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''),
      value: fc.double({ noNaN: true, noDefaultInfinity: true }),
    })
    fc.assert(fc.property(arb, (input) => {
      const r = normalizeEvent(input)
      expect(r.ok && r.event).toEqual(input)
    }))
  })
})

describe('readField and sortByTime', () => {
  it('reads nested attributes and sorts stably', () => {
    const a = { profileId: 'p', timestamp: 2, type: 'a', attributes: { page: '/pricing' } }
    const b = { profileId: 'p', timestamp: 1, type: 'b' }
    const c = { profileId: 'p', timestamp: 2, type: 'c' }
    expect(readField(a, 'attributes.page')).toBe('/pricing')
    expect(readField(b, 'attributes.page')).toBeUndefined()
    expect(sortByTime([a, b, c]).map((e) => e.type)).toEqual(['b', 'a', 'c'])
  })
})

describe('XDM ExperienceEvent', () => {
  const xdm = {
    _id: 'e1',
    eventType: 'commerce.purchases',
    timestamp: '2011-01-01T10:00:00Z',
    identityMap: { ECID: [{ id: 'ecid-1' }], email: [{ id: 'a@b.c', primary: true }] },
    commerce: { order: { priceTotal: 42.5 } },
    productListItems: [{ SKU: 'sku-9', priceTotal: 40 }, { SKU: 'sku-10' }],
  }
  it('is recognised and mapped without a map', () => {
    expect(isXdmEvent(xdm)).toBe(true)
    expect(isXdmEvent({ type: 'x', eventType: 'y', identityMap: {} })).toBe(false)
    const r = normalizeEvent(fromXdm(xdm))
    expect(r.ok && r.event).toEqual({
      profileId: 'a@b.c', timestamp: Date.UTC(2011, 0, 1, 10), type: 'purchase', value: 42.5, item: 'sku-9',
      attributes: { xdmEventType: 'commerce.purchases', itemCount: 2 },
    })
  })
  it('reports a missing identity as a missing profileId', () => {
    const r = normalizeEvent(fromXdm({ ...xdm, identityMap: {} }))
    expect(!r.ok && r.error.field).toBe('profileId')
  })
})
