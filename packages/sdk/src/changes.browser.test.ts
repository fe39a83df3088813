import { afterEach, describe, expect, it } from 'vitest'
import { createAuspex, type Auspex, type AuspexOptions } from './index.ts'
import type { AuspexScore, ErrorInfo } from './protocol.ts'
import { until } from './test-support/fake-edge.ts'
import { CHURN_GOAL, DAY, GOAL, MIN, T0, churnArtifact, testArtifact } from './test-support/fixtures.ts'

let n = 0
const open: Auspex[] = []
afterEach(() => open.splice(0).forEach((a) => a.destroy()))

/** An instance on its own database; its clock moves one minute per call, so each event has its own time. */
function make(extra: Partial<AuspexOptions> = {}) {
  const errors: ErrorInfo[] = []
  const scores: AuspexScore[] = []
  let t = T0 + 21 * DAY
  const auspex = createAuspex({ goals: [CHURN_GOAL], models: [churnArtifact()], clock: () => (t += MIN), namespace: `c${Date.now()}-${++n}`, onError: (e) => void errors.push(e), onScore: (s) => void scores.push(s), ...extra })
  open.push(auspex)
  return { auspex, errors, scores }
}

describe('in Chromium: why a score moved, what the model does not know', () => {
  it('productView then addToCart: the add-to-cart score says why it moved, exactly', async () => {
    const { auspex, scores, errors } = make()
    const got: AuspexScore[] = []
    auspex.subscribe(CHURN_GOAL, (s) => void got.push(s))
    await auspex.ready
    auspex.track({ type: 'productView', item: 'sku-1' })
    await until(() => got.some((s) => s.changes?.cause.includes('productView')))
    auspex.track({ type: 'addToCart', item: 'sku-1', value: 12.5 })
    const moved = await until(() => got.find((s) => s.changes?.cause.includes('addToCart')))
    expect(errors).toEqual([]) // the worker ran, and the model knows both types
    expect(got[0]!.changes).toBeUndefined() // the first score of the goal
    const c = moved.changes!
    expect(c.cause).toEqual(['addToCart'])
    expect(Math.abs(c.terms.reduce((t, x) => t + x.delta, 0) - c.logit)).toBeLessThan(1e-9)
    expect(c.terms.map((t) => t.code)).toContain('count_addtocart_1d')
    const before = got[got.indexOf(moved) - 1]!
    expect(c.since).toBeGreaterThan(T0 + 21 * DAY)
    expect(c.points).toBe(moved.score - before.score)
    expect(c.probability).toBeCloseTo(moved.probability - before.probability, 12)
    expect(scores.map((s) => s.changes?.cause)).toEqual(got.map((s) => s.changes?.cause)) // onScore gets the same
    const now = (await auspex.score(CHURN_GOAL))!
    expect(now.changes!.since).toBe(moved.changes!.since + MIN) // measured from the last score delivered
    expect(now.eligible).toBe(true)
  })

  it('an unknown event type: one UNKNOWN_EVENT_TYPE, every event counted in diagnostics()', async () => {
    const { auspex, errors, scores } = make()
    await auspex.ready
    const count = await until(() => scores.length)
    for (let i = 0; i < 4; i++) auspex.track({ type: 'wishlistAdd', item: `sku-${i}` })
    auspex.track({ type: 'pageView' })
    auspex.track({ type: 'pageView', timestamp: 'soon' })
    expect(await auspex.diagnostics()).toEqual({ events: 5, droppedEvents: 1, unknownTypes: { wishlistAdd: 4 } })
    // onError comes over the callbacks' own port: it may land after the diagnostics() answer
    await until(() => errors.length >= 2)
    await new Promise((r) => setTimeout(r, 50))
    expect(errors.map((e) => e.code)).toEqual(['UNKNOWN_EVENT_TYPE', 'INVALID_EVENT'])
    expect(errors[0]!.message).toContain(`"wishlistAdd" is unknown to the model of goal "${CHURN_GOAL}"`)
    expect(errors[0]!.message).toContain('only knows [pageView, productView, addToCart, purchase]')
    expect(scores.slice(count).every((s) => !s.changes?.cause.includes('wishlistAdd'))).toBe(true)
  })

  it('dataLayer: one add-to-cart pushes exactly one auspex_score per goal', async () => {
    const layer = `auspexLayer${++n}`
    const { auspex, scores } = make({ goals: [GOAL, CHURN_GOAL], models: [testArtifact(1), churnArtifact()], destinations: { dataLayer: layer } })
    await auspex.ready
    auspex.track({ type: 'pageView' })
    await until(() => scores.filter((s) => s.changes?.cause.includes('pageView')).length === 2)
    const pushed = () => ((globalThis as Record<string, unknown>)[layer] ?? []) as Array<{ event: string; auspex: { goal: string } }>
    await until(() => pushed().filter((e) => e.event === 'auspex_score').length >= 2)
    const count = pushed().length
    auspex.track({ type: 'addToCart', value: 20 })
    await until(() => scores.filter((s) => s.changes?.cause.includes('addToCart')).length === 2)
    await new Promise((r) => setTimeout(r, 200)) // time for a second push, if there were one
    const after = pushed().slice(count).filter((e) => e.event === 'auspex_score')
    expect(after.map((e) => e.auspex.goal).sort()).toEqual([CHURN_GOAL, GOAL])
  })
})
