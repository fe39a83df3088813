import type { AuspexEvent } from '@auspex/core'
import type { StateRecord } from './db.ts'
import type { EngineRuntime } from './engine-runtime.ts'
import { toErrorInfo } from './errors.ts'
import { openIdbStore } from './idb-store.ts'
import { randomProfileId } from './profile-state.ts'
import { createMemoryStore, type Store } from './store.ts'
import { createWriteBehind } from './write-behind.ts'

/**
 * Where the engine's data lives: IndexedDB (with consent, when it opens) or memory for the page. Owns the profile
 * id stored there and the write-behind (a failed write moves to memory, still scoring), and moves the data when
 * consent changes. Sets `rt.store`.
 */
export function createEngineStorage(
  rt: EngineRuntime,
  o: {
    /** false: never try IndexedDB */
    indexedDB: boolean
    /** every goal's state, written with each batch of events */
    states: () => StateRecord[]
    /** a new store is in use (the tab channel follows it) */
    onStore: (store: Store) => void
    /** copies the cached models and segments to a new store (consent given) */
    copyCache: (store: Store) => Promise<void>
  },
) {
  let profileId = ''
  let profileSaved = false

  const use = (next: Store) => {
    rt.store = next
    o.onStore(next)
  }
  const writer = createWriteBehind({
    store: () => rt.store,
    states: o.states,
    async beforeWrite() {
      if (rt.store.kind === 'indexeddb' && !profileSaved) {
        await rt.store.setMeta('profileId', profileId)
        profileSaved = true
      }
    },
    now: rt.now,
    async failed(error, events) {
      // quota exceeded, database deleted or broken mid-session: keep going in memory (states are intact), with the
      // log IndexedDB still gives and the batch that failed, so that a rebuild (new model) still sees every event
      const info = toErrorInfo(error, 'STORAGE_UNAVAILABLE')
      rt.report({ code: 'STORAGE_UNAVAILABLE', message: `writing to IndexedDB failed (${info.message}); keeping data in memory for this page` })
      const broken = rt.store
      if (broken.kind !== 'indexeddb') return broken.write(events, o.states())
      const kept = await broken.readEvents().catch(() => [])
      broken.close()
      const memory = createMemoryStore()
      await memory.write([...kept, ...events], o.states())
      use(memory)
    },
    report: (error) => rt.report(error, 'STORAGE_UNAVAILABLE'),
  })

  return {
    /** The profile in use (events are stamped with it). */
    get profileId() {
      return profileId
    },
    /** Queues events and the states for writing (see {@link createWriteBehind}). */
    persist: writer.persist,
    /** Writes everything queued. */
    flush: writer.flush,

    /** Opens IndexedDB if consent allows (memory and `STORAGE_UNAVAILABLE` if it fails); restores or creates the profile id. */
    async open() {
      if (rt.opts.consent && o.indexedDB) {
        const idb = await openIdbStore(rt.opts.namespace)
        if (idb) use(idb)
        else rt.report({ code: 'STORAGE_UNAVAILABLE', message: 'IndexedDB is unavailable (private mode, quota or policy); keeping data in memory for this page only' })
      }
      const saved = await rt.store.getMeta('profileId').catch(() => undefined)
      profileId = rt.opts.profileId ?? (typeof saved === 'string' ? saved : randomProfileId())
      profileSaved = saved === profileId
      if (!profileSaved && rt.store.kind === 'indexeddb') profileSaved = await rt.store.setMeta('profileId', profileId).then(() => true, () => false)
    },

    /**
     * The device's event log, oldest first (to rebuild states). The queued events are written first: reading the
     * store and then the queue missed the events a delayed write took from the queue while the store was being read.
     */
    log: async (): Promise<AuspexEvent[]> => {
      await writer.flush()
      return (await rt.store.readEvents()).sort((a, b) => a.timestamp - b.timestamp)
    },

    /** A new profile (forget): `profileId` of the options, else `next`; saved with the next write. */
    resetProfile(next: string) {
      profileId = rt.opts.profileId ?? next
      profileSaved = false
    },

    /** Drops the queued writes and erases the store (forget). */
    async erase() {
      await writer.drop()
      await rt.store.erase()
    },

    /**
     * Consent given: events, cached models and segments move to IndexedDB (memory if it does not open). Consent
     * withdrawn: the events move to memory and IndexedDB is erased. Run it as a serial task.
     */
    async consent(granted: boolean) {
      if (granted === rt.opts.consent && (rt.store.kind === 'indexeddb' || !granted)) return
      rt.opts = { ...rt.opts, consent: granted }
      await writer.flush()
      const previous = rt.store
      if (granted) {
        const idb = o.indexedDB ? await openIdbStore(rt.opts.namespace) : null
        if (!idb) return rt.report({ code: 'STORAGE_UNAVAILABLE', message: 'consent given, but IndexedDB is unavailable; keeping data in memory' })
        await idb.write(await previous.readEvents(), [])
        await o.copyCache(idb)
        use(idb)
        profileSaved = false
        writer.persist([])
        await writer.flush()
      } else {
        const memory = createMemoryStore()
        await memory.write(await previous.readEvents(), [])
        await previous.erase()
        use(memory)
      }
    },
  }
}
