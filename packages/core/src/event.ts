import { isEpochNumber, toEpochMs } from './timestamp.ts'
import { canonicalType } from './vocabulary.ts'

/** A primitive attribute value. Attributes are flat: no nested objects. */
export type AttributeValue = string | number | boolean | null

/** The canonical event every part of Auspex works with. `timestamp` is epoch milliseconds (UTC). */
export interface AuspexEvent {
  profileId: string
  timestamp: number
  type: string
  value?: number
  item?: string
  attributes?: Record<string, AttributeValue>
}

/** An event as it arrives from outside: timestamps may be ISO text or epoch ms, profileId may be a number. */
export interface EventInput {
  profileId?: unknown
  timestamp?: unknown
  type?: unknown
  value?: unknown
  item?: unknown
  attributes?: unknown
}

/** Why an event was rejected: which field, and what to do about it. */
export interface EventIssue {
  code: 'INVALID_EVENT'
  field: string
  message: string
}

export type EventResult = { ok: true; event: AuspexEvent } | { ok: false; error: EventIssue }

/** Options for {@link normalizeEvent}. */
export interface NormalizeOptions {
  /** Used when the input has no profileId (the SDK fills in the device's profile). */
  defaultProfileId?: string
  /** Used when the input has no timestamp (the SDK fills in its clock). */
  now?: number
}

/** What {@link normalizeEvent} accepts: texts of at most `maxText` UTF-16 code units, timestamps within [`minTimestamp`, `maxTimestamp`] ms. */
export const EVENT_LIMITS = { maxText: 512, minTimestamp: Date.UTC(1990, 0, 1), maxTimestamp: Date.UTC(2200, 0, 1) } as const
const MAX_TEXT = EVENT_LIMITS.maxText
const MIN_TS = EVENT_LIMITS.minTimestamp
const MAX_TS = EVENT_LIMITS.maxTimestamp

function fail(field: string, message: string): EventResult {
  return { ok: false, error: { code: 'INVALID_EVENT', field, message: `${field}: ${message}` } }
}

/**
 * Validates and normalises one event. Never throws: bad input is returned as data naming the field.
 * @example normalizeEvent({ profileId: '17850', timestamp: '2010-12-01T08:26:00Z', type: 'purchase', value: 15.3 })
 */
export function normalizeEvent(input: unknown, options: NormalizeOptions = {}): EventResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('event', 'expected an object like { "profileId": "…", "timestamp": "2011-01-01T00:00:00Z", "type": "purchase" }')
  }
  const raw = input as EventInput
  let profileId = raw.profileId ?? options.defaultProfileId
  if (typeof profileId === 'number' && Number.isFinite(profileId)) profileId = String(profileId)
  if (typeof profileId !== 'string' || profileId.length === 0) return fail('profileId', 'required: a non-empty string identifying the person')
  if (profileId.length > MAX_TEXT) return fail('profileId', `too long (${profileId.length} characters; at most ${MAX_TEXT})`)

  const rawTs = raw.timestamp ?? options.now
  if (rawTs === undefined || rawTs === null || rawTs === '') return fail('timestamp', 'required: ISO 8601 text (e.g. "2011-01-01T09:30:00Z") or epoch milliseconds')
  const timestamp = toEpochMs(rawTs)
  if (Number.isNaN(timestamp)) return fail('timestamp', `cannot read ${JSON.stringify(rawTs)}: use ISO 8601 (e.g. "2011-01-01T09:30:00Z") or epoch milliseconds`)
  if (timestamp < MIN_TS || timestamp > MAX_TS) {
    const hint = isEpochNumber(rawTs) ? 'epoch seconds must be multiplied by 1000' : 'a placeholder date (such as 1900-01-01 or 9999-12-31) or a typo'
    return fail('timestamp', `${JSON.stringify(rawTs)} is outside 1990–2200; ${hint}`)
  }

  const type = raw.type
  if (typeof type !== 'string' || type.trim().length === 0) return fail('type', 'required: a non-empty string such as "purchase" or "pageView"')
  if (type.length > MAX_TEXT) return fail('type', `too long (${type.length} characters; at most ${MAX_TEXT})`)

  // GA4, Segment and XDM names of the canonical types become those types (vocabulary.ts)
  const event: AuspexEvent = { profileId, timestamp, type: canonicalType(type) }
  if (raw.value !== undefined && raw.value !== null && raw.value !== '') {
    const value = typeof raw.value === 'string' ? Number(raw.value) : raw.value
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail('value', `expected a finite number, got ${JSON.stringify(raw.value)}`)
    event.value = value
  }
  if (raw.item !== undefined && raw.item !== null && raw.item !== '') {
    const item = typeof raw.item === 'number' ? String(raw.item) : raw.item
    if (typeof item !== 'string') return fail('item', `expected a string (an item or SKU id), got ${JSON.stringify(raw.item)}`)
    if (item.length > MAX_TEXT) return fail('item', `too long (${item.length} characters; at most ${MAX_TEXT})`)
    event.item = item
  }
  if (raw.attributes !== undefined && raw.attributes !== null) {
    if (typeof raw.attributes !== 'object' || Array.isArray(raw.attributes)) return fail('attributes', 'expected a flat object of strings, numbers and booleans')
    const attributes: Record<string, AttributeValue> = {}
    let count = 0
    for (const [key, v] of Object.entries(raw.attributes as Record<string, unknown>)) {
      if (++count > 64) return fail('attributes', 'at most 64 attributes per event')
      if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
        attributes[key] = v
      } else {
        return fail(`attributes.${key}`, 'expected a string, finite number, boolean or null (attributes are flat)')
      }
    }
    if (count > 0) event.attributes = attributes
  }
  return { ok: true, event }
}

/** Reads a field of an event by path: `type`, `value`, `item`, `profileId`, `timestamp` or `attributes.<name>`. */
export function readField(event: AuspexEvent, field: string): unknown {
  switch (field) {
    case 'type': return event.type
    case 'value': return event.value
    case 'item': return event.item
    case 'profileId': return event.profileId
    case 'timestamp': return event.timestamp
    default:
      if (field.startsWith('attributes.')) return event.attributes?.[field.slice(11)]
      return undefined
  }
}

/** Sorts events by time, stably (events at the same time keep their input order). Returns a new array. */
export function sortByTime<T extends { timestamp: number }>(events: readonly T[]): T[] {
  return events.map((e, i) => [e, i] as const).sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1]).map(([e]) => e)
}
