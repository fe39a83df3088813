import { profileView, type ProfileRecord } from '@auspex/core'
import { reset } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  PROFILE_TOKEN, commit, createGeneration, erase, getProfile, grant, grantState, liveScore, publish, publishProfiles, putAll, putBucket, record,
} from './profile-support.ts'
import { DAY, HOUR, T0 } from '../../packages/core/src/test-support/fixtures.ts'
import { TOKEN, call, errorCode, testArtifact } from './support.ts'

const SCORED = T0 + 10 * DAY
const history = [
  { timestamp: T0, type: 'pageView' },
  { timestamp: T0 + HOUR, type: 'addToCart', item: 'sku-1' },
  { timestamp: T0 + 2 * DAY, type: 'purchase', value: 20 },
]

beforeEach(async () => {
  await reset()
})

describe('GET /v1/profiles/:id', () => {
  it('serves the record of the active generation without its states', async () => {
    const model = await publish(testArtifact())
    const records = ['17850', 'a', 'b', 'c', 'd', 'e'].map((id) => record(id, [model], history, SCORED, ['vip']))
    await publishProfiles(records, [model], SCORED)
    const res = await getProfile('17850')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(await res.json()).toEqual(profileView(records[0]!))
  })

  it('answers 404 PROFILE_NOT_FOUND for an unknown profile and before any generation', async () => {
    const before = await getProfile('nobody')
    expect(before.status).toBe(404)
    expect(await errorCode(before)).toBe('PROFILE_NOT_FOUND')
    const model = await publish(testArtifact())
    await publishProfiles([record('someone', [model], history, SCORED)], [model], SCORED)
    const res = await getProfile('nobody')
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('PROFILE_NOT_FOUND')
  })

  it('reads ids that need URL encoding and profiles of every bucket', async () => {
    const model = await publish(testArtifact())
    const ids = Array.from({ length: 40 }, (_, i) => `user/${i} é@x.com`)
    const records = ids.map((id) => record(id, [model], history, SCORED))
    await publishProfiles(records, [model], SCORED, 7)
    for (const [i, id] of ids.entries()) {
      const res = await getProfile(id)
      expect(res.status, id).toBe(200)
      expect(((await res.json()) as ProfileRecord).profileId).toBe(ids[i])
    }
  })

  it('reads a bucket whose index is longer than the first range read (long ids)', async () => {
    const model = await publish(testArtifact())
    const ids = Array.from({ length: 300 }, (_, i) => `${String(i).padStart(4, '0')}-${'x'.repeat(240)}`)
    await publishProfiles(ids.map((id) => record(id, [model], history, SCORED)), [model], SCORED, 1)
    for (const id of [ids[0]!, ids[150]!, ids[299]!]) {
      const res = await getProfile(id)
      expect(res.status).toBe(200)
      expect(((await res.json()) as ProfileRecord).profileId).toBe(id)
    }
    expect((await getProfile(`0300-${'x'.repeat(240)}`)).status).toBe(404)
  })
})

describe('profile token', () => {
  it('refuses a missing, a wrong and the publish token on every profile route with 401', async () => {
    const model = await publish(testArtifact())
    await publishProfiles([record('p1', [model], history, SCORED)], [model], SCORED)
    for (const token of [null, 'wrong-token', TOKEN]) {
      for (const [i, send] of [
        () => getProfile('p1', token),
        () => liveScore('p1', { events: [] }, token),
        () => erase('p1', token),
      ].entries()) {
        const res = await send()
        expect(res.status, `route ${i}, token ${token}`).toBe(401)
        expect(await errorCode(res)).toBe('UNAUTHORIZED')
      }
    }
    expect((await getProfile('p1')).status).toBe(200) // nothing was erased by the refused DELETEs
  })

  it('refuses the profile token on every publish route with 401', async () => {
    const model = await publish(testArtifact())
    const generation = await createGeneration(1, { [model.goal.name]: model.version }, SCORED)
    const sends = [
      () => call('/v1/profiles/generations', { method: 'POST', token: PROFILE_TOKEN, body: JSON.stringify({ buckets: 1, goals: { [model.goal.name]: model.version }, scoredAt: new Date(SCORED).toISOString(), profiles: 0 }) }),
      () => putBucket(generation, 0, [], PROFILE_TOKEN),
      () => commit(generation, PROFILE_TOKEN),
      () => call(`/v1/profiles/generations/${generation}`, { method: 'DELETE', token: PROFILE_TOKEN }),
    ]
    for (const [i, send] of sends.entries()) {
      const res = await send()
      expect(res.status, `route ${i}`).toBe(401)
      expect(await errorCode(res)).toBe('UNAUTHORIZED')
    }
    // GET /v1/profiles/generations with the profile token reads the profile named "generations" (none here): the
    // generations list is not shown to it
    const listing = await call('/v1/profiles/generations', { token: PROFILE_TOKEN })
    expect(listing.status).toBe(404)
    expect(await errorCode(listing)).toBe('PROFILE_NOT_FOUND')
    await putAll(generation, 1, [])
    expect((await commit(generation)).status).toBe(200)
  })
})

describe('a profile whose id is "generations" (the publish side\'s path)', () => {
  it('is read, scored, granted and erased with the profile routes, while the publish token keeps the generations routes', async () => {
    const model = await publish(testArtifact())
    const records = ['generations', 'x', 'y'].map((id) => record(id, [model], history, SCORED))
    const generation = await publishProfiles(records, [model], SCORED)
    const read = await getProfile('generations')
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual(profileView(records[0]!))
    const listed = await call('/v1/profiles/generations', { token: TOKEN })
    expect(listed.status).toBe(200)
    expect(JSON.stringify(await listed.json())).toContain(generation)
    const live = await liveScore('generations', { events: [{ timestamp: SCORED + HOUR, type: 'pageView' }] })
    expect(live.status).toBe(200)
    expect(((await live.json()) as { profileId: string }).profileId).toBe('generations')
    const state = await grantState('generations', grant('generations'))
    expect(state.status).toBe(200)
    expect((await erase('generations')).status).toBe(204)
    const gone = await getProfile('generations')
    expect(gone.status).toBe(404)
    expect(await errorCode(gone)).toBe('PROFILE_NOT_FOUND')
    expect((await getProfile('x')).status).toBe(200)
    // a wrong token is the same 401 on either side
    expect((await call('/v1/profiles/generations', { token: 'nope' })).status).toBe(401)
  })
})
