import type { EventInput } from './event.ts'
import { SourceAttributes, numberOf, pathValue } from './source-attributes.ts'
import { canonicalType } from './vocabulary.ts'

/** Where each event field comes from in a GA4 BigQuery export row (for messages that name the export's own field). */
export const GA4_SOURCE_FIELDS = {
  profileId: 'user_id/user_pseudo_id',
  timestamp: 'event_timestamp',
  type: 'event_name',
  value: 'ecommerce.purchase_revenue',
  item: 'items[].item_id',
} as const

/**
 * True when a parsed JSON object looks like a GA4 BigQuery export row: a string `event_name`, and none of the
 * canonical fields `type` and `profileId` (a canonical event is never a GA4 row). A row without `event_timestamp`
 * is still one, so that it is rejected for its time rather than taken for a canonical event without a profile.
 */
export function isGa4Event(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  return typeof v.event_name === 'string' && v.type === undefined && v.profileId === undefined
}

/**
 * Epoch milliseconds of a GA4 `event_timestamp` (microseconds, a JSON number or a digit string as BigQuery writes
 * INT64), rounded down to the millisecond. NaN when it is something else; null/undefined/'' stay as they are, so
 * `normalizeEvent` reports a missing timestamp as missing.
 */
export function ga4Timestamp(raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return raw
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? Math.floor(raw / 1000) : NaN
  if (typeof raw === 'string' && /^\d{1,17}$/.test(raw.trim())) return Number(BigInt(raw.trim()) / 1000n)
  return NaN
}

/** The value of one `event_params` entry: the first of string_value, int_value (text in BigQuery JSON: a number here), float_value, double_value. */
function paramValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (typeof v.string_value === 'string') return v.string_value
  for (const key of ['int_value', 'float_value', 'double_value']) {
    const n = numberOf(v[key])
    if (n !== undefined) return n
  }
  return undefined
}

/** The items of a row that are objects. */
function itemsOf(row: Record<string, unknown>): Array<Record<string, unknown>> {
  if (!Array.isArray(row.items)) return []
  return row.items.filter((it): it is Record<string, unknown> => typeof it === 'object' && it !== null)
}

/** Σ price × quantity (quantity 1 when absent) over the items with a price, or undefined when none has one. */
function itemsTotal(items: ReadonlyArray<Record<string, unknown>>): number | undefined {
  let total: number | undefined
  for (const it of items) {
    const price = numberOf(it.price)
    if (price === undefined) continue
    total = (total ?? 0) + price * (numberOf(it.quantity) ?? 1)
  }
  return total
}

/** The money of a row: `ecommerce.refund_value` for a refund, then `ecommerce.purchase_revenue`, then the items' total. */
function valueOf(row: Record<string, unknown>, items: ReadonlyArray<Record<string, unknown>>): number | undefined {
  const refund = row.event_name === 'refund' ? numberOf(pathValue(row, 'ecommerce.refund_value')) : undefined
  return refund ?? numberOf(pathValue(row, 'ecommerce.purchase_revenue')) ?? itemsTotal(items)
}

/**
 * Maps a GA4 BigQuery export row to an Auspex event input: `user_id`, else `user_pseudo_id`, becomes `profileId`
 * (no identity stitching); `event_timestamp` (µs) epoch ms; `event_name` is translated by the vocabulary and kept as
 * the attribute `ga4EventName`; the value is the refund value (refunds), the purchase revenue, else Σ price × quantity
 * of the items; the first item's `item_id` is the `item` (`itemCount` attribute when there are several);
 * `event_params` become attributes, and `currency` comes from `ecommerce.currency` or the `currency` param.
 * Validate the result with `normalizeEvent`.
 * @example fromGa4({ event_name: 'add_to_cart', event_timestamp: '1604188800000000', user_pseudo_id: '12.34' })
 */
export function fromGa4(row: Record<string, unknown>): EventInput {
  const name = String(row.event_name)
  const items = itemsOf(row)
  const attributes = new SourceAttributes()
  attributes.add('ga4EventName', name)
  if (items.length > 1) attributes.add('itemCount', items.length)
  attributes.add('currency', pathValue(row, 'ecommerce.currency'))
  if (Array.isArray(row.event_params)) {
    for (const param of row.event_params as unknown[]) {
      const key = (param as { key?: unknown } | null)?.key
      if (typeof key === 'string' && key !== '') attributes.add(key, paramValue((param as { value?: unknown }).value))
    }
  }
  const userId = row.user_id
  const input: EventInput = {
    profileId: userId !== undefined && userId !== null && userId !== '' ? userId : row.user_pseudo_id,
    timestamp: ga4Timestamp(row.event_timestamp),
    type: canonicalType(name),
    attributes: attributes.values,
  }
  const value = valueOf(row, items)
  if (value !== undefined) input.value = value
  const item = items[0]?.item_id
  if (typeof item === 'string' && item !== '') input.item = item
  return input
}
