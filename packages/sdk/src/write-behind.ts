import type { AuspexEvent } from '@auspex/core'
import type { StateRecord } from './db.ts'
import type { Store } from './store.ts'

/** How often (in events written) the log is pruned to its bounds. */
export const PRUNE_EVERY = 200
/** Writes wait this long for more events (a burst of `track` calls becomes one transaction). */
export const WRITE_DELAY_MS = 25

export interface WriteBehind {
  /** Queues events (and marks the states dirty); written `WRITE_DELAY_MS` later, coalesced with later calls. */
  persist(events: readonly AuspexEvent[]): void
  /** Writes everything queued; resolves when it is stored (or the failure was reported). */
  flush(): Promise<void>
  /** Drops what is queued and waits for a write in progress (before an erase). */
  drop(): Promise<void>
}

/**
 * Write-behind storage: a burst of `track` calls costs one IndexedDB transaction and scoring never waits for
 * storage. Writes run one at a time, in order; each stores the queued events and every goal's current state.
 */
export function createWriteBehind(io: {
  store: () => Store
  states: () => StateRecord[]
  /** runs before each write (e.g. saving the profile id once) */
  beforeWrite: () => Promise<void>
  now: () => number
  /**
   * Storing `events` (the batch of a failed write) failed: keep them elsewhere (e.g. move to memory). Resolves once
   * they are kept; the next write waits for it. A failure here is passed to `report`.
   */
  failed: (error: unknown, events: AuspexEvent[]) => Promise<void>
  /** a failure that lost nothing (pruning the log) or that `failed` itself hit */
  report: (error: unknown) => void
}): WriteBehind {
  let queued: AuspexEvent[] = []
  let dirty = false
  let scheduled = false
  let written = 0
  let writing: Promise<void> = Promise.resolve()

  const flush = (): Promise<void> => {
    writing = writing
      .then(async () => {
        scheduled = false
        if (!dirty) return
        const events = queued
        queued = []
        dirty = false
        const store = io.store()
        try {
          await io.beforeWrite()
          await store.write(events, io.states())
        } catch (error) {
          // A failed transaction stored none of the batch: it goes to `failed`, not away
          return io.failed(error, events)
        }
        written += events.length
        if (written >= PRUNE_EVERY) {
          written = 0
          await store.prune(io.now())
        }
      })
      .catch(io.report)
    return writing
  }

  return {
    persist(events) {
      for (const e of events) queued.push(e)
      dirty = true
      if (!scheduled) {
        scheduled = true
        setTimeout(() => void flush(), WRITE_DELAY_MS)
      }
    },
    flush,
    async drop() {
      queued = []
      dirty = false
      await writing
    },
  }
}
