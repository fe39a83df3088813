import { describe, expect, it } from 'vitest'
import { allowedOrigin } from '../src/cors.ts'
import { activate, call, purchaseGoal, testArtifact, upload } from './support.ts'

describe('CORS', () => {
  it('answers a preflight for a conditional GET and for POST /v1/score', async () => {
    const res = await call('/v1/models/purchase-30d', {
      method: 'OPTIONS', token: null,
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
  })

  it('exposes ETag on reads and on POST /v1/score, not on writes', async () => {
    const read = await call('/v1/models', { token: null, headers: { origin: 'https://shop.example' } })
    expect(read.headers.get('access-control-allow-origin')).toBe('*')
    expect(read.headers.get('access-control-expose-headers')).toContain('ETag')
    const score = await call('/v1/score', { method: 'POST', token: null, headers: { origin: 'https://shop.example' }, body: '{}' })
    expect(score.headers.get('access-control-allow-origin')).toBe('*')
    const write = await call('/v1/models/x/active', { method: 'POST', token: null, headers: { origin: 'https://shop.example' }, body: '{}' })
    expect(write.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('a cross-origin conditional GET gets a 304 the browser can read (CORS headers and ETag)', async () => {
    const a = testArtifact({ goal: { ...purchaseGoal, name: 'cors-30d' } })
    await upload(a)
    await activate('cors-30d', a.version)
    const res = await call('/v1/models/cors-30d', { token: null, headers: { origin: 'https://shop.example', 'if-none-match': `"${a.hash}"` } })
    expect(res.status).toBe(304)
    expect(res.headers.get('etag')).toBe(`"${a.hash}"`)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag')
  })

  it('a configured list allows only its origins', () => {
    expect(allowedOrigin('https://a.example', 'https://a.example, https://b.example')).toBe('https://a.example')
    expect(allowedOrigin('https://evil.example', 'https://a.example,https://b.example')).toBeNull()
    expect(allowedOrigin(undefined, 'https://a.example')).toBeNull()
    expect(allowedOrigin('https://x.example', undefined)).toBe('*')
  })
})
