/** An in-memory EventSource from arrays, for tests. */
import { sortByTime, type AuspexEvent } from '@auspex/core'
import type { EventSource, IngestSummary, ProfileEvents } from '../types.ts'

/** Groups `events` by profile (sorted by time) behind the EventSource interface. */
export function memorySource(events: AuspexEvent[]): EventSource {
  const by = new Map<string, AuspexEvent[]>()
  const typeCounts: Record<string, number> = {}
  let first: number | null = null
  let last: number | null = null
  for (const e of events) {
    const list = by.get(e.profileId)
    if (list) list.push(e)
    else by.set(e.profileId, [e])
    typeCounts[e.type] = (typeCounts[e.type] ?? 0) + 1
    if (first === null || e.timestamp < first) first = e.timestamp
    if (last === null || e.timestamp > last) last = e.timestamp
  }
  const summary: IngestSummary = {
    files: [], rowsRead: events.length, events: events.length, profiles: by.size, droppedNoProfile: 0, bad: [], typeCounts,
    firstTimestamp: first, lastTimestamp: last, seconds: 0,
  }
  return {
    summary,
    async *profiles(options?: { before?: number }): AsyncIterable<ProfileEvents> {
      for (const id of [...by.keys()].sort()) {
        const list = sortByTime(by.get(id) as AuspexEvent[]).filter((e) => options?.before === undefined || e.timestamp < options.before)
        if (list.length) yield { profileId: id, events: list }
      }
    },
    async close() {},
  }
}
