import type { EventInput } from './event.ts'
import { XDM_EVENT_NAMES } from './vocabulary.ts'

/**
 * XDM `eventType` values and the Auspex event types they become: the canonical ones (vocabulary.ts), and two
 * custom types with names of their own. Unlisted types pass through unchanged.
 */
export const XDM_EVENT_TYPES: Readonly<Record<string, string>> = {
  ...XDM_EVENT_NAMES,
  'commerce.productListOpens': 'cartOpen',
  'web.webinteraction.linkClicks': 'linkClick',
}

/** True when a parsed JSON object looks like an Adobe XDM ExperienceEvent (has `eventType` and `identityMap` or `_id`). */
export function isXdmEvent(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.eventType === 'string' && (typeof v.identityMap === 'object' || typeof v._id === 'string') && !('type' in v)
}

function primaryIdentity(identityMap: unknown): string | undefined {
  if (typeof identityMap !== 'object' || identityMap === null) return undefined
  let first: string | undefined
  for (const ids of Object.values(identityMap as Record<string, unknown>)) {
    if (!Array.isArray(ids)) continue
    for (const entry of ids) {
      const id = (entry as { id?: unknown; primary?: unknown } | null)?.id
      if (typeof id !== 'string' || id === '') continue
      if ((entry as { primary?: unknown }).primary === true) return id
      first ??= id
    }
  }
  return first
}

/**
 * Maps an Adobe XDM ExperienceEvent to an Auspex event input: the primary identity (else the first) becomes
 * `profileId`, `commerce.order.priceTotal` the `value`, the first `productListItems[].SKU` the `item`,
 * `eventType` is translated by {@link XDM_EVENT_TYPES}. Validate the result with `normalizeEvent`.
 */
export function fromXdm(xdm: Record<string, unknown>): EventInput {
  const eventType = String(xdm.eventType)
  const commerce = xdm.commerce as { order?: { priceTotal?: unknown } } | undefined
  const items = Array.isArray(xdm.productListItems) ? (xdm.productListItems as Array<Record<string, unknown>>) : []
  const first = items[0]
  let value: unknown = commerce?.order?.priceTotal
  if (value === undefined && items.length > 0) {
    const total = items.reduce((sum, it) => sum + (typeof it.priceTotal === 'number' ? it.priceTotal : 0), 0)
    if (total !== 0) value = total
  }
  const input: EventInput = {
    profileId: primaryIdentity(xdm.identityMap),
    timestamp: xdm.timestamp,
    type: XDM_EVENT_TYPES[eventType] ?? eventType,
    attributes: { xdmEventType: eventType, ...(items.length > 1 ? { itemCount: items.length } : {}) },
  }
  if (value !== undefined) input.value = value
  if (first && typeof first.SKU === 'string') input.item = first.SKU
  return input
}
