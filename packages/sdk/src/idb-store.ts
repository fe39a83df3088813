import { deleteDB, type IDBPDatabase } from 'idb'
import { openDb, type AuspexDB } from './db.ts'
import { LOG_MAX_AGE_MS, LOG_MAX_EVENTS, type Store } from './store.ts'

/**
 * The IndexedDB store. The connection opens lazily and reopens after another tab's `forget()` closed it.
 * @throws from the first call when IndexedDB refuses; {@link openIdbStore} checks that up front.
 */
function createIdbStore(name: string, first: IDBPDatabase<AuspexDB>): Store {
  let db: Promise<IDBPDatabase<AuspexDB>> | null = Promise.resolve(first)
  const onClose = () => {
    db = null
  }
  const conn = () => (db ??= openDb(name, onClose))
  return {
    kind: 'indexeddb',
    getMeta: async (key) => (await conn()).get('meta', key),
    setMeta: async (key, value) => void (await (await conn()).put('meta', value, key)),
    getModel: async (goal) => (await conn()).get('models', goal),
    putModel: async (record) => void (await (await conn()).put('models', record)),
    deleteModel: async (goal) => (await conn()).delete('models', goal),
    getState: async (goal) => (await conn()).get('states', goal),
    async write(events, states) {
      const tx = (await conn()).transaction(['events', 'states'], 'readwrite')
      const log = tx.objectStore('events')
      const st = tx.objectStore('states')
      for (const e of events) void log.add(e)
      for (const s of states) void st.put(s)
      await tx.done
    },
    readEvents: async () => (await conn()).getAllFromIndex('events', 'by-time'),
    async prune(now) {
      const tx = (await conn()).transaction('events', 'readwrite')
      const index = tx.store.index('by-time')
      let excess = (await tx.store.count()) - LOG_MAX_EVENTS
      let cursor = await index.openCursor()
      while (cursor && (excess > 0 || cursor.value.timestamp < now - LOG_MAX_AGE_MS)) {
        await cursor.delete()
        excess--
        cursor = await cursor.continue()
      }
      await tx.done
    },
    async erase() {
      const open = db
      db = null
      if (open) (await open.catch(() => null))?.close()
      await deleteDB(name)
    },
    close() {
      void db?.then((d) => d.close(), () => {})
      db = null
    },
  }
}

/** Opens the IndexedDB store, or returns null when IndexedDB is missing or refuses (the caller uses memory). */
export async function openIdbStore(name: string): Promise<Store | null> {
  try {
    let store: Store | null = null
    const first = await openDb(name, () => store?.close())
    store = createIdbStore(name, first)
    return store
  } catch {
    return null
  }
}
