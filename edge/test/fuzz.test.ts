import { loadModel, normalizeEvents, scoreEvents, sealArtifact, type ModelArtifact } from '@auspex/core'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { anyEvent, goodEvent, hostileName, hugeNumber, literal, paths, time, validTime } from './fuzz-support.ts'
import { T0, activate, callDirect as call, purchaseGoal, testArtifact, upload } from './support.ts'

/**
 * Property-based fuzzing of every write, the score and the telemetry routes with malformed and hostile bodies: the edge must answer
 * each with a 4xx JSON error or a success, never a 500, and whatever it stored must still load with core and score.
 * Runs are bounded (≈ 1000 requests in all, straight into the app: `callDirect`) so the suite stays fast; a failure prints
 * fast-check's seed and path.
 */
const GOAL = 'fuzz-30d'
const base = testArtifact({ goal: { ...purchaseGoal, name: GOAL }, day: 20 })
const RUNS = { numRuns: 200 }

/** Fields a real artifact may carry that the test one lacks, and free-form ones (hashed, not validated) */
const extraPaths: Array<Array<string | number>> = [['training'], ['training', 'x'], ['metrics', 'extra'], ['features', 'config', 'currency'], ['goal', 'customEvents', 0, 'where']]
const artifactPaths = [...paths(base), ...extraPaths]
const MARK = '__fuzz_marker__'

/** A copy of the artifact as version `version`, sealed, then with the value at `path` replaced by `text`, sealed again when asked (and still sealable). */
function mutated(version: string, path: Array<string | number>, text: string, reseal: boolean): string {
  const { hash: _hash, ...rest } = structuredClone(base)
  const copy = (reseal ? { ...rest, version } : sealArtifact({ ...rest, version })) as unknown as Record<string, unknown>
  let at: Record<string | number, unknown> = copy
  for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string | number, unknown>
  at[path[path.length - 1]!] = MARK
  const withMark = JSON.stringify(copy).replace(JSON.stringify(MARK), text)
  if (!reseal) return withMark
  try {
    const { hash: _old, ...edited } = JSON.parse(withMark) as ModelArtifact
    return JSON.stringify(sealArtifact(edited))
  } catch {
    return withMark
  }
}

/** A model body for version `version`: a mutated artifact, a truncated one, or any JSON or text at all. */
type ModelBody = (version: string) => string
/** Names a body in fast-check's counterexample report. */
const named = (description: string, body: ModelBody): ModelBody => Object.assign(body, { [fc.toStringMethod]: () => description })
const sealedText = (version: string) => { const { hash: _h, ...rest } = base; return JSON.stringify(sealArtifact({ ...rest, version })) }
const modelBody: fc.Arbitrary<ModelBody> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...artifactPaths), literal, fc.boolean()).map(([p, t, r]) => named(`${p.join('.')} = ${t.slice(0, 80)}${r ? ', resealed' : ''}`, (v) => mutated(v, p, t, r))) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...extraPaths), literal, fc.boolean()).map(([p, t, r]) => named(`${p.join('.')} = ${t.slice(0, 80)}${r ? ', resealed' : ''}`, (v) => mutated(v, p, t, r))) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((f) => named(`truncated at ${f}`, (v) => { const t = sealedText(v); return t.slice(0, Math.floor(f * t.length)) })) },
  { weight: 1, arbitrary: fc.constant(named('the sealed artifact', sealedText)) },
  { weight: 1, arbitrary: literal.map((t) => named(t.slice(0, 80), () => t)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((t) => named(JSON.stringify(t), () => t)) },
)

const scoreBody = fc.oneof(
  { weight: 3, arbitrary: fc.record({ goal: fc.constant(GOAL), events: fc.array(goodEvent, { maxLength: 12 }), at: validTime, since: validTime }, { requiredKeys: ['goal', 'events'] }).map((b) => JSON.stringify(b)) },
  { weight: 3, arbitrary: fc.record({ goal: fc.oneof(fc.constant(GOAL), fc.jsonValue({ maxDepth: 1 })), events: fc.oneof(fc.array(fc.oneof(goodEvent, anyEvent), { maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })), at: time, since: time }, { requiredKeys: [] }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: literal },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
)

/** Statuses seen per route, to check that the fuzz reached past the first checks (not only 400s). */
const seen = new Map<string, Set<number>>()
async function expectHandled(res: Response, route: string): Promise<void> {
  seen.set(route, (seen.get(route) ?? new Set()).add(res.status))
  expect(res.status).toBeLessThan(500)
  if (res.status >= 400) {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } }
    expect(typeof body.error?.code).toBe('string')
    expect(typeof body.error?.message).toBe('string')
  } else {
    await res.arrayBuffer()
  }
}

describe('fuzz: hostile bodies never cause a 500, and what is stored still loads', () => {
  beforeAll(async () => {
    expect((await upload(base)).status).toBe(201)
    expect((await activate(GOAL, base.version)).status).toBe(200)
  })

  it('PUT /v1/models/:goal/versions/:version', async () => {
    let n = 0
    await fc.assert(fc.asyncProperty(modelBody, async (body) => {
      // a fresh version per run so that acceptable mutations are stored, not 409s
      const version = `${base.version}-f${++n}`
      await expectHandled(await call(`/v1/models/${GOAL}/versions/${version}`, { method: 'PUT', body: body(version) }), 'put')
    }), RUNS)
    expect([...seen.get('put')!].sort()).toEqual(expect.arrayContaining([201, 400, 422]))
  })

  it('POST /v1/score', async () => {
    await fc.assert(fc.asyncProperty(scoreBody, async (body) => {
      await expectHandled(await call('/v1/score', { method: 'POST', token: null, body }), 'score')
    }), RUNS)
    expect([...seen.get('score')!]).toEqual(expect.arrayContaining([200, 400]))
  })

  it('POST /v1/models/:goal/active and PUT /v1/segments', async () => {
    const activation = fc.oneof(literal, fc.record({ version: fc.oneof(fc.constant(base.version), fc.jsonValue({ maxDepth: 1 }), hostileName) }).map((b) => JSON.stringify(b)))
    const rule = fc.record({ name: fc.oneof(fc.constant('fuzzed'), hostileName, fc.string({ maxLength: 8 })), all: fc.jsonValue({ maxDepth: 3 }), any: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] })
    const segments = fc.oneof(
      literal,
      fc.record({ segments: fc.oneof(fc.array(rule, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })) }).map((b) => JSON.stringify(b)),
      // a valid rule with one hostile literal where a number belongs
      literal.map((t) => `{"segments":[{"name":"fuzzed","all":[{"goal":"${GOAL}","score":{"max":${t}}}]}]}`),
    )
    await fc.assert(fc.asyncProperty(activation, segments, async (a, s) => {
      await expectHandled(await call(`/v1/models/${GOAL}/active`, { method: 'POST', body: a }), 'activate')
      await expectHandled(await call('/v1/segments', { method: 'PUT', body: s }), 'segments')
    }), RUNS)
    expect([...seen.get('activate')!]).toEqual(expect.arrayContaining([200, 400, 404]))
    expect([...seen.get('segments')!]).toEqual(expect.arrayContaining([400]))
  })

  it('POST /v1/telemetry, then the monitor still answers with well-formed days', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const count = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) })
    const report = fc.record(
      {
        goal: fc.oneof(fc.constant(GOAL), fc.jsonValue({ maxDepth: 1 }), hostileName),
        version: fc.oneof({ weight: 4, arbitrary: fc.constant(base.version) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
        day: fc.oneof({ weight: 4, arbitrary: fc.constant(today) }, { weight: 1, arbitrary: time }),
        histogram: fc.oneof({ weight: 4, arbitrary: fc.array(count, { minLength: 20, maxLength: 20 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
        unknownTypes: fc.dictionary(fc.oneof(hostileName, fc.string({ maxLength: 70 })), count, { maxKeys: 24 }),
      },
      { requiredKeys: [] },
    )
    // well-formed reports with hostile type names, so that many get through to the Durable Object
    const valid = fc.record({
      goal: fc.constant(GOAL),
      version: fc.constant(base.version),
      day: fc.constant(today),
      histogram: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 20, maxLength: 20 }).map((h) => (h.some((c) => c > 0) ? h : [1, ...h.slice(1)])),
      unknownTypes: fc.dictionary(fc.oneof(hostileName.filter((n) => n.length > 0 && n.length <= 64), fc.string({ minLength: 1, maxLength: 64 })), fc.integer({ min: 0, max: 1000 }), { maxKeys: 20 }),
    })
    const body = fc.oneof({ weight: 3, arbitrary: valid.map((b) => JSON.stringify(b)) }, { weight: 3, arbitrary: report.map((b) => JSON.stringify(b)) }, { weight: 1, arbitrary: literal })
    await fc.assert(fc.asyncProperty(body, async (b) => {
      await expectHandled(await call('/v1/telemetry', { method: 'POST', token: null, body: b }), 'telemetry')
    }), RUNS)
    expect([...seen.get('telemetry')!]).toEqual(expect.arrayContaining([204, 400]))
    const res = await call(`/v1/models/${GOAL}/monitor`, { token: null })
    expect(res.status).toBe(200)
    const monitor = (await res.json()) as { versions: Array<{ days: Array<{ n: number; histogram: number[]; psi: number | null; unknownTypes: Record<string, number> }> }> }
    for (const { days } of monitor.versions) {
      for (const d of days) {
        expect(d.histogram).toHaveLength(20)
        expect(d.histogram.every((c) => Number.isInteger(c) && c >= 0)).toBe(true)
        expect(d.n).toBe(d.histogram.reduce((a, c) => a + c, 0))
        expect(d.psi === null || Number.isFinite(d.psi)).toBe(true)
        expect(Object.keys(d.unknownTypes).length).toBeLessThanOrEqual(100)
        for (const n of Object.values(d.unknownTypes)) expect(Number.isInteger(n)).toBe(true)
      }
    }
  })

  it('afterwards every stored artifact loads with core and scores, and the active model serves', async () => {
    const list = (await (await call('/v1/models', { token: null })).json()) as { goals: Array<{ goal: string; active: string | null; versions: Array<{ version: string }> }> }
    const fuzzed = list.goals.find((g) => g.goal === GOAL)!
    expect(fuzzed.active).toBe(base.version)
    const events = normalizeEvents([{ profileId: 'p1', timestamp: T0, type: 'addToCart' }]).events
    for (const { goal, versions } of list.goals) {
      for (const { version } of versions) {
        const res = await call(`/v1/models/${goal}/versions/${version}`, { token: null })
        expect(res.status).toBe(200)
        const model = loadModel(await res.json())
        expect(Number.isFinite(scoreEvents(model, events, T0 + 1).probability)).toBe(true)
      }
    }
    const scored = await call('/v1/score', { method: 'POST', token: null, body: JSON.stringify({ goal: GOAL, events: [{ timestamp: T0, type: 'addToCart' }], at: T0 + 1 }) })
    expect(scored.status).toBe(200)
  })
})
