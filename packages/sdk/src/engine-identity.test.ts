import { describe, expect, it } from 'vitest'
import { buildState, loadModel, normalizeEvents, scoreEvents, type AuspexEvent, type FeatureState } from '@auspex/core'
import { openDb } from './db.ts'
import type { FetchFn } from './model-fetch.ts'
import { destroyEnginesAfterEach, engineOptions, startEngine } from './test-support/engine-harness.ts'
import { DAY, GOAL, HOUR, MIN, T0, shoppingEvents, testArtifact } from './test-support/fixtures.ts'

destroyEnginesAfterEach()

const artifact = testArtifact(1)
const model = loadModel(artifact)
const events = (list: Array<{ type: string; timestamp: number; item?: string; value?: number }>): AuspexEvent[] => normalizeEvents(list, 'c1').events
const NOW = T0 + 21 * DAY

/** A customer's batch history (another device, the shop's records): what `auspex score` saw before `scoredAt`. */
const history = events([
  { type: 'pageView', timestamp: T0 - 40 * DAY, item: 'X' },
  { type: 'purchase', timestamp: T0 - 40 * DAY + 5 * MIN, value: 300 },
  ...shoppingEvents().filter((e) => e.timestamp < T0 + 14 * DAY),
])

/** A stand-in for the edge's grant route: answers each profile's state (or an error), recording the requests. */
function edge(answers: Record<string, { status: number; body: unknown }>) {
  const seen: Array<{ url: string; body: unknown }> = []
  const fetch: FetchFn = async (url, init) => {
    seen.push({ url, body: JSON.parse(init?.body ?? 'null') })
    const id = decodeURIComponent(/\/v1\/profiles\/([^/]+)\/state$/.exec(url)?.[1] ?? '')
    const answer = answers[id] ?? { status: 404, body: { error: { code: 'PROFILE_NOT_FOUND', message: 'no profile' } } }
    if (url.includes('/v1/models/')) return new Response(null, { status: 404 })
    return new Response(JSON.stringify(answer.body), { status: answer.status })
  }
  return { fetch, seen }
}
const stateAnswer = (state: FeatureState, scoredAt: number) => ({ status: 200, body: { profileId: 'c1', goals: { [GOAL]: { modelVersion: artifact.version, scoredAt: new Date(scoredAt).toISOString(), state } } } })

describe('engine identify', () => {
  it('scores from the edge state merged with exactly the device events at/after scoredAt, then keeps merging', async () => {
    const scoredAt = T0 + 14 * DAY
    const { fetch, seen } = edge({ c1: stateAnswer(buildState(model.engine, history, scoredAt), scoredAt) })
    const { engine, errors } = await startEngine(engineOptions({ models: [artifact], endpoint: 'https://edge.test' }), { fetch }, NOW)
    // this device saw part of the batch's events (before scoredAt) and two after it
    const device = [shoppingEvents()[3]!, { type: 'addToCart', timestamp: T0 + 15 * DAY, item: 'Z', value: 30 }, { type: 'pageView', timestamp: T0 + 20 * DAY + HOUR, item: 'Y' }]
    await engine.load(device, NOW)
    const result = (await engine.identify('c1', 'v1.123.abc', NOW))!
    expect(seen.at(-1)).toEqual({ url: 'https://edge.test/v1/profiles/c1/state', body: { grant: 'v1.123.abc' } })
    const union = [...history, ...events(device.slice(1))]
    const want = scoreEvents(model, union, NOW, { topFactors: 5 })
    expect(result.merged).toEqual([GOAL])
    expect(result.scoredAt).toBe(new Date(scoredAt).toISOString())
    expect(Math.abs(result.goals[GOAL]!.probability - want.probability)).toBeLessThan(1e-12)
    expect(result.goals[GOAL]!.factors.map((f) => [f.code, f.value])).toEqual(want.factors.map((f) => [f.code, f.value]))

    const later = { type: 'purchase', timestamp: NOW - MIN, value: 55 }
    await engine.track(later, NOW)
    const after = scoreEvents(model, [...union, ...events([later])], NOW, { topFactors: 5 })
    expect((await engine.score(GOAL, NOW))!.probability).toBeCloseTo(after.probability, 12)
    expect(errors).toEqual([])
  })

  it('replaces the edge part on a second identify instead of adding to it', async () => {
    const first = T0 + 14 * DAY
    const second = T0 + 16 * DAY
    const device = [{ type: 'addToCart', timestamp: T0 + 15 * DAY, item: 'Z', value: 30 }, { type: 'pageView', timestamp: T0 + 17 * DAY, item: 'Y' }]
    // the second generation saw the device's first event too (it reached the shop's records)
    const secondHistory = [...history, ...events(device.slice(0, 1))]
    const answers = { c1: stateAnswer(buildState(model.engine, history, first), first) }
    const { fetch } = edge(answers)
    const { engine } = await startEngine(engineOptions({ models: [artifact], endpoint: 'https://edge.test' }), { fetch }, NOW)
    await engine.load(device, NOW)
    await engine.identify('c1', 'g1', NOW)
    answers.c1 = stateAnswer(buildState(model.engine, secondHistory, second), second)
    const result = (await engine.identify('c1', 'g2', NOW))!
    const want = scoreEvents(model, [...secondHistory, ...events(device.slice(1))], NOW, { topFactors: 5 })
    expect(result.goals[GOAL]!.probability).toBeCloseTo(want.probability, 12)
    expect(result.goals[GOAL]!.factors.find((f) => f.code === 'value_total')?.value).toBe(want.factors.find((f) => f.code === 'value_total')?.value)
  })

  it('keeps the device-only score and reports IDENTITY_STATE_MISMATCH when the edge state is for other features', async () => {
    const other = loadModel(testArtifact(2))
    const scoredAt = T0 + 14 * DAY
    const { fetch } = edge({ c1: stateAnswer(buildState(other.engine, history, scoredAt), scoredAt) })
    const { engine, errors } = await startEngine(engineOptions({ models: [artifact], endpoint: 'https://edge.test' }), { fetch }, NOW)
    await engine.load(shoppingEvents(), NOW)
    const result = (await engine.identify('c1', 'g', NOW))!
    expect(result.merged).toEqual([])
    expect(result.goals[GOAL]!.probability).toBe(scoreEvents(model, events(shoppingEvents()), NOW, { topFactors: 5 }).probability)
    const mismatch = errors.filter((e) => e.code !== 'UNKNOWN_EVENT_TYPE') // shoppingEvents() has a search
    expect(mismatch.map((e) => e.code)).toEqual(['IDENTITY_STATE_MISMATCH'])
    expect(mismatch[0]!.message).toMatch(/auspex score --publish-profiles/)
  })

  it('resolves null and reports the edge\'s code on a refused grant, a bad argument or no endpoint', async () => {
    const { fetch } = edge({ c1: { status: 401, body: { error: { code: 'GRANT_EXPIRED', message: 'the grant expired' } } } })
    const { engine, errors } = await startEngine(engineOptions({ models: [artifact], endpoint: 'https://edge.test' }), { fetch }, NOW)
    expect(await engine.identify('c1', 'old', NOW)).toBeNull()
    expect(await engine.identify('c1', undefined, NOW)).toBeNull()
    expect(await engine.identify('nobody', 'g', NOW)).toBeNull()
    expect(errors.map((e) => e.code)).toEqual(['GRANT_EXPIRED', 'INVALID_ARGUMENT', 'PROFILE_NOT_FOUND'])
    const local = await startEngine(engineOptions({ models: [artifact] }), {}, NOW)
    expect(await local.engine.identify('c1', 'g', NOW)).toBeNull()
    expect(local.errors.map((e) => e.code)).toEqual(['IDENTIFY_FAILED'])
  })

  it('keeps the edge state in IndexedDB across restarts, and forget() erases it', async () => {
    const scoredAt = T0 + 14 * DAY
    const { fetch } = edge({ c1: stateAnswer(buildState(model.engine, history, scoredAt), scoredAt) })
    const opts = engineOptions({ models: [artifact], endpoint: 'https://edge.test' })
    const a = await startEngine(opts, { fetch }, NOW)
    const merged = (await a.engine.identify('c1', 'g', NOW))!.goals[GOAL]!.probability
    await a.engine.destroy()
    const b = await startEngine(opts, { fetch }, NOW)
    expect((await b.engine.score(GOAL, NOW))!.probability).toBe(merged)
    await b.engine.forget(NOW)
    expect((await b.engine.score(GOAL, NOW))!.probability).toBe(model.predict(model.engine.init(), NOW).probability)
    const db = await openDb(opts.namespace)
    expect(await db.get('meta', 'identity')).toBeUndefined()
    db.close()
  })
})
