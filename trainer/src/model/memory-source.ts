/** An in-memory EventSource from arrays, for tests. */
import { sortByTime, type AuspexEvent } from '@auspex/core'
import type { EventSource, IngestSummary, ProfileEvents } from '../types.ts'

/** Groups `events` by profile (sorted by time) behind the EventSource interface. */
export function memorySource(events: AuspexEvent[]): EventSource {
  const by = new Map<string, AuspexEvent[]>()
  for (const e of events) by.set(e.profileId, [...(by.get(e.profileId) ?? []), e])
  const typeCounts: Record<string, number> = {}
  for (const e of events) typeCounts[e.type] = (typeCounts[e.type] ?? 0) + 1
  const ts = events.map((e) => e.timestamp)
  const summary: IngestSummary = { files: [], rowsRead: events.length, events: events.length, profiles: by.size, droppedNoProfile: 0, bad: [], typeCounts, firstTimestamp: ts.length ? Math.min(...ts) : null, lastTimestamp: ts.length ? Math.max(...ts) : null, seconds: 0 }
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
