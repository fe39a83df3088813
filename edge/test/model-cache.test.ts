import { describe, expect, it } from 'vitest'
import { ModelCache } from '../src/model-cache.ts'
import { call, purchaseGoal, testArtifact, upload, activate } from './support.ts'

describe('ModelCache', () => {
  it('loads and validates a version once, shares concurrent loads, and keys by version and hash', async () => {
    const a = testArtifact({ day: 3 })
    const b = testArtifact({ day: 4, intercept: 1 })
    const texts: Record<string, string> = { [a.version]: JSON.stringify(a), [b.version]: JSON.stringify(b) }
    let loads = 0
    const loader = async (_goal: string, version: string) => { loads++; return texts[version] ?? null }
    const cache = new ModelCache()
    const [m1, m2] = await Promise.all([cache.get('purchase-30d', a.version, a.hash, loader), cache.get('purchase-30d', a.version, a.hash, loader)])
    expect(m1).toBe(m2)
    expect(m1?.version).toBe(a.version)
    expect(loads).toBe(1)
    expect((await cache.get('purchase-30d', b.version, b.hash, loader))?.hash).toBe(b.hash)
    expect(loads).toBe(2)
    expect(await cache.get('purchase-30d', 'missing', 'x', loader)).toBeNull()
    expect(cache.size).toBe(2)
  })

  it('refuses a stored artifact whose content does not match its hash', async () => {
    const a = testArtifact()
    const cache = new ModelCache()
    await expect(cache.get('purchase-30d', a.version, a.hash, async () => JSON.stringify({ ...a, metrics: { auc: 0.1 } }))).rejects.toMatchObject({ code: 'MODEL_HASH_MISMATCH' })
    expect(cache.size).toBe(0)
  })
})

describe('HEAD', () => {
  it('answers HEAD on the active model with its headers and no body', async () => {
    const a = testArtifact({ goal: { ...purchaseGoal, name: 'head-30d' } })
    await upload(a)
    await activate('head-30d', a.version)
    const res = await call('/v1/models/head-30d', { method: 'HEAD', token: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe(`"${a.hash}"`)
    expect(await res.text()).toBe('')
  })
})
