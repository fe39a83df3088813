import { loadModel, scoreEvents } from '@auspex/core'
import { reset } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import type { LiveScoreResponse } from '../src/profiles/live-score.ts'
import { DAY, HOUR, T0, purchaseGoal } from '../../packages/core/src/test-support/fixtures.ts'
import { events, getProfile, liveScore, publish, publishProfiles, record } from './profile-support.ts'
import { errorCode, testArtifact } from './support.ts'

const ID = 'shopper-1'
const SCORED = T0 + 10 * DAY
const MINUTE = 60_000
// a history whose last visit is still open at SCORED, so the first new events continue it
const history = [
  { timestamp: T0, type: 'pageView', attributes: { page: '/pricing' } },
  { timestamp: T0 + HOUR, type: 'addToCart', item: 'sku-1' },
  { timestamp: T0 + 2 * DAY, type: 'purchase', value: 20, item: 'sku-1' },
  { timestamp: T0 + 9 * DAY, type: 'pageView' },
  { timestamp: SCORED - 10 * MINUTE, type: 'addToCart', item: 'sku-2' },
]
const fresh = [
  { timestamp: SCORED + 5 * MINUTE, type: 'addToCart', item: 'sku-3' },
  { timestamp: SCORED + 6 * MINUTE, type: 'addToCart', item: 'sku-2' },
  { timestamp: SCORED + 20 * MINUTE, type: 'wishlistAdd' },
  { timestamp: SCORED + 3 * HOUR, type: 'pageView', attributes: { page: '/pricing' } },
  { timestamp: SCORED + 3 * HOUR + MINUTE, type: 'purchase', value: 35.5 },
]
const AT = SCORED + 3 * HOUR + 30 * MINUTE

beforeEach(async () => {
  await reset()
})

const iso = (ms: number) => new Date(ms).toISOString()
const wire = (list: typeof fresh) => list.map((e) => ({ ...e, timestamp: iso(e.timestamp) }))

describe('POST /v1/profiles/:id/score', () => {
  it('scores the stored state merged with the new events as core scores the union of the events (to 1e-9)', async () => {
    const model = await publish(testArtifact())
    await publishProfiles([record(ID, [model], history, SCORED), record('other', [model], history, SCORED)], [model], SCORED)
    for (const n of [0, 1, 2, 3, 5]) {
      const res = await liveScore(ID, { events: wire(fresh.slice(0, n)), at: iso(AT) })
      expect(res.status, await res.clone().text()).toBe(200)
      const body = (await res.json()) as LiveScoreResponse
      const expected = scoreEvents(model, events(ID, [...history, ...fresh.slice(0, n)]), AT)
      const got = body.goals[model.goal.name]!
      expect(body.profileId).toBe(ID)
      expect(Math.abs(got.probability - expected.probability), `${n} new events`).toBeLessThanOrEqual(1e-9)
      expect(got.score).toBe(expected.score)
      expect(got.percentile).toBe(expected.percentile)
      expect(got.bucket).toBe(expected.bucket)
      expect(got.factors.map((f) => [f.code, f.value])).toEqual(expected.factors.map((f) => [f.code, f.value]))
      got.factors.forEach((f, i) => expect(Math.abs(f.contribution - expected.factors[i]!.contribution)).toBeLessThanOrEqual(1e-9))
      expect(got).toMatchObject({ modelVersion: model.version, stateModelVersion: model.version, scoredAt: iso(AT), stateScoredAt: iso(SCORED) })
      expect(got.unknownTypes).toEqual(n >= 3 ? { wishlistAdd: 1 } : {})
    }
    // the new events changed the score, and nothing was stored
    const none = ((await (await liveScore(ID, { events: [], at: iso(AT) })).json()) as LiveScoreResponse).goals[model.goal.name]!
    const all = ((await (await liveScore(ID, { events: wire(fresh), at: iso(AT) })).json()) as LiveScoreResponse).goals[model.goal.name]!
    expect(all.probability).not.toBeCloseTo(none.probability, 6)
    const view = (await (await getProfile(ID)).json()) as { goals: Record<string, { scoredAt: string }> }
    expect(view.goals[model.goal.name]!.scoredAt).toBe(iso(SCORED))
  })

  it('ignores new events at or after `at`, and defaults `at` to now', async () => {
    const model = await publish(testArtifact())
    await publishProfiles([record(ID, [model], history, SCORED)], [model], SCORED)
    const cut = SCORED + 3 * HOUR
    const body = (await (await liveScore(ID, { events: wire(fresh), at: iso(cut) })).json()) as LiveScoreResponse
    const expected = scoreEvents(model, events(ID, [...history, ...fresh]), cut)
    expect(Math.abs(body.goals[model.goal.name]!.probability - expected.probability)).toBeLessThanOrEqual(1e-9)
    const before = Date.now()
    const now = (await (await liveScore(ID, { events: [] })).json()) as LiveScoreResponse
    const scoredAt = Date.parse(now.goals[model.goal.name]!.scoredAt)
    expect(scoredAt).toBeGreaterThanOrEqual(before - 1000)
  })

  it('scores a state of an older model version with the active model when the feature key is the same, and says which scored', async () => {
    const old = await publish(testArtifact({ intercept: -2 }))
    await publishProfiles([record(ID, [old], history, SCORED)], [old], SCORED)
    const active = await publish(testArtifact({ intercept: 0.5, day: 29 }))
    expect(active.version).not.toBe(old.version)
    expect(active.engine.key).toBe(old.engine.key)
    const body = (await (await liveScore(ID, { events: wire(fresh), at: iso(AT) })).json()) as LiveScoreResponse
    const got = body.goals[active.goal.name]!
    expect(got.modelVersion).toBe(active.version)
    expect(got.stateModelVersion).toBe(old.version)
    const expected = scoreEvents(active, events(ID, [...history, ...fresh]), AT)
    expect(Math.abs(got.probability - expected.probability)).toBeLessThanOrEqual(1e-9)
    expect(Math.abs(got.probability - scoreEvents(old, events(ID, [...history, ...fresh]), AT).probability)).toBeGreaterThan(0.01)
  })

  it('answers 409 PROFILE_STATE_STALE with the fix when the active model reads other features', async () => {
    const old = await publish(testArtifact())
    await publishProfiles([record(ID, [old], history, SCORED)], [old], SCORED)
    const other = await publish(testArtifact({ goal: { ...purchaseGoal, customEvents: [] }, day: 29 }))
    expect(other.engine.key).not.toBe(old.engine.key)
    const res = await liveScore(ID, { events: wire(fresh), at: iso(AT) })
    expect(res.status).toBe(409)
    const { error } = (await res.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('PROFILE_STATE_STALE')
    expect(error.message).toContain(`built by model ${old.version}`)
    expect(error.message).toContain('re-run auspex score --publish-profiles')
  })

  it('refuses events before the state was scored, `at` before it, events of another profile and unknown fields, naming them', async () => {
    const model = await publish(testArtifact())
    await publishProfiles([record(ID, [model], history, SCORED)], [model], SCORED)
    const cases: Array<[unknown, string]> = [
      [{ events: wire([fresh[0]!, { timestamp: SCORED - MINUTE, type: 'pageView' }]), at: iso(AT) }, 'events[1].timestamp: '],
      [{ events: [], at: iso(SCORED - HOUR) }, 'at: '],
      [{ events: [{ profileId: 'someone-else', timestamp: iso(SCORED + MINUTE), type: 'pageView' }] }, 'events[0].profileId: '],
      [{ events: [{ timestamp: 'soon', type: 'pageView' }] }, 'events[0].timestamp'],
      [{ events: [], since: iso(SCORED) }, 'since: unknown field'],
      [{ events: {} }, 'events: '],
    ]
    for (const [body, start] of cases) {
      const res = await liveScore(ID, body)
      expect(res.status, start).toBe(400)
      const { error } = (await res.json()) as { error: { message: string } }
      expect(error.message.startsWith(start), error.message).toBe(true)
    }
  })

  it('answers 404 for an unknown profile and for a goal the profile has no score for', async () => {
    const model = await publish(testArtifact())
    await publishProfiles([record(ID, [model], history, SCORED)], [model], SCORED)
    const unknown = await liveScore('nobody', { events: [] })
    expect(unknown.status).toBe(404)
    expect(await errorCode(unknown)).toBe('PROFILE_NOT_FOUND')
    const goal = await liveScore(ID, { events: [], goal: 'churn-60d' })
    expect(goal.status).toBe(404)
    const one = (await (await liveScore(ID, { events: [], goal: model.goal.name, at: iso(AT) })).json()) as LiveScoreResponse
    expect(Object.keys(one.goals)).toEqual([model.goal.name])
  })

  it('scores every goal of a profile with its own active model', async () => {
    const purchase = await publish(testArtifact())
    const browse = await publish(testArtifact({ goal: { ...purchaseGoal, name: 'browse-7d' }, intercept: -1 }))
    await publishProfiles([record(ID, [purchase, browse], history, SCORED)], [purchase, browse], SCORED)
    const body = (await (await liveScore(ID, { events: wire(fresh), at: iso(AT) })).json()) as LiveScoreResponse
    expect(Object.keys(body.goals).sort()).toEqual(['browse-7d', 'purchase-30d'])
    for (const model of [purchase, browse]) {
      const expected = scoreEvents(loadModel(model.artifact), events(ID, [...history, ...fresh]), AT)
      expect(Math.abs(body.goals[model.goal.name]!.probability - expected.probability)).toBeLessThanOrEqual(1e-9)
    }
  })
})
