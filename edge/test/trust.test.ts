import { sealArtifact, type ModelArtifact } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { activate, call, purchaseGoal, testArtifact, upload } from './support.ts'

const goal = { ...purchaseGoal, name: 'trust-30d' }

/** A copy of `artifact` edited by `edit` and sealed again, so its hash is right and only core's deeper checks can refuse it. */
function resealed(artifact: ModelArtifact, edit: (a: Omit<ModelArtifact, 'hash'>) => void): ModelArtifact {
  const { hash: _hash, ...rest } = structuredClone(artifact)
  edit(rest)
  return sealArtifact(rest)
}

async function expectRefused(artifact: ModelArtifact, code: string, pathPrefix: string): Promise<void> {
  const res = await upload(artifact)
  expect(res.status).toBe(422)
  const body = (await res.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe(code)
  expect(body.error.message.startsWith(pathPrefix)).toBe(true)
  // never stored: not served, not listed, cannot be activated
  expect((await call(`/v1/models/trust-30d/versions/${artifact.version}`, { token: null })).status).toBe(404)
  expect((await activate('trust-30d', artifact.version)).status).toBe(404)
  const list = (await (await call('/v1/models', { token: null })).json()) as { goals: Array<{ goal: string; versions: Array<{ version: string }> }> }
  const versions = list.goals.find((g) => g.goal === 'trust-30d')?.versions.map((v) => v.version) ?? []
  expect(versions).not.toContain(artifact.version)
}

describe('the edge stores only what core loads (PUT → 422 naming the JSON path)', () => {
  it('a re-sealed artifact with an invented feature (spec + term) is refused', async () => {
    const invented = resealed(testArtifact({ goal, day: 11 }), (a) => {
      a.features.spec.push({ code: 'magic_7d', name: 'magic', template: 'Magic {value}', unit: 'count' } as never)
      a.model.terms.push({ feature: 'magic_7d', edges: [1], weights: [0, 0, 5] })
    })
    await expectRefused(invented, 'INVALID_MODEL', 'features.spec: ')
  })

  it('a re-sealed artifact that renames a feature the engine builds is refused at that spec entry', async () => {
    const base = testArtifact({ goal, day: 12 })
    const index = base.features.spec.findIndex((f) => f.code === 'sessions_30d')
    expect(index).toBeGreaterThanOrEqual(0)
    const renamed = resealed(base, (a) => {
      a.features.spec[index]!.code = 'sessions_31d'
      a.model.terms = a.model.terms.map((t) => (t.feature === 'sessions_30d' ? { ...t, feature: 'sessions_31d' } : t))
    })
    await expectRefused(renamed, 'INVALID_MODEL', `features.spec[${index}]: `)
    const relabelled = resealed(base, (a) => { a.features.spec[index]!.template = 'Definitely buying' })
    await expectRefused(relabelled, 'INVALID_MODEL', `features.spec[${index}]: `)
  })

  it.each([
    ['eventTypes', (a: Omit<ModelArtifact, 'hash'>) => { a.features.config.eventTypes = Array.from({ length: 33 }, (_, i) => `custom${i}`) }],
    ['windowsDays', (a: Omit<ModelArtifact, 'hash'>) => { a.features.config.windowsDays = [1, 7, 401] }],
    ['sessionGapMinutes', (a: Omit<ModelArtifact, 'hash'>) => { a.features.config.sessionGapMinutes = 0 }],
    ['maxSessionItems', (a: Omit<ModelArtifact, 'hash'>) => { a.features.config.maxSessionItems = 10_000 }],
  ])('a config beyond core\'s bounds (%s) is refused naming features.config', async (field, edit) => {
    const days: Record<string, number> = { eventTypes: 13, windowsDays: 14, sessionGapMinutes: 15, maxSessionItems: 16 }
    await expectRefused(resealed(testArtifact({ goal, day: days[field] }), edit), 'INVALID_MODEL', `features.config.${field}`)
  })

  it('a body nested deeper than 64 levels is unreadable (400), not a crash', async () => {
    const a = testArtifact({ goal, day: 17 })
    const deep = JSON.stringify({ ...a, training: {} }).replace('"training":{}', `"training":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}`)
    const res = await call(`/v1/models/trust-30d/versions/${a.version}`, { method: 'PUT', body: deep })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INVALID_JSON', message: expect.stringContaining('deeper than 64') })
  })

  it('a number beyond a double (1e400, read as Infinity) is unreadable (400 naming its path), not a crash in hashing', async () => {
    const a = testArtifact({ goal, day: 19 })
    const text = JSON.stringify(a).replace('"metrics":{', '"metrics":{"extra":1e400,')
    const res = await call(`/v1/models/trust-30d/versions/${a.version}`, { method: 'PUT', body: text })
    expect(res.status).toBe(400)
    const error = ((await res.json()) as { error: { code: string; message: string } }).error
    expect(error.code).toBe('INVALID_JSON')
    expect(error.message).toMatch(/^metrics\.extra: a number beyond the range of a double/)
    const segments = await call('/v1/segments', { method: 'PUT', body: '{"segments":[{"name":"s","all":[{"goal":"g","score":{"max":-1e999}}]}]}' })
    expect(segments.status).toBe(400)
    expect(((await segments.json()) as { error: { message: string } }).error.message).toMatch(/^segments\[0\]\.all\[0\]\.score\.max: /)
  })

  it('the artifact core loads is stored and activates', async () => {
    const a = testArtifact({ goal, day: 18 })
    expect((await upload(a)).status).toBe(201)
    expect((await activate('trust-30d', a.version)).status).toBe(200)
  })
})
