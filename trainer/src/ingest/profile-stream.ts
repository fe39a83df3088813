import type { AttributeValue, AuspexEvent } from '@auspex/core'
import type { ProfileEvents, ProgressFn } from '../types.ts'
import { F64, I32 } from './event-columns.ts'
import type { EventTable } from './sort-events.ts'

/** Parsed attribute documents kept at most (they are parsed again when evicted). */
const ATTRIBUTE_CACHE = 100_000

/** The first record in [from, to) whose time is ≥ `before` (records are sorted by time). */
function cut(f64: Float64Array, from: number, to: number, before: number): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (f64[mid * F64.stride]! < before) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Streams the sorted event table as profiles (see `sortEvents`), building one profile's event objects at a
 * time; with `before`, only events earlier than it (profiles left without events are skipped).
 */
export function* streamProfiles(table: EventTable, before: number | undefined, onProgress?: ProgressFn): Generator<ProfileEvents> {
  const attributes = new Map<number, Record<string, AttributeValue>>()
  const { profiles, start, f64, i32, types, items } = table
  for (let p = 0; p < profiles.length; p++) {
    const from = start[p]!
    const to = before === undefined ? start[p + 1]! : cut(f64, from, start[p + 1]!, before)
    if (to === from) continue
    const profileId = profiles[p]!
    const events: AuspexEvent[] = []
    for (let r = from; r < to; r++) {
      const f = r * F64.stride
      const w = r * I32.stride
      const event: AuspexEvent = { profileId, timestamp: f64[f]!, type: types[i32[w + I32.type]!]! }
      const v = f64[f + F64.value]!
      if (v === v) event.value = v
      const item = i32[w + I32.item]!
      if (item >= 0) event.item = items[item]!
      const a = i32[w + I32.attr]!
      if (a >= 0) {
        let doc = attributes.get(a)
        if (doc === undefined) {
          doc = JSON.parse(table.attributes[a]!) as Record<string, AttributeValue>
          if (attributes.size >= ATTRIBUTE_CACHE) attributes.clear()
          attributes.set(a, doc)
        }
        event.attributes = doc
      }
      events.push(event)
    }
    yield { profileId, events }
    if ((p + 1) % 10_000 === 0) onProgress?.({ step: 'profiles', done: p + 1, unit: 'profiles' })
  }
}
