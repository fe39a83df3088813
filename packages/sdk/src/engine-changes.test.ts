import { loadModel } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { destroyEnginesAfterEach, engineOptions, startEngine } from './test-support/engine-harness.ts'
import { fakeEdge, until } from './test-support/fake-edge.ts'
import { CHURN_GOAL, DAY, GOAL, MIN, T0, churnArtifact, shoppingEvents, testArtifact } from './test-support/fixtures.ts'
import type { AuspexScore } from './protocol.ts'

destroyEnginesAfterEach()

const sum = (s: AuspexScore) => s.changes!.terms.reduce((t, c) => t + c.delta, 0)
/** The calibrated logit of a score's probability (what `changes.logit` is the difference of). */
const logit = (p: number) => Math.log(p / (1 - p))

describe('changes: why a score moved', () => {
  it('the first score has none; each later one has exact term deltas, the cause and the previous score time', async () => {
    const { engine, scores } = await startEngine(engineOptions({ models: [testArtifact(1)] }))
    expect(scores).toHaveLength(1)
    expect(scores[0]!.changes).toBeUndefined()
    await engine.track({ type: 'pageView', item: 'A', timestamp: T0 }, T0)
    await engine.track({ type: 'addToCart', item: 'A', value: 12.5, timestamp: T0 + MIN }, T0 + MIN)
    expect(scores).toHaveLength(3)
    const [, before, after] = scores as [AuspexScore, AuspexScore, AuspexScore]
    const c = after.changes!
    expect(c.cause).toEqual(['addToCart'])
    expect(c.since).toBe(T0)
    expect(Math.abs(sum(after) - c.logit)).toBeLessThan(1e-9)
    expect(c.logit).toBeCloseTo(logit(after.probability) - logit(before.probability), 6)
    expect(c.probability).toBeCloseTo(after.probability - before.probability, 12)
    expect(c.points).toBe(after.score - before.score)
    expect(c.terms.map((t) => t.code)).toEqual(['count_addtocart_1d'])
    expect(c.terms[0]!.label).toBe(after.factors.find((f) => f.code === 'count_addtocart_1d')!.label)
    // the exact deltas of core's change(): the contributions before and after
    const model = loadModel(testArtifact(1))
    const contribution = (s: AuspexScore) => s.factors.find((f) => f.code === 'count_addtocart_1d')?.contribution ?? 0
    expect(c.terms[0]!.delta).toBeCloseTo(contribution(after) - contribution(before), 9)
    expect(model.engine.knows('addToCart')).toBe(true)
  })

  it('cause lists every known type applied since the last score sent, in order, once; unknown types never', async () => {
    const { engine, scores } = await startEngine(engineOptions({ models: [testArtifact(1)] }))
    await engine.track({ type: 'pageView', timestamp: T0 }, T0)
    const count = scores.length
    await engine.track({ type: 'pageView', timestamp: T0 + MIN }, T0 + MIN) // same visit: the score does not move
    await engine.track({ type: 'view', timestamp: T0 + 2 * MIN }, T0 + 2 * MIN) // unknown to the model
    expect(scores).toHaveLength(count)
    await engine.track({ type: 'addToCart', timestamp: T0 + 3 * MIN }, T0 + 3 * MIN)
    await engine.track({ type: 'purchase', value: 20, timestamp: T0 + 4 * MIN }, T0 + 4 * MIN)
    expect(scores.at(-2)!.changes!.cause).toEqual(['pageView', 'addToCart'])
    expect(scores.at(-2)!.changes!.since).toBe(T0)
    expect(scores.at(-1)!.changes!.cause).toEqual(['purchase'])
    expect(scores.at(-1)!.changes!.since).toBe(T0 + 3 * MIN)
  })

  it('score() carries changes since the last score sent, without moving that mark; time alone has an empty cause', async () => {
    const { engine, scores } = await startEngine(engineOptions({ models: [testArtifact(1)] }))
    await engine.load(shoppingEvents(), T0 + 20 * DAY + 2 * MIN)
    const sent = scores.at(-1)!
    const later = (await engine.score(GOAL, T0 + 29 * DAY))!
    expect(later.changes!.since).toBe(T0 + 20 * DAY + 2 * MIN)
    expect(later.changes!.cause).toEqual([])
    expect(later.changes!.logit).not.toBe(0) // days since the purchase moved on
    expect(Math.abs(sum(later) - later.changes!.logit)).toBeLessThan(1e-9)
    expect(later.changes!.probability).toBeCloseTo(later.probability - sent.probability, 12)
    expect((await engine.score(GOAL, T0 + 29 * DAY))!.changes).toEqual(later.changes)
  })

  it('none after forget(), none when the model version changed; then again from the new version', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const { engine, scores } = await startEngine(engineOptions({ endpoint: 'https://edge.test' }), { fetch: edge.fetch })
    await until(() => scores.length > 0)
    await engine.track({ type: 'addToCart', timestamp: T0 }, T0)
    expect(scores.at(-1)!.changes!.cause).toEqual(['addToCart'])
    edge.serve(GOAL, testArtifact(2))
    await engine.refresh(T0 + MIN)
    await until(() => scores.at(-1)!.modelVersion === testArtifact(2).version)
    expect(scores.at(-1)!.changes).toBeUndefined()
    await engine.track({ type: 'purchase', value: 30, timestamp: T0 + 2 * MIN }, T0 + 2 * MIN)
    expect(scores.at(-1)!.changes!.cause).toEqual(['purchase'])
    const count = scores.length
    await engine.forget(T0 + 3 * MIN)
    expect(scores).toHaveLength(count + 1)
    expect(scores.at(-1)!.changes).toBeUndefined()
    expect((await engine.score(GOAL, T0 + 3 * MIN))!.changes).toMatchObject({ logit: 0, terms: [], cause: [] })
  })

  it('one add-to-cart sends exactly one score per goal', async () => {
    const { engine, scores } = await startEngine(engineOptions({ goals: [GOAL, CHURN_GOAL], models: [testArtifact(1), churnArtifact()] }))
    await engine.track({ type: 'pageView', timestamp: T0 }, T0)
    const count = scores.length
    await engine.track({ type: 'addToCart', value: 9, timestamp: T0 + MIN }, T0 + MIN)
    const sent = scores.slice(count)
    expect(sent.map((s) => s.goal).sort()).toEqual([CHURN_GOAL, GOAL])
    for (const s of sent) expect(s.changes!.cause).toEqual(['addToCart'])
  })

  it('another tab: its tracked event and its bulk load are the cause of this tab\'s next score', async () => {
    const opts = engineOptions({ models: [testArtifact(1)] })
    const a = await startEngine(opts)
    const b = await startEngine(opts)
    await a.engine.track({ type: 'addToCart', timestamp: T0 }, T0)
    await until(() => b.scores.length === 2)
    expect(b.scores[1]!.changes!.cause).toEqual(['addToCart'])
    await a.engine.load([{ type: 'purchase', value: 40, timestamp: T0 + MIN }, { type: 'search', timestamp: T0 + 2 * MIN }], T0 + 3 * MIN)
    await until(() => b.scores.length === 3)
    expect(b.scores[2]!.changes!.cause).toEqual(['purchase']) // 'search' is not in the model's vocabulary
  })
})
