import { loadModel, normalizeEvents, scoreEvents } from '@auspex/core'
import { describe, expect, it, vi } from 'vitest'
import { openDb } from './db.ts'
import { destroyEnginesAfterEach, engineOptions, startEngine } from './test-support/engine-harness.ts'
import { fakeEdge, until } from './test-support/fake-edge.ts'
import { DAY, GOAL, MIN, T0, shoppingEvents, testArtifact } from './test-support/fixtures.ts'

destroyEnginesAfterEach()
const options = engineOptions
const start = startEngine

const expected = (artifact = testArtifact(1), at: number, events = shoppingEvents()) =>
  scoreEvents(loadModel(artifact), normalizeEvents(events, 'p').events, at)

describe('engine with host-provided models', () => {
  it('scores tracked events and emits a score per event that changes it', async () => {
    const { engine, scores } = await start(options({ models: [testArtifact(1)] }))
    expect(scores).toHaveLength(1) // the model swapped in: the empty profile's score
    const events = shoppingEvents()
    for (const e of events) await engine.track(e, e.timestamp + 1)
    expect(scores.length).toBeGreaterThan(events.length / 2)
    for (let i = 1; i < scores.length; i++) expect(JSON.stringify(scores[i])).not.toBe(JSON.stringify(scores[i - 1]))
    const at = events.at(-1)!.timestamp + 1
    const s = await engine.score(GOAL, at)
    expect(s!.probability).toBeCloseTo(expected(testArtifact(1), at).probability, 9)
    expect(s!.factors.length).toBe(5)
  })

  it('drops an invalid event, reports it, and keeps scoring', async () => {
    const { engine, scores, errors } = await start(options({ models: [testArtifact(1)] }))
    await engine.track({ type: '', timestamp: T0 }, T0)
    await engine.track({ type: 'pageView', timestamp: 'not a date' }, T0)
    expect(errors.map((e) => e.code)).toEqual(['INVALID_EVENT', 'INVALID_EVENT'])
    expect(errors[1]!.message).toContain('timestamp')
    expect(scores).toHaveLength(1)
    await engine.track({ type: 'pageView', timestamp: T0 }, T0)
    expect(scores).toHaveLength(2)
    expect(errors).toHaveLength(2)
    expect(await engine.diagnostics()).toEqual({ events: 1, droppedEvents: 2, unknownTypes: {} })
  })

  it('returns null for a goal without a model and reports an unknown goal', async () => {
    const { engine, errors } = await start(options({ goals: [GOAL, 'churn-60d'], models: [testArtifact(1)] }))
    expect(await engine.score('churn-60d', T0)).toBeNull()
    expect(await engine.score('nope', T0)).toBeNull()
    expect(errors.map((e) => e.code)).toEqual(['UNKNOWN_GOAL'])
  })

  it('persists feature state across restarts (same profile, same score)', async () => {
    const opts = options({ models: [testArtifact(1)] })
    const a = await start(opts)
    for (const e of shoppingEvents()) await a.engine.track(e, e.timestamp)
    const at = T0 + 21 * DAY
    const before = await a.engine.score(GOAL, at)
    await a.engine.destroy()
    const b = await start(opts)
    expect(b.info.profileId).toBe(a.info.profileId)
    expect(b.info.storage).toBe('indexeddb')
    expect((await b.engine.score(GOAL, at))!.probability).toBe(before!.probability)
  })

  it('load() imports a history in one go', async () => {
    const { engine, scores } = await start(options({ models: [testArtifact(1)] }))
    await engine.load(shoppingEvents(), T0 + 30 * DAY)
    expect(scores).toHaveLength(2)
    expect(scores[1]!.probability).toBeCloseTo(expected(testArtifact(1), T0 + 30 * DAY).probability, 9)
  })
})

describe('engine with models from the edge', () => {
  it('fetches, caches, revalidates with If-None-Match and hot-swaps a new version', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const opts = options({ endpoint: 'https://edge.test' })
    const { engine, scores } = await start(opts, { fetch: edge.fetch })
    await until(() => (edge.requests.length === 1 ? engine.score(GOAL, T0) : null))
    for (const e of shoppingEvents()) await engine.track(e, e.timestamp)
    const v1 = scores.at(-1)!.modelVersion
    await engine.refresh(T0 + 21 * DAY)
    expect(edge.requests.at(-1)).toMatchObject({ status: 304, ifNoneMatch: `"${testArtifact(1).hash}"` })
    const count = scores.length
    edge.serve(GOAL, testArtifact(2))
    await engine.refresh(T0 + 21 * DAY)
    await until(() => scores.length > count)
    const swapped = scores.at(-1)!
    expect(swapped.modelVersion).toBe(testArtifact(2).version)
    expect(swapped.modelVersion).not.toBe(v1)
    // the new model reads other features: its state was rebuilt from the event log
    expect(swapped.probability).toBeCloseTo(expected(testArtifact(2), T0 + 21 * DAY).probability, 9)
  })

  it('starts offline from the cache and retries with backoff until the edge is back', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const opts = options({ endpoint: 'https://edge.test', revalidateEvery: 40 })
    const a = await start(opts, { fetch: edge.fetch })
    await until(() => a.engine.score(GOAL, T0))
    await a.engine.destroy()
    edge.setDown(true)
    const b = await start(opts, { fetch: edge.fetch })
    expect((await b.engine.score(GOAL, T0))!.modelVersion).toBe(testArtifact(1).version)
    await until(() => b.errors.some((e) => e.code === 'MODEL_FETCH_FAILED'))
    edge.serve(GOAL, testArtifact(2))
    edge.setDown(false)
    await until(async () => (await b.engine.score(GOAL, T0))?.modelVersion === testArtifact(2).version)
  })

  it('discards a corrupt cache entry and refetches', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const opts = options({ endpoint: 'https://edge.test' })
    const a = await start(opts, { fetch: edge.fetch })
    await until(() => a.engine.score(GOAL, T0))
    await a.engine.destroy()
    const db = await openDb(opts.namespace)
    const record = (await db.get('models', GOAL))!
    ;(record.artifact as { model: { intercept: number } }).model.intercept = 3 // tampered: the hash no longer matches
    await db.put('models', record)
    db.close()
    const before = edge.requests.length
    const b = await start(opts, { fetch: edge.fetch })
    expect(b.errors[0]).toMatchObject({ code: 'CACHE_CORRUPT' })
    expect(b.errors[0]!.message).toContain('hash')
    await until(() => b.engine.score(GOAL, T0))
    expect(edge.requests[before]).toMatchObject({ status: 200, ifNoneMatch: null })
  })

  it('rejects a model whose content does not match its hash, keeping the current one', async () => {
    const edge = fakeEdge()
    const bad = { ...testArtifact(2), percentiles: testArtifact(2).percentiles.map((p) => p / 2) }
    edge.serve(GOAL, testArtifact(1))
    const { engine, errors } = await start(options({ endpoint: 'https://edge.test' }), { fetch: edge.fetch })
    await until(() => engine.score(GOAL, T0))
    edge.serve(GOAL, bad)
    await engine.refresh(T0)
    expect(errors.map((e) => e.code)).toContain('MODEL_HASH_MISMATCH')
    expect((await engine.score(GOAL, T0))!.modelVersion).toBe(testArtifact(1).version)
  })
})

describe('storage, consent and forget', () => {
  it('keeps scoring in memory when IndexedDB is unavailable', async () => {
    const { engine, errors, info, scores } = await start(options({ models: [testArtifact(1)] }), { indexedDB: false })
    expect(info.storage).toBe('memory')
    await engine.track({ type: 'addToCart', timestamp: T0, value: 3 }, T0)
    expect(scores).toHaveLength(2)
    expect(errors).toEqual([])
  })

  it('falls back to memory when indexedDB.open fails (private mode, quota)', async () => {
    const original = globalThis.indexedDB
    ;(globalThis as { indexedDB: unknown }).indexedDB = { open: () => { throw new DOMException('denied', 'SecurityError') } }
    try {
      const { info, errors, engine } = await start(options({ models: [testArtifact(1)] }))
      expect(info.storage).toBe('memory')
      expect(errors[0]!.code).toBe('STORAGE_UNAVAILABLE')
      await engine.track({ type: 'view', timestamp: T0 }, T0)
      expect(await engine.score(GOAL, T0 + MIN)).not.toBeNull()
    } finally {
      ;(globalThis as { indexedDB: unknown }).indexedDB = original
    }
  })

  it('switches to memory when a write fails mid-session (quota exceeded), still scoring', async () => {
    const { engine, errors, scores } = await start(options({ models: [testArtifact(1)] }))
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError')
    })
    try {
      await engine.load(shoppingEvents(), T0 + 21 * DAY)
      // 'search' of the sequence is not in the test model's vocabulary
      expect(errors.map((e) => e.code)).toEqual(['UNKNOWN_EVENT_TYPE', 'STORAGE_UNAVAILABLE'])
      expect(errors[1]!.message).toContain('quota')
      await engine.track({ type: 'purchase', value: 5, timestamp: T0 + 21 * DAY }, T0 + 21 * DAY)
      await engine.load([], T0 + 21 * DAY) // waits for the writes
      expect(errors).toHaveLength(2) // reported once: the memory store takes over
      expect(scores.at(-1)!.probability).toBeCloseTo(expected(testArtifact(1), T0 + 21 * DAY + 1, [...shoppingEvents(), { type: 'purchase', value: 5, timestamp: T0 + 21 * DAY }]).probability, 9)
    } finally {
      spy.mockRestore()
    }
  })

  it('stores nothing without consent, and persists once consent is given', async () => {
    const opts = options({ models: [testArtifact(1)], consent: false })
    const { engine, info } = await start(opts)
    expect(info.storage).toBe('memory')
    await engine.track({ type: 'addToCart', timestamp: T0 }, T0)
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(opts.namespace)
    await engine.consent(true, T0)
    const db = await openDb(opts.namespace)
    expect(await db.count('events')).toBe(1)
    expect((await db.get('states', GOAL))!.state.n).toBe(1)
    expect(await db.get('meta', 'profileId')).toBe(info.profileId)
    db.close()
    await engine.consent(false, T0)
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(opts.namespace)
    expect((await engine.score(GOAL, T0 + MIN))!.probability).toBeGreaterThan(0)
  })

  it('forget() erases the database and resets the profile', async () => {
    const opts = options({ models: [testArtifact(1)] })
    const { engine, info } = await start(opts)
    for (const e of shoppingEvents()) await engine.track(e, e.timestamp)
    const fresh = await start(options({ models: [testArtifact(1)] }))
    const empty = await fresh.engine.score(GOAL, T0 + 30 * DAY)
    expect((await engine.score(GOAL, T0 + 30 * DAY))!.probability).not.toBe(empty!.probability)
    await engine.forget(T0 + 30 * DAY)
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(opts.namespace)
    expect((await engine.score(GOAL, T0 + 30 * DAY))!.probability).toBe(empty!.probability)
    await engine.destroy()
    const again = await start(opts)
    expect(again.info.profileId).not.toBe(info.profileId)
  })

  it('bounds the event log (events of every type; the state counts the known ones in n, the others in unknown)', async () => {
    const { LOG_MAX_EVENTS } = await import('./store.ts')
    const opts = options({ models: [testArtifact(1)] })
    const { engine } = await start(opts)
    // every third event is of a type the model does not know ('view' is not a canonical type nor an alias)
    const many = Array.from({ length: LOG_MAX_EVENTS + 300 }, (_, i) => ({ type: i % 3 === 0 ? 'view' : 'pageView', timestamp: T0 + i * MIN }))
    const unknown = many.filter((e) => e.type === 'view').length
    await engine.load(many, T0 + LOG_MAX_EVENTS * MIN)
    const db = await openDb(opts.namespace)
    expect(await db.count('events')).toBe(LOG_MAX_EVENTS)
    const { state } = (await db.get('states', GOAL))!
    expect(state.n).toBe(many.length - unknown)
    expect(state.unknown).toBe(unknown)
    db.close()
  })
})

describe('tabs', () => {
  it('a bulk load and a new cached model in one tab reach the other', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const opts = options({ endpoint: 'https://edge.test' })
    const a = await start(opts, { fetch: edge.fetch })
    await until(() => a.engine.score(GOAL, T0))
    const b = await start(opts, { fetch: edge.fetch })
    const at = T0 + 21 * DAY
    await a.engine.load(shoppingEvents(), at)
    await until(async () => (await b.engine.score(GOAL, at))?.probability === expected(testArtifact(1), at).probability)
    edge.serve(GOAL, testArtifact(2))
    await a.engine.refresh(at)
    await until(() => b.scores.some((s) => s.modelVersion === testArtifact(2).version))
    expect((await b.engine.score(GOAL, at))!.probability).toBeCloseTo(expected(testArtifact(2), at).probability, 9)
  })

  it('an event tracked in one tab reaches the other tab (BroadcastChannel), and both share IndexedDB', async () => {
    const opts = options({ models: [testArtifact(1)] })
    const a = await start(opts)
    const b = await start(opts)
    expect(b.info.profileId).toBe(a.info.profileId)
    await a.engine.track({ type: 'addToCart', timestamp: T0, value: 5 }, T0)
    await until(() => b.scores.length === 2)
    expect(b.scores[1]!.probability).toBe(a.scores[1]!.probability)
    await a.engine.forget(T0)
    await until(() => b.scores.length === 3)
    expect(b.scores[2]!.probability).toBe(b.scores[0]!.probability)
  })
})

describe('state versioning', () => {
  it('a stored state built for other features is never read: it is rebuilt from the event log', async () => {
    const opts = options({ models: [testArtifact(1)] })
    const a = await start(opts)
    await a.engine.load(shoppingEvents(), T0 + 21 * DAY)
    await a.engine.destroy()
    const db = await openDb(opts.namespace)
    const record = (await db.get('states', GOAL))!
    await db.put('states', { ...record, state: { ...record.state, key: 'other-features', n: 999 } })
    db.close()
    const b = await start(opts)
    const s = await b.engine.score(GOAL, T0 + 21 * DAY)
    expect(s!.probability).toBeCloseTo(expected(testArtifact(1), T0 + 21 * DAY).probability, 9)
  })

  it('a state stored by the previous SDK (STATE_VERSION 1, types as tracked) is rebuilt from the log, not lost', async () => {
    const opts = options({ models: [testArtifact(1)] })
    // what the previous SDK left in IndexedDB: its profile id, a v1 state (decayed counters) and the raw event log,
    // with the type names the page tracked (GA4 names were stored as they came, before the one vocabulary)
    const raw = [
      { type: 'page_view', timestamp: T0, item: 'A' },
      { type: 'add_to_cart', timestamp: T0 + 2 * MIN, item: 'A', value: 12.5 },
      { type: 'purchase', timestamp: T0 + 5 * MIN, value: 12.5 },
      { type: 'page_view', timestamp: T0 + 3 * DAY, item: 'B' },
      { type: 'add_to_cart', timestamp: T0 + 3 * DAY + MIN, item: 'B', value: 40 },
    ]
    const counter = (t: number) => ({ t, c: [1.2, 2.7, 3.1], s: [0, 0, 0] })
    const typeState = { n: 2, v: 52.5, last: T0 + 3 * DAY + MIN, d: counter(T0 + 3 * DAY + MIN) }
    const v1 = {
      v: 1, key: '3f2a9c0d1b7e4a55', first: T0, last: T0 + 3 * DAY + MIN, n: 5, value: 65, days: 2, lastDay: 15037, late: 0,
      all: counter(T0 + 3 * DAY + MIN),
      session: { n: 2, d: counter(T0 + 3 * DAY), start: T0 + 3 * DAY, end: T0 + 3 * DAY + MIN, events: 2, value: 40, items: ['B'] },
      types: [typeState, typeState, typeState], outcome: typeState, custom: [typeState],
    }
    const db = await openDb(opts.namespace)
    await db.put('meta', 'old-profile', 'profileId')
    for (const e of raw) await db.add('events', { profileId: 'old-profile', ...e })
    await db.put('states', { goal: GOAL, state: v1 as never, updatedAt: T0 + 3 * DAY })
    db.close()
    const { engine, info, errors } = await start(opts)
    expect(info.profileId).toBe('old-profile')
    const at = T0 + 3 * DAY + 2 * MIN
    const s = (await engine.score(GOAL, at))!
    expect(s.probability).toBeCloseTo(expected(testArtifact(1), at, raw).probability, 9)
    expect(s.factors.find((f) => f.code === 'count_addtocart_1d')!.value).toBe(1)
    expect(errors).toEqual([])
    // the next write stores the rebuilt state in the current version
    await engine.track({ type: 'pageView', timestamp: at }, at)
    await engine.load([], at)
    const again = await openDb(opts.namespace)
    expect((await again.get('states', GOAL))!.state).toMatchObject({ v: 2, key: loadModel(testArtifact(1)).engine.key, n: raw.length + 1 })
    again.close()
  })

  it('a new version with the same features keeps the state; one with other features rebuilds it from the log', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const opts = options({ endpoint: 'https://edge.test' })
    const { engine } = await start(opts, { fetch: edge.fetch })
    await until(() => engine.score(GOAL, T0))
    await engine.load(shoppingEvents(), T0 + 21 * DAY)
    const db = await openDb(opts.namespace)
    await db.clear('events') // the log is gone (as if pruned); only the state remembers the history
    db.close()
    const at = T0 + 21 * DAY
    const sameFeatures = testArtifact(1, -1.5)
    expect(loadModel(sameFeatures).engine.key).toBe(loadModel(testArtifact(1)).engine.key)
    edge.serve(GOAL, sameFeatures)
    await engine.refresh(at)
    const kept = (await engine.score(GOAL, at))!
    expect(kept.modelVersion).toBe(sameFeatures.version)
    expect(kept.probability).toBeCloseTo(expected(sameFeatures, at).probability, 9)
    edge.serve(GOAL, testArtifact(2))
    await engine.refresh(at)
    const rebuilt = (await engine.score(GOAL, at))!
    expect(rebuilt.modelVersion).toBe(testArtifact(2).version)
    expect(rebuilt.probability).toBeCloseTo(expected(testArtifact(2), at, []).probability, 9)
  })
})

