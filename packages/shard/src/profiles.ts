import type { AttributeValue, AuspexEvent } from '@auspex/core'
import type { ShardTable } from './format.ts'

/** One profile's events, sorted by time (the trainer's `ProfileEvents`). */
export interface ShardProfile {
  profileId: string
  events: AuspexEvent[]
}

/** The first event in [from, to) whose time is ≥ `before` (a profile's events are sorted by time). */
function cut(time: Float64Array, from: number, to: number, before: number): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (time[mid]! < before) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The shard's profiles in id order, building one profile's event objects at a time; with `before`, only events
 * earlier than it (profiles left without events are skipped). Attribute documents are parsed once per shard.
 */
export function* shardProfiles(table: ShardTable, before?: number): Generator<ShardProfile> {
  const parsed: Array<Record<string, AttributeValue> | undefined> = new Array(table.attributes.length)
  const { profiles, start, time, value, type, item, attr, types, items } = table
  for (let p = 0; p < profiles.length; p++) {
    const from = start[p]!
    const to = before === undefined ? start[p + 1]! : cut(time, from, start[p + 1]!, before)
    if (to === from) continue
    const profileId = profiles[p]!
    const events: AuspexEvent[] = []
    for (let r = from; r < to; r++) {
      const event: AuspexEvent = { profileId, timestamp: time[r]!, type: types[type[r]!]! }
      const v = value[r]!
      if (v === v) event.value = v
      const i = item[r]!
      if (i >= 0) event.item = items[i]!
      const a = attr[r]!
      if (a >= 0) event.attributes = parsed[a] ??= JSON.parse(table.attributes[a]!) as Record<string, AttributeValue>
      events.push(event)
    }
    yield { profileId, events }
  }
}
