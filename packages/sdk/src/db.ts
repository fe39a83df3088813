import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { AuspexEvent, FeatureState } from '@auspex/core'

/** A cached model: the artifact as received (re-verified on every load) and its ETag. */
export interface ModelRecord {
  goal: string
  etag: string | null
  /** the artifact JSON as fetched; verified against its content hash before use */
  artifact: unknown
  fetchedAt: number
}

/** One goal's feature state; `state.key` names the feature engine it was built for. */
export interface StateRecord {
  goal: string
  state: FeatureState
  updatedAt: number
}

/**
 * The on-device database, typed. Version history:
 * - 1: `meta` (profileId, consent), `models` (by goal), `states` (by goal), `events` (auto key, `by-time` index).
 */
export interface AuspexDB extends DBSchema {
  meta: { key: string; value: string | number | boolean }
  models: { key: string; value: ModelRecord }
  states: { key: string; value: StateRecord }
  events: { key: number; value: AuspexEvent; indexes: { 'by-time': number } }
}

export const DB_VERSION = 1

/**
 * Opens (creating or migrating) the SDK database. `upgrade` walks every version from the stored one, so a
 * page that last ran an old SDK is migrated step by step. When another tab deletes the database
 * (`forget()`) or upgrades it, this connection closes itself and `onClose` is called.
 * @throws when IndexedDB is missing or refuses (private mode, quota, blocked); callers fall back to memory.
 */
export async function openDb(name: string, onClose: () => void = () => {}): Promise<IDBPDatabase<AuspexDB>> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) throw new Error('IndexedDB is not available')
  const db = await openDB<AuspexDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('meta')
        db.createObjectStore('models', { keyPath: 'goal' })
        db.createObjectStore('states', { keyPath: 'goal' })
        db.createObjectStore('events', { autoIncrement: true }).createIndex('by-time', 'timestamp')
      }
    },
    blocking() {
      db.close()
      onClose()
    },
    terminated: onClose,
  })
  return db
}
