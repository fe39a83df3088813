import { commands } from 'vitest/browser'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAuspex, type Auspex, type AuspexOptions } from './index.ts'
import { openDb } from './db.ts'
import type { AuspexScore, ErrorInfo } from './protocol.ts'
import { databases, edgeSpace } from './test-support/browser-edge.ts'
import { until } from './test-support/fake-edge.ts'
import { DAY, GOAL, T0, shoppingEvents, testArtifact } from './test-support/fixtures.ts'

let n = 0
const open: Auspex[] = []
afterEach(() => {
  open.splice(0).forEach((a) => a.destroy())
  vi.unstubAllGlobals()
})

function make(extra: Partial<AuspexOptions> = {}) {
  const errors: ErrorInfo[] = []
  const scores: AuspexScore[] = []
  const namespace = extra.namespace ?? `b${Date.now()}-${++n}`
  const auspex = createAuspex({ goals: [GOAL], clock: () => T0 + 21 * DAY, namespace, onError: (e) => void errors.push(e), ...extra })
  auspex.subscribe(GOAL, (s) => void scores.push(s))
  open.push(auspex)
  return { auspex, errors, scores, namespace }
}

describe('in Chromium, with a module worker and IndexedDB', () => {
  it('track → subscribe delivers the new score and factors from the worker', async () => {
    const { auspex, scores, errors } = make({ models: [testArtifact(1)] })
    await auspex.ready
    auspex.track({ type: 'addToCart', item: 'sku-1', value: 12.5 })
    auspex.track({ type: 'purchase', value: 250 })
    await until(() => scores.some((s) => s.factors.some((f) => f.code === 'days_since_purchase' && f.value === 0)))
    expect(errors).toEqual([]) // in particular no WORKER_UNAVAILABLE: the worker ran
    expect(scores.at(-1)!.modelVersion).toBe(testArtifact(1).version)
  })

  it('parity: the worker scores a sequence exactly as core does in Node (1e-6)', async () => {
    const at = T0 + 21 * DAY
    for (const variant of [1, 2] as const) {
      const artifact = testArtifact(variant)
      const { auspex } = make({ models: [artifact], topFactors: 5 })
      await auspex.load(shoppingEvents())
      const sdk = (await auspex.score(GOAL))!
      const core = await commands.coreScore(artifact, shoppingEvents(), at)
      expect(Math.abs(sdk.probability - core.probability)).toBeLessThan(1e-6)
      expect([sdk.score, sdk.percentile, sdk.bucket, sdk.eligible]).toEqual([core.score, core.percentile, core.bucket, core.eligible])
      expect(sdk.factors.map((f) => f.code)).toEqual(core.factors.map((f) => f.code))
      sdk.factors.forEach((f, i) => expect(Math.abs(f.contribution - core.factors[i]!.contribution)).toBeLessThan(1e-6))
    }
  })

  it('persists across reloads: a new instance reads the same profile and state from IndexedDB', async () => {
    const a = make({ models: [testArtifact(1)] })
    await a.auspex.load(shoppingEvents())
    const before = (await a.auspex.score(GOAL))!
    a.auspex.destroy()
    const b = make({ models: [testArtifact(1)], namespace: a.namespace })
    expect((await b.auspex.score(GOAL))!.probability).toBe(before.probability)
    const db = await openDb(a.namespace)
    expect(await db.count('events')).toBe(shoppingEvents().length)
    db.close()
  })

  it('revalidates with If-None-Match and hot-swaps a new model version without a reload', async () => {
    const edge = edgeSpace()
    await edge.serve(testArtifact(1))
    const { auspex, scores } = make({ endpoint: edge.endpoint, revalidateEvery: 300 })
    await until(() => scores.length > 0)
    expect(scores[0]!.modelVersion).toBe(testArtifact(1).version)
    await until(async () => (await edge.requests()).some((r) => r.status === 304))
    await edge.serve(testArtifact(2))
    await until(() => scores.at(-1)!.modelVersion === testArtifact(2).version)
    auspex.track({ type: 'purchase', value: 20 })
    await until(() => scores.at(-1)!.factors.some((f) => f.code === 'days_since_purchase' && f.value === 0))
    expect(scores.at(-1)!.modelVersion).toBe(testArtifact(2).version)
  })

  it('starts offline from the cached model, then recovers when the edge is back', async () => {
    const edge = edgeSpace()
    await edge.serve(testArtifact(1))
    const a = make({ endpoint: edge.endpoint })
    await until(() => a.scores.length > 0)
    a.auspex.destroy()
    await edge.setDown(true)
    const b = make({ endpoint: edge.endpoint, namespace: a.namespace, revalidateEvery: 200 })
    expect((await b.auspex.score(GOAL))!.modelVersion).toBe(testArtifact(1).version)
    await until(() => b.errors.some((e) => e.code === 'MODEL_FETCH_FAILED'))
    await edge.serve(testArtifact(2))
    await edge.setDown(false)
    await until(async () => (await b.auspex.score(GOAL))?.modelVersion === testArtifact(2).version)
  })

  it('discards a corrupt cache entry and refetches', async () => {
    const edge = edgeSpace()
    await edge.serve(testArtifact(1))
    const a = make({ endpoint: edge.endpoint })
    await until(() => a.scores.length > 0)
    a.auspex.destroy()
    await new Promise((r) => setTimeout(r, 50))
    const db = await openDb(a.namespace)
    const record = (await db.get('models', GOAL))!
    record.artifact = { ...(record.artifact as object), percentiles: 'garbage' }
    await db.put('models', record)
    db.close()
    const before = (await edge.requests()).length
    const b = make({ endpoint: edge.endpoint, namespace: a.namespace })
    await until(() => b.errors.some((e) => e.code === 'CACHE_CORRUPT'))
    await until(() => b.scores.length > 0)
    expect(b.scores[0]!.modelVersion).toBe(testArtifact(1).version)
    // refetched (the browser's HTTP cache may revalidate it with its own If-None-Match: the body is the edge's)
    expect((await edge.requests()).length).toBeGreaterThan(before)
    const again = await openDb(a.namespace)
    expect(((await again.get('models', GOAL))!.artifact as { percentiles: unknown }).percentiles).toEqual(testArtifact(1).percentiles)
    again.close()
  })

  it('forget() erases every on-device byte', async () => {
    const { auspex, namespace } = make({ models: [testArtifact(1)] })
    await auspex.load(shoppingEvents())
    expect(await databases()).toContain(namespace)
    await auspex.forget()
    expect(await databases()).not.toContain(namespace)
  })

  it('consent: nothing is stored until consent(true); consent(false) erases it', async () => {
    const { auspex, namespace } = make({ models: [testArtifact(1)], consent: false })
    await auspex.load(shoppingEvents())
    expect(await auspex.score(GOAL)).not.toBeNull()
    expect(await databases()).not.toContain(namespace)
    await auspex.consent(true)
    const db = await openDb(namespace)
    expect(await db.count('events')).toBe(shoppingEvents().length)
    db.close()
    await auspex.consent(false)
    expect(await databases()).not.toContain(namespace)
  })

  it('tabs: an event tracked in one reaches the other (BroadcastChannel between workers)', async () => {
    const a = make({ models: [testArtifact(1)] })
    const b = make({ models: [testArtifact(1)], namespace: a.namespace })
    await Promise.all([a.auspex.ready, b.auspex.ready])
    const before = (await b.auspex.score(GOAL))!.probability
    a.auspex.track({ type: 'purchase', value: 300 })
    const after = (await a.auspex.score(GOAL))!.probability
    expect(after).not.toBe(before)
    // b's worker never saw the track call: the event came over the BroadcastChannel
    await until(() => b.scores.at(-1)?.probability === after)
    expect((await b.auspex.score(GOAL))!.probability).toBe(after)
  })
})

describe('in Chromium, when things are missing', () => {
  it('no Worker: the same engine runs on the main thread', async () => {
    vi.stubGlobal('Worker', undefined)
    const { auspex, scores } = make({ models: [testArtifact(1)] })
    auspex.track({ type: 'purchase', value: 40 })
    await until(() => scores.some((s) => s.factors.some((f) => f.code === 'days_since_purchase' && f.value === 0)))
  })

  it('a Worker that cannot start (e.g. CSP): reported, then the main thread takes over', async () => {
    vi.stubGlobal('Worker', class {
      constructor() {
        throw new DOMException('blocked by CSP', 'SecurityError')
      }
    })
    const { auspex, errors } = make({ models: [testArtifact(1)] })
    await auspex.ready
    expect(errors.map((e) => e.code)).toEqual(['WORKER_UNAVAILABLE'])
    auspex.track({ type: 'pageView' })
    expect(await auspex.score(GOAL)).not.toBeNull()
  })

  it('a worker script that fails to load: reported, then the main thread takes over', async () => {
    const RealWorker = Worker
    vi.stubGlobal('Worker', class extends RealWorker {
      constructor(_url: string | URL, options?: WorkerOptions) {
        super('/__no-such-worker__.js', options)
      }
    })
    const { auspex, errors, scores } = make({ models: [testArtifact(1)] })
    await auspex.ready
    expect(errors.map((e) => e.code)).toEqual(['WORKER_UNAVAILABLE'])
    auspex.track({ type: 'purchase', value: 40 })
    await until(() => scores.some((s) => s.factors.some((f) => f.code === 'days_since_purchase' && f.value === 0)))
  })

  it('no IndexedDB: scores in memory', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const { auspex, errors } = make({ models: [testArtifact(1)], worker: false })
    await auspex.load(shoppingEvents())
    // and the sequence's 'search', which the test model does not know
    expect(errors.map((e) => e.code)).toEqual(['STORAGE_UNAVAILABLE', 'UNKNOWN_EVENT_TYPE'])
    expect((await auspex.score(GOAL))!.probability).toBeGreaterThan(0)
  })
})
