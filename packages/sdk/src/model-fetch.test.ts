import { describe, expect, it } from 'vitest'
import { backoffDelay, fetchModel } from './model-fetch.ts'
import { fakeEdge } from './test-support/fake-edge.ts'
import { GOAL, testArtifact } from './test-support/fixtures.ts'

describe('fetchModel', () => {
  it('returns the artifact and ETag, then 304 with If-None-Match', async () => {
    const edge = fakeEdge()
    edge.serve(GOAL, testArtifact(1))
    const first = await fetchModel(edge.fetch, 'https://edge.test/', GOAL, null)
    expect(first.status).toBe('modified')
    if (first.status !== 'modified') return
    expect(edge.requests[0]!.url).toBe('https://edge.test/v1/models/purchase-30d')
    expect((first.json as { hash: string }).hash).toBe(testArtifact(1).hash)
    expect(await fetchModel(edge.fetch, 'https://edge.test', GOAL, first.etag)).toEqual({ status: 'not-modified' })
  })

  it('fails with MODEL_FETCH_FAILED naming the URL (network error, 404) and MODEL_INVALID on non-JSON', async () => {
    const edge = fakeEdge()
    await expect(fetchModel(edge.fetch, 'https://edge.test', GOAL, null)).rejects.toMatchObject({ code: 'MODEL_FETCH_FAILED', message: expect.stringContaining('404') })
    edge.setDown(true)
    await expect(fetchModel(edge.fetch, 'https://edge.test', GOAL, null)).rejects.toMatchObject({ code: 'MODEL_FETCH_FAILED', message: expect.stringContaining('https://edge.test/v1/models/purchase-30d') })
    edge.setDown(false)
    edge.serve(GOAL, '{not json')
    await expect(fetchModel(edge.fetch, 'https://edge.test', GOAL, null)).rejects.toMatchObject({ code: 'MODEL_INVALID' })
  })
})

describe('backoffDelay', () => {
  it('doubles from 1 s, is capped, and jitters ±20 %', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 60_000, () => 0.5))).toEqual([1000, 2000, 4000, 8000])
    expect(backoffDelay(30, 60_000, () => 0.5)).toBe(60_000)
    expect(backoffDelay(0, 60_000, () => 0)).toBe(800)
    expect(backoffDelay(0, 60_000, () => 1)).toBe(1200)
  })
})
