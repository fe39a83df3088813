import { describe, expect, it } from 'vitest'
import { createEngineRuntime } from './engine-runtime.ts'
import { createEngineStorage } from './engine-storage.ts'
import { shoppingEvents } from './test-support/fixtures.ts'

let n = 0

async function storage(indexedDB: boolean) {
  const rt = createEngineRuntime()
  rt.opts = { goals: [], consent: true, revalidateEvery: 300_000, topFactors: 5, namespace: `storage-${++n}`, debug: false }
  const s = createEngineStorage(rt, { indexedDB, states: () => [], onStore() {}, async copyCache() {} })
  await s.open()
  return { rt, s }
}

describe('engine storage: the event log', () => {
  for (const indexedDB of [true, false]) {
    it(`holds queued events even when a delayed write starts while the store is read (${indexedDB ? 'IndexedDB' : 'memory'})`, async () => {
      const { rt, s } = await storage(indexedDB)
      const events = shoppingEvents().map((e) => ({ ...e, profileId: 'p' }))
      s.persist(events.slice(0, 2))
      await s.flush()
      s.persist(events.slice(2))
      // The write-behind's timer firing while the log reads the store (as a model hot-swap can hit it)
      const log = s.log()
      void s.flush()
      expect((await log).map((e) => e.timestamp)).toEqual(events.map((e) => e.timestamp).sort((a, b) => a - b))
      expect(rt.store.kind).toBe(indexedDB ? 'indexeddb' : 'memory')
    })
  }
})

describe('engine storage: a failed write', () => {
  it('moves to memory with the log IndexedDB held and the batch that failed, and reports STORAGE_UNAVAILABLE', async () => {
    const { rt, s } = await storage(true)
    const errors: string[] = []
    rt.cb = { onScore() {}, onError: (e) => void errors.push(e.code) }
    const events = shoppingEvents().map((e) => ({ ...e, profileId: 'p' }))
    s.persist(events.slice(0, 2))
    await s.flush()
    // IndexedDB refuses the next transaction (as when the quota is exceeded); reading still works
    const idb = rt.store
    idb.write = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
    s.persist(events.slice(2))
    await s.flush()
    expect(errors).toEqual(['STORAGE_UNAVAILABLE'])
    expect(rt.store.kind).toBe('memory')
    expect((await s.log()).map((e) => e.timestamp)).toEqual(events.map((e) => e.timestamp).sort((a, b) => a - b))
  })

  it('keeps the batch that failed when IndexedDB cannot be read either', async () => {
    const { rt, s } = await storage(true)
    const events = shoppingEvents().map((e) => ({ ...e, profileId: 'p' }))
    const idb = rt.store
    idb.write = () => Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError'))
    idb.readEvents = () => Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError'))
    s.persist(events)
    await s.flush()
    expect(rt.store.kind).toBe('memory')
    expect((await s.log())).toHaveLength(events.length)
  })
})
