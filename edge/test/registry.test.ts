import { describe, expect, it } from 'vitest'
import { activate, call, errorCode, testArtifact, upload, purchaseGoal } from './support.ts'

const goalSpec = (name: string) => ({ ...purchaseGoal, name })

describe('publish → activate → fetch → rollback', () => {
  it('runs the full lifecycle with ETags, 304s and a rollback', async () => {
    const goal = goalSpec('lifecycle-30d')
    const v1 = testArtifact({ goal, day: 1 })
    const v2 = testArtifact({ goal, day: 2, intercept: -1 })

    expect((await call('/v1/models/lifecycle-30d', { token: null })).status).toBe(404)
    const put1 = await upload(v1)
    expect(put1.status).toBe(201)
    expect(await put1.json()).toMatchObject({ goal: 'lifecycle-30d', version: v1.version, hash: v1.hash })
    expect(await errorCode(await call('/v1/models/lifecycle-30d', { token: null }))).toBe('NO_ACTIVE_MODEL')

    expect((await activate('lifecycle-30d', v1.version)).status).toBe(200)
    const get1 = await call('/v1/models/lifecycle-30d', { token: null })
    expect(get1.status).toBe(200)
    expect(get1.headers.get('etag')).toBe(`"${v1.hash}"`)
    expect(get1.headers.get('cache-control')).toBe('public, max-age=30, must-revalidate')
    expect(((await get1.json()) as { hash: string }).hash).toBe(v1.hash)

    const cond = await call('/v1/models/lifecycle-30d', { token: null, headers: { 'if-none-match': `"${v1.hash}"` } })
    expect(cond.status).toBe(304)
    expect(cond.headers.get('etag')).toBe(`"${v1.hash}"`)

    expect((await upload(v2)).status).toBe(201)
    const post = await activate('lifecycle-30d', v2.version)
    expect(await post.json()).toMatchObject({ active: v2.version, previous: v1.version })
    const stale = await call('/v1/models/lifecycle-30d', { token: null, headers: { 'if-none-match': `"${v1.hash}"` } })
    expect(stale.status).toBe(200)
    expect(stale.headers.get('etag')).toBe(`"${v2.hash}"`)

    // rollback = activating the older version
    expect((await activate('lifecycle-30d', v1.version)).status).toBe(200)
    const back = await call('/v1/models/lifecycle-30d', { token: null })
    expect(back.headers.get('etag')).toBe(`"${v1.hash}"`)

    const list = (await (await call('/v1/models', { token: null })).json()) as { goals: Array<{ goal: string; active: string; versions: Array<{ version: string; createdAt: string; hash: string; size: number }> }> }
    const entry = list.goals.find((g) => g.goal === 'lifecycle-30d')
    expect(entry?.active).toBe(v1.version)
    expect(entry?.versions.map((v) => v.version)).toEqual([v2.version, v1.version])
    expect(entry?.versions[1]).toMatchObject({ createdAt: v1.createdAt, hash: v1.hash })
    expect(entry?.versions[1]?.size).toBeGreaterThan(1000)
  })

  it('serves versions as immutable, with the artifact JSON itself and 304 support', async () => {
    const a = testArtifact({ goal: goalSpec('immutable-30d') })
    await upload(a)
    const res = await call(`/v1/models/immutable-30d/versions/${a.version}`, { token: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
    expect(res.headers.get('etag')).toBe(`"${a.hash}"`)
    expect(await res.json()).toEqual(a)
    const again = await call(`/v1/models/immutable-30d/versions/${a.version}`, { token: null, headers: { 'if-none-match': `W/"x", "${a.hash}"` } })
    expect(again.status).toBe(304)
    expect((await call('/v1/models/immutable-30d/versions/nope', { token: null })).status).toBe(404)
  })

  it('refuses to overwrite a version (409) and keeps the original', async () => {
    const a = testArtifact({ goal: goalSpec('overwrite-30d') })
    expect((await upload(a)).status).toBe(201)
    const again = await upload(a)
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('VERSION_EXISTS')
    const tampered = { ...a, metrics: { auc: 0.99 } }
    const other = testArtifact({ goal: goalSpec('overwrite-30d'), intercept: 5, version: a.version })
    expect(other.hash).not.toBe(a.hash)
    const res = await upload(other)
    expect(res.status).toBe(409)
    expect((await call(`/v1/models/overwrite-30d/versions/${a.version}`, { token: null, method: 'PUT', body: JSON.stringify(tampered) })).status).toBe(401)
    const stored = (await (await call(`/v1/models/overwrite-30d/versions/${a.version}`, { token: null })).json()) as { hash: string }
    expect(stored.hash).toBe(a.hash)
  })

  it('refuses to activate a version that does not exist, leaving the active one', async () => {
    const a = testArtifact({ goal: goalSpec('missing-30d') })
    await upload(a)
    await activate('missing-30d', a.version)
    const res = await activate('missing-30d', '20990101T000000Z-deadbeef')
    expect(res.status).toBe(404)
    expect((await call('/v1/models/missing-30d', { token: null })).headers.get('etag')).toBe(`"${a.hash}"`)
  })

  it('concurrent activations leave one consistent active version', async () => {
    const goal = goalSpec('race-30d')
    const versions = Array.from({ length: 6 }, (_, i) => testArtifact({ goal, day: i + 1, intercept: -2 + i / 10 }))
    for (const v of versions) expect((await upload(v)).status).toBe(201)
    const results = await Promise.all(versions.map((v) => activate('race-30d', v.version)))
    expect(results.map((r) => r.status)).toEqual(versions.map(() => 200))
    const list = (await (await call('/v1/models', { token: null })).json()) as { goals: Array<{ goal: string; active: string }> }
    const active = list.goals.find((g) => g.goal === 'race-30d')?.active
    const winner = versions.find((v) => v.version === active)
    expect(winner).toBeDefined()
    const res = await call('/v1/models/race-30d', { token: null })
    expect(res.headers.get('etag')).toBe(`"${winner?.hash}"`)
    expect(((await res.json()) as { version: string }).version).toBe(active)
  })
})
