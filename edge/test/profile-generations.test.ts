import { profileBucket } from '@auspex/core'
import { reset, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { PENDING_MS, RETAIN_MS } from '../src/profiles/layout.ts'
import { DAY, T0 } from '../../packages/core/src/test-support/fixtures.ts'
import { bindings, commit, createGeneration, getProfile, publish, publishProfiles, putAll, putBucket, record } from './profile-support.ts'
import { call, errorCode, testArtifact } from './support.ts'

const SCORED = T0 + 10 * DAY
const history = [{ timestamp: T0, type: 'pageView' }, { timestamp: T0 + DAY, type: 'purchase', value: 20 }]

beforeEach(async () => {
  await reset()
})

const post = (body: unknown) => call('/v1/profiles/generations', { method: 'POST', body: JSON.stringify(body) })
const message = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error
const store = () => bindings.PROFILE_STORE.get(bindings.PROFILE_STORE.idFromName('profiles'))
const cleanup = async (now: number) => (await (await store().fetch(`https://store/cleanup?now=${now}`, { method: 'POST' })).json()) as { generations: string[] }
const list = async () => (await (await call('/v1/profiles/generations')).json()) as { active: string | null; generations: Array<{ generation: string; state: string; profiles: number; bucketsStored: number }> }

describe('POST /v1/profiles/generations', () => {
  it('opens a pending generation and lists it', async () => {
    const res = await post({ buckets: 3, goals: { 'purchase-30d': 'v1' }, scoredAt: '2011-01-13T09:00:00Z', profiles: 10 })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { generation: string; buckets: number }
    expect(body.buckets).toBe(3)
    expect(body.generation).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/)
    const listed = await list()
    expect(listed.active).toBeNull()
    expect(listed.generations).toMatchObject([{ generation: body.generation, state: 'pending', bucketsStored: 0, profiles: 0 }])
  })

  it('refuses a bad body naming the field', async () => {
    const good = { buckets: 3, goals: { 'purchase-30d': 'v1' }, scoredAt: '2011-01-13T09:00:00Z', profiles: 10 }
    for (const [patch, field] of [
      [{ buckets: 0 }, 'buckets:'], [{ buckets: 1.5 }, 'buckets:'], [{ goals: {} }, 'goals:'], [{ goals: { 'Bad Goal': 'v1' } }, 'goal "Bad Goal"'],
      [{ goals: { 'purchase-30d': 'v 1' } }, 'goals.purchase-30d:'], [{ scoredAt: 'yesterday' }, 'scoredAt:'], [{ profiles: -1 }, 'profiles:'], [{ extra: 1 }, 'extra:'],
    ] as const) {
      const res = await post({ ...good, ...patch })
      expect(res.status, field).toBe(400)
      expect((await message(res)).message.startsWith(field), field).toBe(true)
    }
  })

  it('allows at most 4 pending generations, then 409 TOO_MANY_PENDING; an abort frees a place', async () => {
    const spec = { buckets: 1, goals: { 'purchase-30d': 'v1' }, scoredAt: '2011-01-13T09:00:00Z', profiles: 0 }
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push(((await (await post(spec)).json()) as { generation: string }).generation)
    const fifth = await post(spec)
    expect(fifth.status).toBe(409)
    expect(await errorCode(fifth)).toBe('TOO_MANY_PENDING')
    expect((await call(`/v1/profiles/generations/${ids[0]}`, { method: 'DELETE' })).status).toBe(204)
    expect((await post(spec)).status).toBe(201)
  })
})

describe('PUT …/buckets/:bucket', () => {
  it('refuses a record in the wrong bucket naming the line, the profile and the fix', async () => {
    const model = await publish(testArtifact())
    const generation = await createGeneration(4, { [model.goal.name]: model.version }, SCORED)
    const a = record('alice', [model], history, SCORED)
    const home = profileBucket('alice', 4)
    const res = await putBucket(generation, (home + 1) % 4, [a])
    expect(res.status).toBe(400)
    const error = await message(res)
    expect(error.code).toBe('INVALID_PROFILE_RECORD')
    expect(error.message).toBe(`line 1 (profile "alice"): profileId: belongs in bucket ${home} (profileBucket(id, 4)), not ${(home + 1) % 4}; group records with core's profileBucket`)
  })

  it('names the line and JSON path of a bad field, and refuses other format versions with 422', async () => {
    const model = await publish(testArtifact())
    const generation = await createGeneration(1, { [model.goal.name]: model.version }, SCORED)
    const good = record('p0', [model], history, SCORED)
    const goal = model.goal.name
    const bad = (patch: (r: ReturnType<typeof record>) => void) => {
      const r = structuredClone(record('p1', [model], history, SCORED))
      patch(r)
      return r
    }
    const cases: Array<[ReturnType<typeof record>, number, string]> = [
      [bad((r) => { r.goals[goal]!.probability = 2 }), 400, `line 2 (profile "p1"): goals.${goal}.probability: expected a number in [0, 1], got 2`],
      [bad((r) => { r.goals[goal]!.modelVersion = 'other' }), 400, `line 2 (profile "p1"): goals.${goal}.modelVersion: expected "${model.version}"`],
      [bad((r) => { (r.goals as Record<string, unknown>)['churn-60d'] = r.goals[goal] }), 400, 'line 2 (profile "p1"): goals.churn-60d: not a goal of this generation'],
      [bad((r) => { r.goals[goal]!.state.all.pop() }), 400, `line 2 (profile "p1"): goals.${goal}.state.all: expected`],
      [bad((r) => { r.v = 2 }), 422, 'line 2 (profile "p1"): v: profile record version 2'],
      [bad((r) => { r.goals[goal]!.state.v = 1 }), 422, `line 2 (profile "p1"): goals.${goal}.state.v: feature state version 1`],
    ]
    for (const [r, status, start] of cases) {
      const res = await putBucket(generation, 0, [good, r])
      expect(res.status, start).toBe(status)
      const error = await message(res)
      expect(error.message.startsWith(start), error.message).toBe(true)
      if (status === 422) expect(error.code).toBe('UNSUPPORTED_FORMAT_VERSION')
    }
    const notJson = await call(`/v1/profiles/generations/${generation}/buckets/0`, { method: 'PUT', body: `${JSON.stringify(good)}\n{"v":1,` })
    expect(notJson.status).toBe(400)
    expect((await message(notJson)).message.startsWith('line 2: not valid JSON')).toBe(true)
    const huge = JSON.stringify(good).replace(/"probability":[^,]+/, '"probability":1e400')
    const infinite = await call(`/v1/profiles/generations/${generation}/buckets/0`, { method: 'PUT', body: huge })
    expect(infinite.status).toBe(400)
    expect((await message(infinite)).message).toBe(`line 1 (profile "p0"): goals.${goal}.probability: expected a number in [0, 1], got Infinity`)
    const deep = await call(`/v1/profiles/generations/${generation}/buckets/0`, { method: 'PUT', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` })
    expect(deep.status).toBe(400)
  })

  it('refuses a bucket number outside the generation, an unknown generation and a body over the limit', async () => {
    const generation = await createGeneration(2, { 'purchase-30d': 'v1' }, SCORED)
    const outside = await putBucket(generation, 2, [])
    expect(outside.status).toBe(400)
    expect((await message(outside)).message).toMatch(/^bucket: expected an integer from 0 to 1/)
    const unknown = await putBucket('20990101T000000Z-00000000', 0, [])
    expect(unknown.status).toBe(404)
    expect(await errorCode(unknown)).toBe('GENERATION_NOT_FOUND')
    const huge = await call(`/v1/profiles/generations/${generation}/buckets/0`, { method: 'PUT', body: 'x'.repeat(8_388_609) })
    expect(huge.status).toBe(413)
  })

  it('replaces a bucket when it is PUT again (an idempotent retry)', async () => {
    const model = await publish(testArtifact())
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']
    const generation = await createGeneration(1, { [model.goal.name]: model.version }, SCORED)
    expect((await putBucket(generation, 0, ids.map((id) => record(id, [model], history, SCORED)))).status).toBe(200)
    const again = await putBucket(generation, 0, ids.slice(0, 2).map((id) => record(id, [model], history, SCORED)))
    expect(await again.json()).toMatchObject({ generation, bucket: 0, records: 2, erased: 0 })
    expect((await commit(generation)).status).toBe(200)
    expect((await getProfile('a1')).status).toBe(200)
    expect((await getProfile('a3')).status).toBe(404)
  })
})

describe('commit', () => {
  it('answers 409 GENERATION_INCOMPLETE naming the missing buckets, and serves nothing of the pending generation', async () => {
    const model = await publish(testArtifact())
    const records = Array.from({ length: 30 }, (_, i) => record(`p${i}`, [model], history, SCORED))
    const generation = await createGeneration(4, { [model.goal.name]: model.version }, SCORED, 30)
    await putAll(generation, 4, records, (b) => b === 0 || b === 2)
    const res = await commit(generation)
    expect(res.status).toBe(409)
    const body = (await res.json()) as { error: { code: string; message: string; missing: number[] } }
    expect(body.error.code).toBe('GENERATION_INCOMPLETE')
    expect(body.error.missing).toEqual([1, 3])
    expect(body.error.message).toContain('missing 2: 1, 3')
    const inZero = records.find((r) => profileBucket(r.profileId, 4) === 0)!
    expect((await getProfile(inZero.profileId)).status).toBe(404)
    await putAll(generation, 4, records, (b) => b === 1 || b === 3)
    expect(await (await commit(generation)).json()).toEqual({ generation, profiles: 30, previous: null })
    expect((await getProfile(inZero.profileId)).status).toBe(200)
  })

  it('replaces atomically: during an upload readers see only the old generation, after the commit only the new', async () => {
    const oldModel = await publish(testArtifact({ intercept: -2 }))
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`)
    const first = await publishProfiles(ids.map((id) => record(id, [oldModel], history, SCORED)), [oldModel], SCORED)
    const newModel = await publish(testArtifact({ intercept: 1, day: 29 }))
    const later = SCORED + DAY
    const fresh = [...ids.slice(0, 10), 'only-new'].map((id) => record(id, [newModel], history, later))
    const second = await createGeneration(4, { [newModel.goal.name]: newModel.version }, later)
    const versionsSeen = async () => Promise.all(ids.map(async (id) => {
      const res = await getProfile(id)
      return res.status === 200 ? ((await res.json()) as { goals: Record<string, { modelVersion: string }> }).goals[newModel.goal.name]!.modelVersion : res.status
    }))
    for (let b = 0; b < 4; b++) {
      await putAll(second, 4, fresh, (x) => x === b)
      expect(new Set(await versionsSeen())).toEqual(new Set([oldModel.version]))
      expect((await getProfile('only-new')).status).toBe(404)
    }
    expect(await (await commit(second)).json()).toEqual({ generation: second, profiles: 11, previous: first })
    const after = await versionsSeen()
    expect(after.slice(0, 10)).toEqual(Array(10).fill(newModel.version))
    expect(after.slice(10)).toEqual(Array(10).fill(404))
    expect((await getProfile('only-new')).status).toBe(200)
    expect((await commit(second)).status).toBe(200) // a retried commit answers again
    const listed = await list()
    expect(listed.active).toBe(second)
    expect(listed.generations.map((g) => [g.generation, g.state])).toEqual([[second, 'active'], [first, 'retained']])
  })

  it('rolls back by committing the retained generation again', async () => {
    const model = await publish(testArtifact())
    const first = await publishProfiles([record('r1', [model], history, SCORED)], [model], SCORED)
    await publishProfiles([record('r2', [model], history, SCORED)], [model], SCORED)
    expect((await getProfile('r1')).status).toBe(404)
    expect(await (await commit(first)).json()).toMatchObject({ generation: first, profiles: 1 })
    expect((await getProfile('r1')).status).toBe(200)
  })

  it('refuses uploads to a committed generation and aborting it', async () => {
    const model = await publish(testArtifact())
    const generation = await publishProfiles([record('x', [model], history, SCORED)], [model], SCORED)
    const put = await putBucket(generation, 0, [])
    expect(put.status).toBe(409)
    expect(await errorCode(put)).toBe('GENERATION_NOT_PENDING')
    const abort = await call(`/v1/profiles/generations/${generation}`, { method: 'DELETE' })
    expect(abort.status).toBe(409)
  })
})

describe('retention', () => {
  it('arms the Durable Object alarm for the retained generation\'s expiry; the alarm keeps what has not expired', async () => {
    const model = await publish(testArtifact())
    const first = await publishProfiles([record('k1', [model], history, SCORED)], [model], SCORED)
    const committed = Date.now()
    await publishProfiles([record('k2', [model], history, SCORED)], [model], SCORED)
    const alarm = await runInDurableObject(store(), (_instance: unknown, state) => state.storage.getAlarm())
    expect(alarm).not.toBeNull()
    expect(Math.abs(alarm! - (committed + RETAIN_MS))).toBeLessThan(60_000)
    expect(await runDurableObjectAlarm(store())).toBe(true) // run now: nothing has expired yet
    expect((await list()).generations.map((g) => g.generation)).toContain(first)
  })

  it('deletes the previous generation 24 h after it was replaced, expired pending ones after 24 h, never the active one', async () => {
    const model = await publish(testArtifact())
    const first = await publishProfiles([record('k1', [model], history, SCORED)], [model], SCORED)
    const second = await publishProfiles([record('k2', [model], history, SCORED)], [model], SCORED)
    const pending = await createGeneration(2, { [model.goal.name]: model.version }, SCORED)
    await putAll(pending, 2, [record('k3', [model], history, SCORED)], (b) => b === profileBucket('k3', 2))
    const keys = async (generation: string) => (await bindings.PROFILES.list({ prefix: `profiles/${generation}/` })).objects.length
    expect(await keys(first)).toBe(4)
    expect(await cleanup(Date.now() + RETAIN_MS - 60_000)).toEqual({ generations: [], tombstones: 0 })
    const later = Math.max(RETAIN_MS, PENDING_MS) + Date.now() + 1000
    expect((await cleanup(later)).generations.sort()).toEqual([first, pending].sort())
    expect(await keys(first)).toBe(0)
    expect(await keys(pending)).toBe(0)
    expect(await keys(second)).toBe(4)
    expect((await list()).generations.map((g) => g.generation)).toEqual([second])
    expect((await getProfile('k2')).status).toBe(200)
    const expired = await commit(pending)
    expect(expired.status).toBe(404)
  })
})
