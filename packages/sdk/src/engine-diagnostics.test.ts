import { describe, expect, it } from 'vitest'
import { destroyEnginesAfterEach, engineOptions, startEngine } from './test-support/engine-harness.ts'
import { fakeEdge, until } from './test-support/fake-edge.ts'
import { CHURN_GOAL, GOAL, MIN, T0, churnArtifact, testArtifact } from './test-support/fixtures.ts'

destroyEnginesAfterEach()

describe('unknown event types and diagnostics', () => {
  it('an event type a model does not know: UNKNOWN_EVENT_TYPE once per (type, model), every event counted', async () => {
    const { engine, errors, scores } = await startEngine(engineOptions({ goals: [GOAL, CHURN_GOAL], models: [testArtifact(1), churnArtifact()] }))
    const count = scores.length
    for (let i = 0; i < 3; i++) await engine.track({ type: 'view', timestamp: T0 + i * MIN }, T0 + i * MIN)
    expect(scores).toHaveLength(count) // it feeds no feature: no score moves
    expect(errors.map((e) => e.code)).toEqual(['UNKNOWN_EVENT_TYPE', 'UNKNOWN_EVENT_TYPE']) // one per model, not per event
    const [purchase, churn] = [errors[0]!, errors[1]!]
    expect(purchase.message).toContain('"view"')
    expect(purchase.message).toContain(`"${GOAL}" (version ${testArtifact(1).version})`)
    expect(purchase.message).toContain('only knows [pageView, addToCart, purchase]')
    expect(purchase.message).toContain('retrain')
    expect(churn.message).toContain(`"${CHURN_GOAL}" (version ${churnArtifact().version})`)
    // productView: known to the churn model only; counted once per event, reported for the purchase model
    await engine.load([{ type: 'productView', timestamp: T0 + 5 * MIN }, { type: 'productView', timestamp: T0 + 6 * MIN }], T0 + 7 * MIN)
    expect(errors).toHaveLength(3)
    expect(errors[2]!.message).toContain(`"productView" is unknown to the model of goal "${GOAL}"`)
    // aliases are canonical types: GA4's add_to_cart is addToCart, which both know
    await engine.track({ type: 'add_to_cart', timestamp: T0 + 8 * MIN }, T0 + 8 * MIN)
    expect(errors).toHaveLength(3)
    expect(await engine.diagnostics()).toEqual({ events: 6, droppedEvents: 0, unknownTypes: { view: 3, productView: 2 } })
  })

  it('counts dropped events; forget() starts the counts over; a new model version is reported again', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const { engine, errors, scores } = await startEngine(engineOptions({ endpoint: 'https://edge.test' }), { fetch: edge.fetch })
    await until(() => scores.length > 0)
    await engine.track({ type: '', timestamp: T0 }, T0)
    await engine.load([{ type: 'pageView', timestamp: 'yesterday' }, { type: 'search', timestamp: T0 }], T0)
    expect(await engine.diagnostics()).toEqual({ events: 1, droppedEvents: 2, unknownTypes: { search: 1 } })
    expect(errors.map((e) => e.code)).toEqual(['INVALID_EVENT', 'INVALID_EVENT', 'UNKNOWN_EVENT_TYPE'])
    await engine.forget(T0)
    expect(await engine.diagnostics()).toEqual({ events: 0, droppedEvents: 0, unknownTypes: {} })
    await engine.track({ type: 'search', timestamp: T0 + MIN }, T0 + MIN)
    expect(errors).toHaveLength(3) // the same type and model: reported once per page
    edge.serve(GOAL, { ...testArtifact(2) })
    await engine.refresh(T0 + MIN)
    await until(() => scores.at(-1)!.modelVersion === testArtifact(2).version)
    await engine.track({ type: 'search', timestamp: T0 + 2 * MIN }, T0 + 2 * MIN)
    expect(errors.map((e) => e.code)).toEqual(['INVALID_EVENT', 'INVALID_EVENT', 'UNKNOWN_EVENT_TYPE', 'UNKNOWN_EVENT_TYPE'])
    expect(errors[3]!.message).toContain(`version ${testArtifact(2).version}`)
    expect(await engine.diagnostics()).toEqual({ events: 2, droppedEvents: 0, unknownTypes: { search: 2 } })
  })

  it('events tracked before the model arrived: their unknown types are reported when it does, and counted', async () => {
    const edge = fakeEdge() // nothing published yet: the page tracks before any model is there
    const { engine, errors, scores } = await startEngine(engineOptions({ endpoint: 'https://edge.test' }), { fetch: edge.fetch })
    await until(() => edge.requests.length > 0)
    await engine.track({ type: 'wishlistAdd', timestamp: T0 }, T0)
    await engine.track({ type: 'addToCart', timestamp: T0 + MIN }, T0 + MIN)
    expect(errors.filter((e) => e.code === 'UNKNOWN_EVENT_TYPE')).toEqual([])
    expect(await engine.diagnostics()).toEqual({ events: 2, droppedEvents: 0, unknownTypes: {} }) // no model: nothing to know
    edge.serve(GOAL, testArtifact(1))
    await engine.refresh(T0 + 2 * MIN)
    await until(() => scores.length > 0)
    const unknown = errors.filter((e) => e.code === 'UNKNOWN_EVENT_TYPE')
    expect(unknown).toHaveLength(1)
    expect(unknown[0]!.message).toContain('"wishlistAdd"')
    expect(await engine.diagnostics()).toEqual({ events: 2, droppedEvents: 0, unknownTypes: { wishlistAdd: 1 } })
  })
})
