import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import { createAuspex, type Auspex } from './client.ts'
import type { AuspexScore, Diagnostics, ErrorInfo, ScoreChanges } from './protocol.ts'
import { fakeEdge, until } from './test-support/fake-edge.ts'
import { GOAL, T0, testArtifact } from './test-support/fixtures.ts'

let n = 0
const open: Auspex[] = []
afterEach(() => open.splice(0).forEach((a) => a.destroy()))

function make(extra: Parameters<typeof createAuspex>[0] | Record<string, unknown> = {}) {
  const errors: ErrorInfo[] = []
  let t = T0
  const auspex = createAuspex({ goals: [GOAL], models: [testArtifact(1)], clock: () => (t += 1000), namespace: `client-${++n}`, onError: (e) => void errors.push(e), ...extra } as Parameters<typeof createAuspex>[0])
  open.push(auspex)
  return { auspex, errors }
}

describe('createAuspex (main-thread engine: Node has no Worker)', () => {
  it('track → subscribe: the callback gets the new score and factors', async () => {
    const { auspex } = make()
    const got: AuspexScore[] = []
    auspex.subscribe(GOAL, (s) => void got.push(s))
    auspex.track({ type: 'addToCart', item: 'sku-1', value: 12.5 })
    auspex.track({ type: 'addToCart', item: 'sku-2', value: 3 })
    auspex.track({ type: 'purchase', value: 200 })
    await until(() => got.length >= 3)
    for (let i = 1; i < got.length; i++) expect(got[i]!.probability).not.toBe(got[i - 1]!.probability)
    expect(got[1]!.factors.find((f) => f.code === 'count_addtocart_1d')!.value).toBeCloseTo(1, 4)
    expect(got.at(-1)!.factors.find((f) => f.code === 'days_since_purchase')!.value).toBe(0)
    expect(await auspex.score(GOAL)).toMatchObject({ goal: GOAL, modelVersion: testArtifact(1).version })
  })

  it('debug: true prints each problem once (the engine reports to the client, which logs)', async () => {
    const warned: string[] = []
    const original = console.warn
    console.warn = (...args: unknown[]) => void warned.push(args.map(String).join(' '))
    try {
      const { auspex, errors } = make({ debug: true })
      auspex.track({ type: '', value: 1 }) // invalid: dropped and reported by the engine
      await until(() => errors.length >= 1)
      await new Promise((r) => setTimeout(r, 50))
      expect(errors.map((e) => e.code)).toEqual(['INVALID_EVENT'])
      expect(warned.filter((w) => w.includes('INVALID_EVENT'))).toHaveLength(1)
    } finally {
      console.warn = original
    }
  })

  it('unsubscribe stops the callbacks; a throwing subscriber is reported, not thrown', async () => {
    const { auspex, errors } = make()
    const got: AuspexScore[] = []
    const stop = auspex.subscribe(GOAL, (s) => void got.push(s))
    auspex.subscribe(GOAL, () => {
      throw new Error('host bug')
    })
    await auspex.ready
    auspex.track({ type: 'view' })
    await auspex.score(GOAL)
    const count = got.length
    stop()
    auspex.track({ type: 'purchase', value: 5 })
    await auspex.score(GOAL)
    expect(got.length).toBe(count)
    expect(errors.some((e) => e.code === 'SUBSCRIBER_FAILED')).toBe(true)
  })

  it('never throws into the page, whatever track and load are given', async () => {
    const { auspex, errors } = make()
    const bad: unknown[] = [null, undefined, 42, { type: 5 }, { type: 'x', value: 'abc' }, { type: 'x', attributes: { nested: {} } }, { type: 'x', attributes: { f: () => 1 } }]
    for (const b of bad) expect(() => auspex.track(b as never)).not.toThrow()
    await expect(auspex.load(null as never)).resolves.toBeUndefined()
    await auspex.score(GOAL)
    expect(errors.filter((e) => e.code === 'INVALID_EVENT').length).toBeGreaterThanOrEqual(bad.length)
  })

  it('reports invalid options (naming the option) and stays inert', async () => {
    const { auspex, errors } = make({ goals: [], models: undefined })
    await auspex.ready
    expect(errors[0]!.code).toBe('INVALID_OPTIONS')
    expect(errors[0]!.message).toContain('goals')
    expect(await auspex.score(GOAL)).toBeNull()
    expect(() => auspex.track({ type: 'view' })).not.toThrow()
  })

  it('score is null until a model arrives from the edge, then the subscriber gets it', async () => {
    const edge = fakeEdge()
    const realFetch = globalThis.fetch
    globalThis.fetch = edge.fetch as typeof fetch
    try {
      const { auspex } = make({ models: undefined, endpoint: 'https://edge.test' })
      const got: AuspexScore[] = []
      auspex.subscribe(GOAL, (s) => void got.push(s))
      await auspex.ready
      expect(await auspex.score(GOAL)).toBeNull()
      edge.serve(GOAL, testArtifact(1))
      await auspex.refresh()
      await until(() => got.length > 0)
      expect(got[0]!.modelVersion).toBe(testArtifact(1).version)
    } finally {
      globalThis.fetch = realFetch
    }
  })

  it('nothing happens after destroy()', async () => {
    const { auspex } = make()
    await auspex.ready
    auspex.destroy()
    expect(await auspex.score(GOAL)).toBeNull()
    expect(() => auspex.track({ type: 'view' })).not.toThrow()
  })
})

describe('public API types', () => {
  it('matches the contract the demo builds against', async () => {
    const { auspex } = make()
    expectTypeOf(auspex.track).returns.toEqualTypeOf<void>()
    expectTypeOf(auspex.score).returns.toEqualTypeOf<Promise<AuspexScore | null>>()
    expectTypeOf(auspex.subscribe).returns.toEqualTypeOf<() => void>()
    expectTypeOf<AuspexScore['bucket']>().toEqualTypeOf<'low' | 'medium' | 'high'>()
    expectTypeOf(auspex.ready).toEqualTypeOf<Promise<void>>()
    expectTypeOf<AuspexScore['changes']>().toEqualTypeOf<ScoreChanges | undefined>()
    expectTypeOf<ScoreChanges['terms'][number]>().toEqualTypeOf<{ code: string; label: string; delta: number }>()
    expectTypeOf<ScoreChanges['cause']>().toEqualTypeOf<string[]>()
    expectTypeOf(auspex.diagnostics).returns.toEqualTypeOf<Promise<Diagnostics>>()
    const s = (await auspex.score(GOAL))!
    // `changes`: the model's first score was sent when it swapped in; this one is measured from it
    expect(Object.keys(s).sort()).toEqual(['bucket', 'changes', 'eligible', 'factors', 'goal', 'modelVersion', 'percentile', 'probability', 'score'])
    expect(await auspex.diagnostics()).toEqual({ events: 0, droppedEvents: 0, unknownTypes: {} })
  })
})

