import { loadModel, normalizeEvents, scoreEvents } from '@auspex/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { HOUR, T0, activate, call, errorCode, purchaseGoal, testArtifact, upload } from './support.ts'

const goal = { ...purchaseGoal, name: 'score-30d' }
const v1 = testArtifact({ goal, day: 1 })
const v2 = testArtifact({ goal, day: 2, intercept: 0.5 })

const events = [
  { profileId: 'p1', timestamp: new Date(T0).toISOString(), type: 'pageView' },
  { profileId: 'p1', timestamp: T0 + HOUR, type: 'addToCart', value: 12.5, item: 'sku-1' },
  { profileId: 'p1', timestamp: T0 + 2 * HOUR, type: 'addToCart', value: 3 },
  { profileId: 'p1', timestamp: T0 + 30 * HOUR, type: 'purchase', value: 15.5 },
]

const score = (body: unknown) => call('/v1/score', { method: 'POST', token: null, body: JSON.stringify(body) })

describe('POST /v1/score', () => {
  beforeAll(async () => {
    await upload(v1)
    await upload(v2)
    await activate('score-30d', v1.version)
  })

  it("returns core's own prediction for the events before `at`", async () => {
    const at = T0 + 3 * HOUR
    const res = await score({ goal: 'score-30d', events, at: new Date(at).toISOString() })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    const expected = scoreEvents(loadModel(v1), normalizeEvents(events).events, at)
    expect(body).toEqual({
      goal: 'score-30d', probability: expected.probability, score: expected.score, percentile: expected.percentile, bucket: expected.bucket,
      factors: expected.factors, modelVersion: v1.version, eligible: expected.eligible, at: new Date(at).toISOString(), unknownTypes: {},
    })
    const later = (await (await score({ goal: 'score-30d', events, at: T0 + 31 * HOUR })).json()) as { probability: number }
    expect(later.probability).not.toBe(expected.probability)
  })

  it('scores with the new model after activation and the old one after rollback', async () => {
    const body = { goal: 'score-30d', events, at: T0 + 3 * HOUR }
    await activate('score-30d', v2.version)
    const a = (await (await score(body)).json()) as { modelVersion: string; probability: number }
    await activate('score-30d', v1.version)
    const b = (await (await score(body)).json()) as { modelVersion: string; probability: number }
    expect(a.modelVersion).toBe(v2.version)
    expect(b.modelVersion).toBe(v1.version)
    expect(a.probability).not.toBe(b.probability)
  })

  it('defaults `at` to now and profileId to one anonymous profile', async () => {
    const res = await score({ goal: 'score-30d', events: [{ timestamp: Date.now() - HOUR, type: 'addToCart' }] })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { eligible: boolean; at: string }
    expect(body.eligible).toBe(true)
    expect(Math.abs(Date.parse(body.at) - Date.now())).toBeLessThan(60_000)
  })

  it('invalid events → 400 naming the index and field', async () => {
    const bad = [...events.slice(0, 3), { profileId: 'p1', timestamp: 'yesterday', type: 'pageView' }]
    const res = await score({ goal: 'score-30d', events: bad })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('INVALID_EVENT')
    expect(body.error.message).toMatch(/^events\[3\]\.timestamp: /)
    const notObject = (await (await score({ goal: 'score-30d', events: [42] })).json()) as { error: { message: string } }
    expect(notObject.error.message).toMatch(/^events\[0\]: /)
  })

  it.each([
    [{ events: [] }, 'goal'],
    [{ goal: 'score-30d' }, 'events'],
    [{ goal: 'score-30d', events: [], at: 'soon' }, 'at'],
    [{ goal: 'score-30d', events: [], extra: 1 }, 'extra'],
    [[1, 2], 'expected a JSON object'],
    [{ goal: 'score-30d', events: [{ profileId: 'a', timestamp: T0, type: 'x' }, { profileId: 'b', timestamp: T0, type: 'x' }] }, 'events[1].profileId'],
  ])('bad body %j → 400 naming %s', async (body, field) => {
    const res = await score(body)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(field)
  })

  it('unknown goal → 404 NO_ACTIVE_MODEL; malformed JSON → 400', async () => {
    expect(await errorCode(await score({ goal: 'nothing-here', events: [] }))).toBe('NO_ACTIVE_MODEL')
    const res = await call('/v1/score', { method: 'POST', token: null, body: '{"goal":' })
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('INVALID_JSON')
  })

  it('enforces the events-per-request and body-size limits (413)', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ profileId: 'p1', timestamp: T0 + i, type: 'pageView' }))
    const res = await score({ goal: 'score-30d', events: many })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('at most 1000 events')
    const huge = await score({ goal: 'score-30d', events: [{ profileId: 'p1', timestamp: T0, type: 'x', item: 'y'.repeat(300_000) }] })
    expect(huge.status).toBe(413)
  })
})

describe('POST /v1/score applies the artifact\'s eligibility (a one-time outcome)', () => {
  // a goal whose outcome happens once per profile: the trainer records afterOutcome "exclude" in the artifact
  const once = { ...purchaseGoal, name: 'first-buy-30d', eligible: { activeWithin: '45d', afterOutcome: 'exclude' as const } }
  const model = testArtifact({ goal: once, day: 3 })
  beforeAll(async () => {
    await upload(model)
    await activate('first-buy-30d', model.version)
  })

  it('scores a profile as eligible before its outcome and as not eligible after it, as core does', async () => {
    const before = (await (await score({ goal: 'first-buy-30d', events: events.slice(0, 3), at: T0 + 3 * HOUR })).json()) as { eligible: boolean }
    expect(before.eligible).toBe(true)
    const after = (await (await score({ goal: 'first-buy-30d', events, at: T0 + 31 * HOUR })).json()) as { eligible: boolean }
    expect(after.eligible).toBe(false)
    expect(scoreEvents(loadModel(model), normalizeEvents(events).events, T0 + 31 * HOUR).eligible).toBe(false)
  })
})
