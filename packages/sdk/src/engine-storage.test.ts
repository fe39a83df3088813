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
