import type { AuspexEvent } from '@auspex/core'
import type { ModelRecord, StateRecord } from './db.ts'

/** Bounds of the on-device event log (kept only to rebuild feature state when a model with new features arrives). */
export const LOG_MAX_EVENTS = 5000
export const LOG_MAX_AGE_MS = 400 * 86_400_000

/** Everything the engine persists. Two implementations: IndexedDB ({@link createIdbStore}) and memory. */
export interface Store {
  readonly kind: 'indexeddb' | 'memory'
  getMeta(key: string): Promise<string | number | boolean | undefined>
  setMeta(key: string, value: string | number | boolean): Promise<void>
  getModel(goal: string): Promise<ModelRecord | undefined>
  putModel(record: ModelRecord): Promise<void>
  deleteModel(goal: string): Promise<void>
  getState(goal: string): Promise<StateRecord | undefined>
  /** Appends events to the log and saves states, in one transaction. */
  write(events: readonly AuspexEvent[], states: readonly StateRecord[]): Promise<void>
  /** The log, oldest first. */
  readEvents(): Promise<AuspexEvent[]>
  /** Drops log events older than `now - LOG_MAX_AGE_MS`, then the oldest beyond `LOG_MAX_EVENTS`. */
  prune(now: number): Promise<void>
  /** Erases every byte (IndexedDB: deletes the database). The store stays usable. */
  erase(): Promise<void>
  close(): void
}

/** A store in memory: used without consent, without IndexedDB, and in tests. */
export function createMemoryStore(): Store {
  const meta = new Map<string, string | number | boolean>()
  const models = new Map<string, ModelRecord>()
  const states = new Map<string, StateRecord>()
  let events: AuspexEvent[] = []
  return {
    kind: 'memory',
    getMeta: async (key) => meta.get(key),
    setMeta: async (key, value) => void meta.set(key, value),
    getModel: async (goal) => models.get(goal),
    putModel: async (record) => void models.set(record.goal, record),
    deleteModel: async (goal) => void models.delete(goal),
    getState: async (goal) => states.get(goal),
    async write(added, saved) {
      events.push(...added)
      for (const s of saved) states.set(s.goal, s)
    },
    readEvents: async () => [...events].sort((a, b) => a.timestamp - b.timestamp),
    async prune(now) {
      events = events.filter((e) => e.timestamp >= now - LOG_MAX_AGE_MS).sort((a, b) => a.timestamp - b.timestamp)
      if (events.length > LOG_MAX_EVENTS) events = events.slice(events.length - LOG_MAX_EVENTS)
    },
    async erase() {
      meta.clear()
      models.clear()
      states.clear()
      events = []
    },
    close() {},
  }
}
