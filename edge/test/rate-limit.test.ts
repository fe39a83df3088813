import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { app } from '../src/index.ts'
import { resetRateLimitWarning } from '../src/rate-limit.ts'
import { TOKEN, activate, call, clientAddress, purchaseGoal, testArtifact, upload } from './support.ts'

const a = testArtifact({ goal: { ...purchaseGoal, name: 'limit-30d' } })
const LIMIT = 10 // vitest.config.ts gives the suite's SCORE_LIMITER 10 requests a minute
const body = JSON.stringify({ goal: 'limit-30d', events: [] })

const score = (ip: string, headers: Record<string, string> = {}) =>
  call('/v1/score', { method: 'POST', token: null, body, headers: { 'cf-connecting-ip': ip, origin: 'https://shop.example', ...headers } })

describe('POST /v1/score is rate limited per client', () => {
  beforeAll(async () => {
    expect((await upload(a)).status).toBe(201)
    expect((await activate('limit-30d', a.version)).status).toBe(200)
  })
  afterEach(() => vi.restoreAllMocks())

  it('answers 429 RATE_LIMITED with Retry-After once a client spends its budget; other clients are unaffected', async () => {
    const ip = clientAddress()
    // the binding counts fixed 60 s windows, so a window may turn over once during the loop: allow up to 2 × LIMIT
    const statuses: number[] = []
    let limited: Response | undefined
    for (let i = 0; i < 2 * LIMIT + 1 && !limited; i++) {
      const res = await score(ip)
      statuses.push(res.status)
      if (res.status === 429) limited = res
      else await res.arrayBuffer()
    }
    expect(limited).toBeDefined()
    const passed = statuses.filter((s) => s === 200).length
    expect(passed).toBeGreaterThanOrEqual(LIMIT)
    expect(passed).toBeLessThanOrEqual(2 * LIMIT)
    expect(limited!.headers.get('retry-after')).toBe('60')
    expect(limited!.headers.get('access-control-allow-origin')).toBe('*')
    const error = ((await limited!.json()) as { error: { code: string; message: string } }).error
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.message).toContain('retry after 60 s')
    // a made-up token does not buy a new budget; the publish token is its own client; another address is unaffected
    expect((await score(ip, { authorization: 'Bearer made-up-token' })).status).toBe(429)
    expect((await score(ip, { authorization: `Bearer ${TOKEN}` })).status).toBe(200)
    expect((await score(clientAddress())).status).toBe(200)
  })

  it('reads and writes are not rate limited', async () => {
    const ip = clientAddress()
    for (let i = 0; i < LIMIT + 2; i++) {
      expect((await call('/v1/models/limit-30d', { token: null, headers: { 'cf-connecting-ip': ip } })).status).toBe(200)
    }
  })

  it('without the binding (an older wrangler.jsonc) nothing is limited and one warning is logged', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    resetRateLimitWarning()
    const noLimiter = { ...env, SCORE_LIMITER: undefined }
    const ip = clientAddress()
    for (let i = 0; i < LIMIT + 5; i++) {
      const req = new Request('https://edge.test/v1/score', { method: 'POST', body, headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip } })
      expect((await app.fetch(req, noLimiter)).status).toBe(200)
    }
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[0])).toContain('not rate limited')
  })

  it('a failing limiter lets the request through (logged), never a 500', async () => {
    const failing = { ...env, SCORE_LIMITER: { limit: async () => { throw new Error('limiter down') } } }
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const req = new Request('https://edge.test/v1/score', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    expect((await app.fetch(req, failing)).status).toBe(200)
    expect(logged).toHaveBeenCalled()
  })
})
