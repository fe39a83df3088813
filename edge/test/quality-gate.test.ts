import { describe, expect, it } from 'vitest'
import type { GateCheck } from '../src/quality-gate.ts'
import { activate, call, errorCode, purchaseGoal, putPolicy, testArtifact, upload } from './support.ts'

const goalSpec = (name: string) => ({ ...purchaseGoal, name })

type Checked = GateCheck
interface Refusal { error: { code: string; message: string; checked: Checked } }
interface Activated { active: string; previous: string | null; forced: boolean; checked: Checked }

const DEFAULTS = { minAuc: 0.65, minPositives: 500, minNegatives: 500 }

async function activeVersion(goal: string): Promise<string | null> {
  const res = await call(`/v1/models/${goal}`, { token: null })
  return res.status === 200 ? res.headers.get('x-auspex-version') : null
}

describe('the quality gate on activation', () => {
  it('refuses a version below the AUC floor with 422 QUALITY_GATE naming the figure, the floor and the overrides', async () => {
    const weak = testArtifact({ goal: goalSpec('gate-auc-30d'), metrics: { auc: 0.58, positives: 900, negatives: 4000 } })
    expect((await upload(weak)).status).toBe(201)
    const res = await activate('gate-auc-30d', weak.version)
    expect(res.status).toBe(422)
    const body = (await res.json()) as Refusal
    expect(body.error.code).toBe('QUALITY_GATE')
    expect(body.error.message).toContain('hold-out AUC 0.58 < 0.65')
    expect(body.error.message).toContain('--force')
    expect(body.error.message).toContain('PUT /v1/models/gate-auc-30d/policy')
    expect(body.error.message).not.toContain('positives')
    expect(body.error.checked).toEqual({ auc: 0.58, positives: 900, negatives: 4000, policy: DEFAULTS, passed: false, failures: ['hold-out AUC 0.58 < 0.65'] })
    expect(await activeVersion('gate-auc-30d')).toBeNull()
  })

  it('"force": true activates it anyway and says forced: true with the figures', async () => {
    const weak = testArtifact({ goal: goalSpec('gate-force-30d'), metrics: { auc: 0.55, positives: 120, negatives: 4000 } })
    await upload(weak)
    const res = await activate('gate-force-30d', weak.version, undefined, true)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Activated
    expect(body).toMatchObject({ active: weak.version, forced: true })
    expect(body.checked).toMatchObject({ auc: 0.55, positives: 120, negatives: 4000, passed: false })
    expect(body.checked.failures).toEqual(['hold-out AUC 0.55 < 0.65', 'positives 120 < 500 (test-split examples)'])
    expect(await activeVersion('gate-force-30d')).toBe(weak.version)
  })

  it('a version that passes is activated with the checked figures and forced: false, also when force was sent', async () => {
    const good = testArtifact({ goal: goalSpec('gate-pass-30d'), metrics: { auc: 0.81, positives: 500, negatives: 501 } })
    await upload(good)
    const res = await activate('gate-pass-30d', good.version)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ forced: false, checked: { auc: 0.81, positives: 500, negatives: 501, policy: DEFAULTS, passed: true, failures: [] } })
    const again = await activate('gate-pass-30d', good.version, undefined, true)
    expect(await again.json()).toMatchObject({ forced: false, checked: { passed: true } })
  })

  it('checks the data requirement: too few positives or negatives, each named', async () => {
    const goal = goalSpec('gate-data-30d')
    const few = testArtifact({ goal, day: 1, metrics: { auc: 0.9, positives: 157, negatives: 340 } })
    await upload(few)
    const body = (await (await activate('gate-data-30d', few.version)).json()) as Refusal
    expect(body.error.code).toBe('QUALITY_GATE')
    expect(body.error.message).toContain('positives 157 < 500')
    expect(body.error.message).toContain('negatives 340 < 500')
    expect(body.error.message).not.toContain('AUC')
    expect(body.error.checked).toMatchObject({ auc: 0.9, positives: 157, negatives: 340 })
  })

  it('refuses a version whose artifact does not carry positives or negatives, naming the missing field', async () => {
    const bare = testArtifact({ goal: goalSpec('gate-missing-30d'), metrics: { auc: 0.9, negatives: 5000 } })
    await upload(bare)
    const res = await activate('gate-missing-30d', bare.version)
    expect(res.status).toBe(422)
    const body = (await res.json()) as Refusal
    expect(body.error.message).toContain('metrics.positives is missing')
    expect(body.error.message).toContain('cannot be checked')
    expect(body.error.checked).toMatchObject({ auc: 0.9, positives: null, negatives: 5000, passed: false })
    expect((await activate('gate-missing-30d', bare.version, undefined, true)).status).toBe(200)
  })

  it('gates rollbacks too: an older version below a floor raised since is refused, one that passed passes again', async () => {
    const goal = goalSpec('gate-rollback-30d')
    const v1 = testArtifact({ goal, day: 1, metrics: { auc: 0.7, positives: 800, negatives: 900 } })
    const v2 = testArtifact({ goal, day: 2, metrics: { auc: 0.8, positives: 800, negatives: 900 } })
    for (const v of [v1, v2]) expect((await upload(v)).status).toBe(201)
    expect((await activate('gate-rollback-30d', v1.version)).status).toBe(200)
    expect((await activate('gate-rollback-30d', v2.version)).status).toBe(200)
    // rolling back to v1 under the same policy passes again
    expect((await activate('gate-rollback-30d', v1.version)).status).toBe(200)
    expect((await activate('gate-rollback-30d', v2.version)).status).toBe(200)
    // the floor is raised above v1: rolling back to it is refused and v2 stays active
    expect((await putPolicy('gate-rollback-30d', { minAuc: 0.75 })).status).toBe(200)
    const back = await activate('gate-rollback-30d', v1.version)
    expect(back.status).toBe(422)
    expect(((await back.json()) as Refusal).error.message).toContain('hold-out AUC 0.7 < 0.75')
    expect(await activeVersion('gate-rollback-30d')).toBe(v2.version)
  })

  it('an unknown version is still 404 (before any gate), and force must be a boolean', async () => {
    const a = testArtifact({ goal: goalSpec('gate-misc-30d') })
    await upload(a)
    expect(await errorCode(await activate('gate-misc-30d', '20990101T000000Z-deadbeef'))).toBe('NOT_FOUND')
    const res = await call('/v1/models/gate-misc-30d/active', { method: 'POST', body: JSON.stringify({ version: a.version, force: 'yes' }) })
    expect(res.status).toBe(400)
    expect(((await res.json()) as Refusal).error.message).toMatch(/^force: expected true or false/)
  })

  it('the upload response carries what the gate would say now, without refusing the upload', async () => {
    const goal = goalSpec('gate-upload-30d')
    const weak = testArtifact({ goal, day: 1, metrics: { auc: 0.6, positives: 50, negatives: 60 } })
    const res = await upload(weak)
    expect(res.status).toBe(201)
    const body = (await res.json()) as { version: string; checked: Checked }
    expect(body.version).toBe(weak.version)
    expect(body.checked).toMatchObject({ auc: 0.6, positives: 50, negatives: 60, policy: DEFAULTS, passed: false })
    expect(body.checked.failures).toHaveLength(3)
    await putPolicy('gate-upload-30d', { minAuc: 0.55, minPositives: 40, minNegatives: 40 })
    const next = testArtifact({ goal, day: 2, metrics: { auc: 0.6, positives: 50, negatives: 60 } })
    expect(await (await upload(next)).json()).toMatchObject({ checked: { passed: true, policy: { minAuc: 0.55, minPositives: 40, minNegatives: 40 } } })
  })
})

describe('PUT / GET /v1/models/:goal/policy', () => {
  it('GET answers the default policy (and says so) until one is stored', async () => {
    const res = await call('/v1/models/policy-default-30d/policy', { token: null })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ goal: 'policy-default-30d', ...DEFAULTS, default: true })
  })

  it('PUT stores the floors; omitted fields take their defaults; GET answers them; the next activation uses them', async () => {
    const small = testArtifact({ goal: goalSpec('policy-small-30d'), metrics: { auc: 0.66, positives: 157, negatives: 2400 } })
    await upload(small)
    expect((await activate('policy-small-30d', small.version)).status).toBe(422)
    const put = await putPolicy('policy-small-30d', { minAuc: 0.6, minPositives: 50 })
    expect(put.status).toBe(200)
    expect(await put.json()).toEqual({ goal: 'policy-small-30d', minAuc: 0.6, minPositives: 50, minNegatives: 500, default: false })
    expect(await (await call('/v1/models/policy-small-30d/policy', { token: null })).json()).toEqual({ goal: 'policy-small-30d', minAuc: 0.6, minPositives: 50, minNegatives: 500, default: false })
    const res = await activate('policy-small-30d', small.version)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ forced: false, checked: { passed: true, policy: { minAuc: 0.6, minPositives: 50, minNegatives: 500 } } })
    // PUT replaces the whole policy: {} is back to the default floors (stored, so no longer `default`)
    expect(await (await putPolicy('policy-small-30d', {})).json()).toEqual({ goal: 'policy-small-30d', ...DEFAULTS, default: false })
  })

  it('needs the publish token: 401 without it or with a wrong one, and nothing is stored', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await putPolicy('policy-auth-30d', { minAuc: 0 }, token)
      expect(res.status).toBe(401)
      expect(await errorCode(res)).toBe('UNAUTHORIZED')
    }
    expect(await (await call('/v1/models/policy-auth-30d/policy', { token: null })).json()).toMatchObject({ default: true, minAuc: 0.65 })
  })

  it.each([
    [{ minAuc: 1.2 }, 'minAuc: expected a number from 0 to 1'],
    [{ minAuc: -0.1 }, 'minAuc: expected a number from 0 to 1'],
    [{ minAuc: '0.6' }, 'minAuc: expected a number from 0 to 1'],
    [{ minPositives: 12.5 }, 'minPositives: expected a whole number ≥ 0'],
    [{ minPositives: -1 }, 'minPositives: expected a whole number ≥ 0'],
    [{ minNegatives: null }, 'minNegatives: expected a whole number ≥ 0'],
    [{ minNegatives: '50' }, 'minNegatives: expected a whole number ≥ 0'],
    [{ minAUC: 0.6 }, 'minAUC: not a policy field; valid fields: minAuc, minPositives, minNegatives'],
    [[0.6], 'expected a JSON object'],
    ['0.6', 'expected a JSON object'],
  ])('refuses %j with 400 naming the field', async (body, message) => {
    const res = await putPolicy('policy-bad-30d', body)
    expect(res.status).toBe(400)
    const err = ((await res.json()) as Refusal).error
    expect(err.code).toBe('INVALID_REQUEST')
    expect(err.message.startsWith(message)).toBe(true)
    expect(await (await call('/v1/models/policy-bad-30d/policy', { token: null })).json()).toMatchObject({ default: true })
  })

  it('refuses a bad goal, non-JSON and other methods', async () => {
    expect(await errorCode(await putPolicy('Not A Goal', { minAuc: 0.5 }))).toBe('INVALID_REQUEST')
    expect(await errorCode(await call('/v1/models/policy-bad-30d/policy', { method: 'PUT', body: '{"minAuc":' }))).toBe('INVALID_JSON')
    const res = await call('/v1/models/policy-bad-30d/policy', { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT')
  })
})
