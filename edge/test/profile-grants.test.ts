import { reset } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { app } from '../src/index.ts'
import type { GrantedState } from '../src/profiles/grant-state.ts'
import { DAY, T0 } from '../../packages/core/src/test-support/fixtures.ts'
import { PREVIOUS_GRANT_SECRET, PROFILE_TOKEN, bindings, getProfile, grant, grantState, publish, publishProfiles, record } from './profile-support.ts'
import { BASE, TOKEN, call, errorCode, testArtifact } from './support.ts'

const SCORED = T0 + 10 * DAY
const history = [{ timestamp: T0, type: 'pageView' }, { timestamp: T0 + DAY, type: 'purchase', value: 20 }]

beforeEach(async () => {
  await reset()
})

async function stored() {
  const model = await publish(testArtifact())
  const records = ['alice', 'bob'].map((id) => record(id, [model], history, SCORED))
  await publishProfiles(records, [model], SCORED)
  return { model, alice: records[0]! }
}

/** A request straight into the app with other secrets than the test Worker's. */
async function withSecrets(secrets: Partial<typeof bindings>, path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('content-type', 'application/json')
  return app.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...bindings, ...secrets })
}

describe('POST /v1/profiles/:id/state (grants)', () => {
  it('answers the profile\'s states for a valid grant', async () => {
    const { model, alice } = await stored()
    const res = await grantState('alice', grant('alice'))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as GrantedState
    expect(body).toEqual({
      profileId: 'alice',
      goals: { [model.goal.name]: { modelVersion: model.version, scoredAt: alice.goals[model.goal.name]!.scoredAt, state: alice.goals[model.goal.name]!.state } },
    })
  })

  it('refuses an expired grant, a grant for another profile and a malformed one with 401 and the refusal code', async () => {
    await stored()
    const cases: Array<[unknown, string]> = [
      [grant('alice', undefined, { now: Date.now() - 20 * 60_000, ttlSeconds: 600 }), 'GRANT_EXPIRED'],
      [grant('bob'), 'GRANT_INVALID'],
      ['v1.123.abc', 'GRANT_MALFORMED'],
      [grant('alice', 'a-secret-the-edge-never-had-0123456789'), 'GRANT_INVALID'],
    ]
    for (const [g, code] of cases) {
      const res = await grantState('alice', g)
      expect(res.status, code).toBe(401)
      expect(await errorCode(res)).toBe(code)
    }
  })

  it('accepts grants of the previous secret while keys rotate, and refuses them once it is removed', async () => {
    await stored()
    const old = grant('alice', PREVIOUS_GRANT_SECRET)
    expect((await grantState('alice', old)).status).toBe(200)
    const path = '/v1/profiles/alice/state'
    const rotated = await withSecrets({ AUSPEX_GRANT_SECRET_PREVIOUS: undefined }, path, { method: 'POST', body: JSON.stringify({ grant: old }) })
    expect(rotated.status).toBe(401)
    expect(await errorCode(rotated)).toBe('GRANT_INVALID')
    const current = await withSecrets({ AUSPEX_GRANT_SECRET_PREVIOUS: undefined }, path, { method: 'POST', body: JSON.stringify({ grant: grant('alice') }) })
    expect(current.status).toBe(200)
  })

  it('answers 503 GRANTS_DISABLED when the edge has no AUSPEX_GRANT_SECRET', async () => {
    await stored()
    const res = await withSecrets({ AUSPEX_GRANT_SECRET: undefined }, '/v1/profiles/alice/state', { method: 'POST', body: JSON.stringify({ grant: grant('alice') }) })
    expect(res.status).toBe(503)
    expect(await errorCode(res)).toBe('GRANTS_DISABLED')
  })

  it('answers 404 for a valid grant of a profile that is not stored', async () => {
    await stored()
    const res = await grantState('carol', grant('carol'))
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('PROFILE_NOT_FOUND')
  })

  it('carries CORS headers like POST /v1/score; the token routes carry none', async () => {
    await stored()
    const origin = { origin: 'https://shop.example' }
    const granted = await grantState('alice', grant('alice'), origin)
    expect(granted.headers.get('access-control-allow-origin')).toBe('*')
    expect(granted.headers.get('vary')).toContain('Origin')
    const refused = await grantState('alice', 'nope', origin)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('access-control-allow-origin')).toBe('*')
    const preflight = await call('/v1/profiles/alice/state', { method: 'OPTIONS', token: null, headers: { ...origin, 'access-control-request-method': 'POST' } })
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST')
    const read = await call('/v1/profiles/alice', { token: PROFILE_TOKEN, headers: origin })
    expect(read.status).toBe(200)
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
    const readPreflight = await call('/v1/profiles/alice', { method: 'OPTIONS', token: null, headers: { ...origin, 'access-control-request-method': 'GET' } })
    expect(readPreflight.headers.get('access-control-allow-origin')).toBeNull()
    const list = await call('/v1/profiles/generations', { token: TOKEN, headers: origin })
    expect(list.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('token separation', () => {
  it('refuses every profile route when AUSPEX_PROFILE_TOKEN equals AUSPEX_TOKEN', async () => {
    await stored()
    const res = await withSecrets({ AUSPEX_PROFILE_TOKEN: TOKEN }, '/v1/profiles/alice', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(401)
    expect((await getProfile('alice')).status).toBe(200)
  })
})
