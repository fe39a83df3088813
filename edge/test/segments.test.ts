import { canonicalJson, sha256Hex } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { call, errorCode } from './support.ts'

const rules = [
  { name: 'likely-buyers', all: [{ goal: 'purchase-30d', bucket: 'high' }] },
  { name: 'rescue', any: [{ goal: 'purchase-30d', score: { max: 10 } }] },
]
const put = (body: unknown, token?: string | null) => call('/v1/segments', { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body), token })

describe('segments', () => {
  it('publish, fetch with ETag/304, idempotent re-put, versions immutable', async () => {
    const empty = await call('/v1/segments', { token: null })
    expect(await empty.json()).toEqual({ version: null, segments: [] })
    expect(empty.headers.get('etag')).toBe('"seg-none"')
    expect((await call('/v1/segments', { token: null, headers: { 'if-none-match': '"seg-none"' } })).status).toBe(304)

    const first = await put({ segments: rules })
    const expected = `seg-${sha256Hex(canonicalJson(rules)).slice(0, 16)}`
    expect(first.status).toBe(201)
    expect(await first.json()).toEqual({ version: expected, count: 2 })

    const again = await put({ segments: rules })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ version: expected, count: 2 })

    const get = await call('/v1/segments', { token: null })
    expect(get.headers.get('etag')).toBe(`"${expected}"`)
    expect(get.headers.get('cache-control')).toContain('max-age=30')
    expect(await get.json()).toEqual({ version: expected, segments: rules })
    expect((await call('/v1/segments', { token: null, headers: { 'if-none-match': `"${expected}"` } })).status).toBe(304)
    expect((await call('/v1/segments', { token: null, headers: { 'if-none-match': '"seg-none"' } })).status).toBe(200)

    const second = await put({ segments: rules.slice(0, 1) })
    const v2 = ((await second.json()) as { version: string }).version
    expect((await call('/v1/segments', { token: null })).headers.get('etag')).toBe(`"${v2}"`)
    const old = await call(`/v1/segments/versions/${expected}`, { token: null })
    expect(old.headers.get('cache-control')).toContain('immutable')
    expect(((await old.json()) as { segments: unknown[] }).segments).toEqual(rules)
    expect((await call('/v1/segments/versions/seg-0000000000000000', { token: null })).status).toBe(404)
    expect((await call('/v1/segments/versions/nope', { token: null })).status).toBe(400)
  })

  it('invalid rules → 400 naming the JSON path; limits enforced', async () => {
    const res = await put({ segments: [rules[0], { name: 'Bad Name', all: [] }] })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('INVALID_SEGMENT')
    expect(body.error.message).toMatch(/^segments\[1\]\.name: /)
    expect(await errorCode(await put({ rules }))).toBe('INVALID_REQUEST')
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `s-${i}`, all: [{ goal: 'g', bucket: 'high' }] }))
    expect(((await (await put({ segments: many })).json()) as { error: { message: string } }).error.message).toContain('at most 200')
    expect((await put({ segments: [{ name: 'x', description: 'y'.repeat(70_000), all: [] }] })).status).toBe(413)
    expect((await put({ segments: rules }, 'wrong')).status).toBe(401)
  })
})
