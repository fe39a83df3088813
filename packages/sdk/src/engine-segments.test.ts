import { compileSegments, loadModel, matchingSegments, normalizeEvents, scoreEvents } from '@auspex/core'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from './db.ts'
import { createEngine, type EngineDeps } from './engine.ts'
import type { EngineApi, EngineOptions, ErrorInfo, SegmentChange } from './protocol.ts'
import { fakeEdge, until } from './test-support/fake-edge.ts'
import { GOAL, T0, shoppingEvents, testArtifact } from './test-support/fixtures.ts'

let n = 0
const open: EngineApi[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.destroy()))
})

/** engaged: a medium bucket; cold: a score of 10 or less — the shopping sequence moves in and out of both. */
const RULES = [{ name: 'engaged', goal: GOAL, bucket: 'medium' as const }, { name: 'cold', goal: GOAL, score: { max: 10 } }]

async function start(extra: Partial<EngineOptions>, deps: EngineDeps = {}) {
  const changes: SegmentChange[] = []
  const errors: ErrorInfo[] = []
  const engine = createEngine(deps)
  open.push(engine)
  const opts: EngineOptions = { goals: [GOAL], consent: true, revalidateEvery: 300_000, topFactors: 5, namespace: `seg-${++n}`, debug: false, models: [testArtifact(1)], ...extra }
  await engine.init(opts, { onScore() {}, onError: (e) => void errors.push(e), onSegments: (c) => void changes.push(c) }, T0)
  return { engine, changes, errors, namespace: opts.namespace }
}

/** The segment sets core gives after each prefix of the sequence (each scored just after its last event). */
function expectedSets(): string[][] {
  const model = loadModel(testArtifact(1))
  const segments = compileSegments(RULES)
  const events = shoppingEvents()
  const sets = [matchingSegments(segments, { [GOAL]: scoreEvents(model, [], T0) }).sort()]
  for (let i = 1; i <= events.length; i++) {
    const at = events[i - 1]!.timestamp + 1
    sets.push(matchingSegments(segments, { [GOAL]: scoreEvents(model, normalizeEvents(events.slice(0, i), 'p').events, at) }).sort())
  }
  return sets.filter((s, i) => i === 0 || s.join() !== sets[i - 1]!.join())
}

describe('engine segments', () => {
  it('host rules: one change per transition, exactly the sets core computes', async () => {
    const { engine, changes, errors } = await start({ segments: RULES })
    for (const e of shoppingEvents()) await engine.track(e, e.timestamp + 1)
    const sets = expectedSets()
    expect(sets.length).toBeGreaterThanOrEqual(5) // the sequence really moves in and out
    expect(changes.map((c) => c.segments)).toEqual(sets)
    changes.forEach((c, i) => {
      const before = i === 0 ? [] : sets[i - 1]!
      expect(c.entered).toEqual(sets[i]!.filter((s) => !before.includes(s)))
      expect(c.left).toEqual(before.filter((s) => !sets[i]!.includes(s)))
      expect(c.version).toBeNull()
    })
    expect(await engine.segments(shoppingEvents().at(-1)!.timestamp + 1)).toEqual(sets.at(-1))
    // the sequence's 'search' is not in the test model's vocabulary: reported once, nothing else
    expect(errors.map((e) => e.code)).toEqual(['UNKNOWN_EVENT_TYPE'])
  })

  it('forget(): every segment is left, then the fresh profile is evaluated', async () => {
    const { engine, changes } = await start({ segments: RULES })
    await engine.track({ type: 'purchase', value: 250, timestamp: T0 }, T0 + 1)
    expect(changes.at(-1)!.segments).toEqual(['engaged'])
    const count = changes.length
    await engine.forget(T0 + 2)
    expect(changes.slice(count).map((c) => [c.entered, c.left])).toEqual([[[], ['engaged']], [['cold'], []]])
  })

  it('without consent segments work in memory, and consent(false) later keeps them', async () => {
    const { engine, changes } = await start({ segments: RULES, consent: false })
    await engine.track({ type: 'purchase', value: 250, timestamp: T0 }, T0 + 1)
    expect(changes.map((c) => c.segments.join())).toEqual(['cold', 'engaged'])
    await engine.consent(true, T0 + 2)
    await engine.consent(false, T0 + 3)
    expect(await engine.segments(T0 + 3)).toEqual(['engaged'])
    expect(changes).toHaveLength(2)
  })

  it('invalid host rules are reported with core code and JSON path; nothing is evaluated', async () => {
    const { engine, changes, errors } = await start({ segments: [RULES[0]!, { name: 'bad', goal: GOAL, bucket: 'hot' }] as never })
    expect(errors.map((e) => e.code)).toEqual(['INVALID_SEGMENT'])
    expect(errors[0]!.message).toContain('[1].bucket')
    await engine.track({ type: 'purchase', value: 250, timestamp: T0 }, T0 + 1)
    expect(changes).toEqual([])
    expect(await engine.segments(T0 + 1)).toEqual([])
  })

  it('edge rules: fetched, cached in IndexedDB, revalidated with If-None-Match, used offline, bad updates refused', async () => {
    const edge = fakeEdge()
    edge.serveSegments('v1', [RULES[1]!])
    const a = await start({ endpoint: 'https://edge.test', segments: true }, { fetch: edge.fetch })
    await until(() => a.changes.length > 0)
    expect(a.changes).toMatchObject([{ entered: ['cold'], version: 'v1' }])
    await a.engine.refresh(T0)
    expect(edge.requests.filter((r) => r.url.endsWith('/v1/segments')).map((r) => [r.ifNoneMatch, r.status])).toEqual([[null, 200], ['"v1"', 304]])
    edge.serveSegments('v2', [{ name: 'Bad Name', goal: GOAL }])
    await a.engine.refresh(T0)
    expect(a.errors.map((e) => e.code)).toEqual(['INVALID_SEGMENT'])
    expect(await a.engine.segments(T0)).toEqual(['cold'])
    await a.engine.destroy()
    const db = await openDb(a.namespace)
    expect(JSON.parse((await db.get('meta', 'segments')) as string)).toMatchObject({ version: 'v1', etag: '"v1"' })
    db.close()

    edge.setDown(true)
    const b = await start({ endpoint: 'https://edge.test', segments: true, namespace: a.namespace }, { fetch: edge.fetch })
    expect(b.changes).toMatchObject([{ entered: ['cold'], version: 'v1' }]) // from the cache, before any fetch
    await until(() => b.errors.some((e) => e.code === 'SEGMENTS_FETCH_FAILED'))
    edge.setDown(false)
    edge.serveSegments(null, [])
    await b.engine.refresh(T0)
    expect(b.changes.at(-1)).toMatchObject({ left: ['cold'], segments: [], version: null })
  })
})
