import { profileBucket } from '@auspex/core'
import { reset } from 'cloudflare:test'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DAY, T0 } from '../../packages/core/src/test-support/fixtures.ts'
import { bindings, commit, createGeneration, erase, getProfile, grant, grantState, liveScore, publish, publishProfiles, putAll, putBucket, record } from './profile-support.ts'
import { testArtifact } from './support.ts'

const SCORED = T0 + 10 * DAY
const history = [{ timestamp: T0, type: 'pageView' }, { timestamp: T0 + DAY, type: 'purchase', value: 20 }]
const GONE = 'erase-me-7f3a91'
const others = Array.from({ length: 12 }, (_, i) => `keep-${i}`)

beforeEach(async () => {
  await reset()
})

/** Every stored R2 object of the profile store whose bytes mention `text`. */
async function objectsMentioning(text: string): Promise<string[]> {
  const found: string[] = []
  const page = await bindings.PROFILES.list({ prefix: 'profiles/' })
  for (const object of page.objects) {
    const body = await bindings.PROFILES.get(object.key)
    if (body !== null && (await body.text()).includes(text)) found.push(object.key)
  }
  return found
}

describe('DELETE /v1/profiles/:id', () => {
  it('erases the profile from the active, the retained and a pending generation: no stored byte is left', async () => {
    const model = await publish(testArtifact())
    const all = [GONE, ...others].map((id) => record(id, [model], history, SCORED))
    await publishProfiles(all, [model], SCORED) // will be retained
    await publishProfiles(all, [model], SCORED, 3) // active
    const pending = await createGeneration(5, { [model.goal.name]: model.version }, SCORED)
    await putAll(pending, 5, all, (b) => b === profileBucket(GONE, 5))
    expect(await objectsMentioning(GONE)).toHaveLength(3)
    expect((await getProfile(GONE)).status).toBe(200)

    const res = await erase(GONE)
    expect(res.status).toBe(204)
    expect(await objectsMentioning(GONE)).toEqual([])
    expect((await getProfile(GONE)).status).toBe(404)
    expect((await liveScore(GONE, { events: [] })).status).toBe(404)
    expect((await grantState(GONE, grant(GONE))).status).toBe(404)
    for (const id of others) expect((await getProfile(id)).status, id).toBe(200)
    // the pending generation goes on, without the erased profile
    await putAll(pending, 5, all, (b) => b !== profileBucket(GONE, 5))
    expect(await (await commit(pending)).json()).toMatchObject({ profiles: others.length })
    expect((await getProfile(GONE)).status).toBe(404)
    expect(await objectsMentioning(GONE)).toEqual([])
  })

  it('leaves the profile out of a bucket of a pending generation PUT after the erasure (its tombstone), also on a retry', async () => {
    const model = await publish(testArtifact())
    const all = [GONE, ...others].map((id) => record(id, [model], history, SCORED))
    const pending = await createGeneration(2, { [model.goal.name]: model.version }, SCORED)
    expect((await erase(GONE)).status).toBe(204)
    const home = profileBucket(GONE, 2)
    const put = await putBucket(pending, home, all.filter((r) => profileBucket(r.profileId, 2) === home))
    expect(await put.json()).toMatchObject({ erased: 1 })
    await putAll(pending, 2, all)
    expect((await commit(pending)).status).toBe(200)
    expect((await getProfile(GONE)).status).toBe(404)
    expect(await objectsMentioning(GONE)).toEqual([])
  })

  it('is total when the erasure arrives while a bucket holding the profile is being written', async () => {
    const model = await publish(testArtifact())
    const all = [GONE, ...others].map((id) => record(id, [model], history, SCORED))
    await publishProfiles(all, [model], SCORED)
    const pending = await createGeneration(1, { [model.goal.name]: model.version }, SCORED)
    // hold the pending bucket's R2 write (the Durable Object runs in this isolate) until the DELETE has arrived
    const r2 = Object.getPrototypeOf(bindings.PROFILES) as R2Bucket
    const original = r2.put
    let held = false // polled, not a promise: the Durable Object's request may not resolve a promise of the test's request
    const spy = vi.spyOn(r2, 'put').mockImplementation(async function (this: R2Bucket, ...args: Parameters<R2Bucket['put']>) {
      if (!held && args[0] === `profiles/${pending}/0`) {
        held = true
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
      return original.apply(this, args)
    })
    try {
      const upload = putBucket(pending, 0, all)
      while (!held) await new Promise((resolve) => setTimeout(resolve, 5))
      const erasure = erase(GONE)
      expect([(await upload).status, (await erasure).status]).toEqual([200, 204])
      expect(held).toBe(true)
    } finally {
      spy.mockRestore()
    }
    expect(await objectsMentioning(GONE)).toEqual([])
    expect(await (await commit(pending)).json()).toMatchObject({ profiles: others.length })
    expect((await getProfile(GONE)).status).toBe(404)
  })

  it('serves the right records after an erasure moved the others within their bucket (no stale offsets)', async () => {
    const model = await publish(testArtifact())
    const all = [GONE, ...others].map((id) => record(id, [model], history, SCORED, [`segment-of-${id}`]))
    await publishProfiles(all, [model], SCORED, 1) // one bucket: the erased record sits before the others
    for (const id of others) expect(((await (await getProfile(id)).json()) as { segments: string[] }).segments).toEqual([`segment-of-${id}`])
    expect((await erase(GONE)).status).toBe(204)
    for (const id of others) expect(((await (await getProfile(id)).json()) as { segments: string[] }).segments, id).toEqual([`segment-of-${id}`])
    expect((await getProfile(GONE)).status).toBe(404)
  })

  it('answers 204 for a profile that is not stored, and it stays unknown', async () => {
    expect((await erase('never-seen')).status).toBe(204)
    expect((await getProfile('never-seen')).status).toBe(404)
  })
})
