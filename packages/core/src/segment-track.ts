import type { EventInput } from './event.ts'
import { SourceAttributes, numberOf } from './source-attributes.ts'
import { canonicalType } from './vocabulary.ts'

/** Where each event field comes from in a Segment track call (for messages that name the call's own field). */
export const SEGMENT_SOURCE_FIELDS = {
  profileId: 'userId/anonymousId',
  timestamp: 'timestamp',
  type: 'event',
  value: 'properties.revenue',
  item: 'properties.product_id',
} as const

/**
 * True when a parsed JSON object is a Segment track call: `type` is `"track"`, `event` a string, and it has no
 * canonical `profileId` (a canonical event of a custom type named "track" is not a Segment call).
 */
export function isSegmentTrack(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  return v.type === 'track' && typeof v.event === 'string' && v.profileId === undefined
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ''
}

/** The products of a call (`properties.products`) that are objects. */
function productsOf(properties: Record<string, unknown>): Array<Record<string, unknown>> {
  if (!Array.isArray(properties.products)) return []
  return properties.products.filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
}

/**
 * Maps a Segment track call to an Auspex event input: `userId`, else `anonymousId`, becomes `profileId`; the ISO
 * `timestamp` (else `originalTimestamp`) the time; `event` is translated by the vocabulary and kept as the attribute
 * `segmentEvent`; the value is `properties.revenue`, else `total`, else `price` (a viewed or added product's price;
 * core counts money only for purchases and returns); the item is `properties.product_id`, else the first
 * `properties.products[].product_id` (`itemCount` attribute when there are several); flat scalar properties
 * (`currency` among them) become attributes. Validate the result with `normalizeEvent`.
 * @example fromSegmentTrack({ type: 'track', event: 'Order Completed', userId: 'u1', timestamp: '2021-03-01T10:00:00Z', properties: { revenue: 25 } })
 */
export function fromSegmentTrack(call: Record<string, unknown>): EventInput {
  const event = String(call.event)
  const raw = call.properties
  const properties = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
  const products = productsOf(properties)
  const attributes = new SourceAttributes()
  attributes.add('segmentEvent', event)
  if (products.length > 1) attributes.add('itemCount', products.length)
  for (const [key, v] of Object.entries(properties)) attributes.add(key, v)
  const input: EventInput = {
    profileId: present(call.userId) ? call.userId : call.anonymousId,
    timestamp: present(call.timestamp) ? call.timestamp : call.originalTimestamp,
    type: canonicalType(event),
    attributes: attributes.values,
  }
  const value = numberOf(properties.revenue) ?? numberOf(properties.total) ?? numberOf(properties.price)
  if (value !== undefined) input.value = value
  const item = present(properties.product_id) ? properties.product_id : products[0]?.product_id
  if (typeof item === 'string' || typeof item === 'number') input.item = String(item)
  return input
}
