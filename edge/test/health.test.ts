import { describe, expect, it } from 'vitest'
import { call, errorCode } from './support.ts'

describe('routing', () => {
  it('GET /v1/health answers 200', async () => {
    const res = await call('/v1/health', { token: null })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, service: 'auspex-edge' })
  })

  it('unknown routes are 404 JSON errors', async () => {
    const res = await call('/v1/nope', { token: null })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(await errorCode(res)).toBe('NOT_FOUND')
  })

  it.each([
    ['DELETE', '/v1/health'],
    ['POST', '/v1/models'],
    ['PUT', '/v1/models/purchase-30d'],
    ['GET', '/v1/models/purchase-30d/active'],
    ['DELETE', '/v1/models/purchase-30d/versions/v1'],
    ['GET', '/v1/score'],
    ['POST', '/v1/segments'],
  ])('%s %s is a 405 JSON error with Allow', async (method, path) => {
    const res = await call(path, { method, token: null })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBeTruthy()
    expect(await errorCode(res)).toBe('METHOD_NOT_ALLOWED')
  })
})
