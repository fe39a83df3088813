import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProfileEvents } from '../types.ts'
import { openEvents } from './open-events.ts'
import { recognise } from './recognise.ts'

let tmp = ''
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'auspex-recognise-')) })
afterAll(async () => { await rm(tmp, { recursive: true, force: true }) })

const US = 1_614_592_800_000_000 // 2021-03-01T10:00:00Z in microseconds
const ga4 = (over: Record<string, unknown>): string => JSON.stringify({
  event_name: 'page_view', event_timestamp: String(US), user_id: null, user_pseudo_id: 'g1',
  event_params: [{ key: 'page_location', value: { string_value: '/home' } }], ...over,
})
const segment = (over: Record<string, unknown>): string => JSON.stringify({
  type: 'track', event: 'Product Viewed', anonymousId: 's1', timestamp: '2021-03-01T10:00:00Z', properties: { product_id: 'sku-1', price: 5 }, ...over,
})

describe('recognise', () => {
  it('tells the formats apart and takes anything else as canonical', () => {
    expect(recognise(JSON.parse(ga4({}))).format).toBe('ga4')
    expect(recognise(JSON.parse(segment({}))).format).toBe('segment')
    expect(recognise({ eventType: 'commerce.purchases', _id: 'x', identityMap: {} }).format).toBe('xdm')
    expect(recognise({ profileId: 'p', timestamp: 1, type: 'track', event: 'x', event_name: 'y', event_timestamp: 1 }).format).toBe('canonical')
  })
})

describe('openEvents: GA4 and Segment without --map', () => {
  it('reads GA4 export rows (gzipped) and counts rows without identity or with a bad event_timestamp as bad, naming the field', async () => {
    const lines = [
      ga4({}),
      ga4({ event_name: 'add_to_cart', event_timestamp: US + 60_000_000, items: [{ item_id: 'sku-2', price: 3, quantity: 2 }] }),
      ga4({ event_name: 'purchase', event_timestamp: US + 120_000_000, ecommerce: { purchase_revenue: 30 }, items: [{ item_id: 'a' }, { item_id: 'b' }] }),
      ga4({ user_pseudo_id: null }),
      ga4({ event_timestamp: 'yesterday' }),
      ga4({ event_timestamp: US / 1000 }), // milliseconds where microseconds belong
      ga4({ user_id: 'u-7' }),
      ga4({ user_id: 'u-7', event_name: 'refund', ecommerce: { purchase_revenue: 30, refund_value: 12 } }),
      ga4({ event_timestamp: undefined }),
      ga4({ user_pseudo_id: 'g2' }),
    ]
    const path = join(tmp, 'ga4.jsonl.gz')
    await writeFile(path, gzipSync(lines.join('\n') + '\n'))
    const source = await openEvents([path])
    const profiles: ProfileEvents[] = []
    for await (const p of source.profiles()) profiles.push(p)
    const s = source.summary
    expect(s).toMatchObject({ rowsRead: 10, events: 6, droppedNoProfile: 0, typeCounts: { pageView: 3, addToCart: 1, purchase: 1, return: 1 } })
    const g1 = profiles.find((p) => p.profileId === 'g1')!.events
    expect(g1.map((e) => [e.type, e.timestamp, e.value, e.item])).toEqual([
      ['pageView', US / 1000, undefined, undefined], ['addToCart', US / 1000 + 60_000, 6, 'sku-2'], ['purchase', US / 1000 + 120_000, 30, 'a'],
    ])
    expect(g1[2]!.attributes).toEqual({ ga4EventName: 'purchase', itemCount: 2, page_location: '/home' })
    const bad = Object.fromEntries(s.bad.map((b) => [b.reason, b]))
    expect(bad['GA4 user_id/user_pseudo_id: missing']).toMatchObject({ count: 1, examples: [{ line: 4, message: expect.stringContaining('user_pseudo_id=null') }] })
    expect(bad['GA4 event_timestamp: cannot read']).toMatchObject({ count: 3, examples: [{ line: 5 }, { line: 6 }, { line: 9 }] })
    expect(bad['GA4 event_timestamp: cannot read']!.examples[0]!.message).toMatch(/microseconds.*"yesterday"/)
    await source.close()
    // with --map, the row is still GA4 unless the map sets profileId or type
    const identity = await openEvents([path], { map: { profileId: 'profileId' } })
    expect({ ...identity.summary, seconds: 0 }).toEqual({ ...s, seconds: 0 })
    await identity.close()
    // a map setting profileId makes every row canonical: they have no `timestamp`, so most are bad
    const mapped = openEvents([path], { map: { profileId: 'user_pseudo_id', type: 'event_name' } })
    await expect(mapped).rejects.toMatchObject({ code: 'INGEST_MOSTLY_BAD', message: expect.stringContaining('timestamp: required') })
  })

  it('reads Segment track calls; a call without userId and anonymousId is a bad row naming them', async () => {
    const lines = [
      segment({}),
      segment({ event: 'Order Completed', userId: 'u1', properties: { revenue: 20, currency: 'EUR', products: [{ product_id: 'x' }] } }),
      segment({ anonymousId: null }),
      segment({ timestamp: 'soon' }),
    ]
    const path = join(tmp, 'segment.jsonl')
    await writeFile(path, lines.join('\n') + '\n')
    const source = await openEvents([path])
    const profiles: ProfileEvents[] = []
    for await (const p of source.profiles()) profiles.push(p)
    expect(profiles.map((p) => p.events.map((e) => [e.type, e.value, e.item, e.attributes?.currency]))).toEqual([
      [['productView', 5, 'sku-1', undefined]], [['purchase', 20, 'x', 'EUR']],
    ])
    const reasons = source.summary.bad.map((b) => b.reason).sort()
    expect(reasons).toEqual(['Segment timestamp: cannot read', 'Segment userId/anonymousId: missing'])
    await source.close()
  })
})
