import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../src/index.ts'
import { BASE, activate, clientAddress, purchaseGoal, testArtifact, upload } from './support.ts'

const a = testArtifact({ goal: { ...purchaseGoal, name: 'vary-30d' } })
const ALLOWED = 'https://shop.example'

/** A request to the app under an allow-list (not the suite's `*`), from `origin` (none when undefined). */
function fetchWith(allowList: string, path: string, origin: string | undefined, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('cf-connecting-ip', clientAddress())
  if (origin !== undefined) headers.set('origin', origin)
  return Promise.resolve(app.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...env, ALLOWED_ORIGINS: allowList }))
}

const varies = (res: Response) => (res.headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase()).includes('origin')

describe('Vary: Origin on every response an origin allow-list can change', () => {
  beforeAll(async () => {
    expect((await upload(a)).status).toBe(201)
    expect((await activate('vary-30d', a.version)).status).toBe(200)
  })

  const score = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ goal: 'vary-30d', events: [] }) }
  const routes: Array<[string, string, RequestInit, number]> = [
    ['immutable version', `/v1/models/vary-30d/versions/${a.version}`, {}, 200],
    ['immutable version, 304', `/v1/models/vary-30d/versions/${a.version}`, { headers: { 'if-none-match': `"${a.hash}"` } }, 304],
    ['active model', '/v1/models/vary-30d', {}, 200],
    ['active model, 304', '/v1/models/vary-30d', { headers: { 'if-none-match': `"${a.hash}"` } }, 304],
    ['HEAD active model', '/v1/models/vary-30d', { method: 'HEAD' }, 200],
    ['model list', '/v1/models', {}, 200],
    ['missing version (404)', '/v1/models/vary-30d/versions/nope', {}, 404],
    ['segments', '/v1/segments', {}, 200],
    ['health', '/v1/health', {}, 200],
    ['POST /v1/score', '/v1/score', score, 200],
    ['POST /v1/score, 400', '/v1/score', { ...score, body: '{}' }, 400],
  ]

  it.each(routes)('%s: with an allowed, a refused and no Origin', async (_name, path, init, status) => {
    for (const allowList of [ALLOWED, '*']) {
      const allowed = await fetchWith(allowList, path, ALLOWED, init)
      expect(allowed.status).toBe(status)
      expect(allowed.headers.get('access-control-allow-origin')).toBe(allowList === '*' ? '*' : ALLOWED)
      expect(varies(allowed)).toBe(true)
      const none = await fetchWith(allowList, path, undefined, init)
      expect(none.status).toBe(status)
      expect(none.headers.get('access-control-allow-origin')).toBeNull()
      expect(varies(none)).toBe(true)
    }
    const refused = await fetchWith(ALLOWED, path, 'https://evil.example', init)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    expect(varies(refused)).toBe(true)
  })

  it('preflights vary on Origin; Vary is not repeated', async () => {
    const pre = await fetchWith(ALLOWED, '/v1/score', undefined, { method: 'OPTIONS' })
    expect(pre.status).toBe(204)
    expect(varies(pre)).toBe(true)
    const res = await fetchWith(ALLOWED, '/v1/models/vary-30d', ALLOWED)
    expect(res.headers.get('vary')?.match(/origin/gi)?.length).toBe(1)
  })
})
