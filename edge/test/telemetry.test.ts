import { utcDay } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import { PSI_EPSILON, psi, trainingShares } from '../src/psi.ts'
import { call, clientAddress, errorCode, purchaseGoal, testArtifact, upload } from './support.ts'

const UNIFORM = Array.from({ length: 99 }, (_, k) => (k + 1) / 100)
const today = utcDay(Date.now())
const bins = (set: Record<number, number>) => Array.from({ length: 20 }, (_, i) => set[i] ?? 0)

/** A stored version of `goal` (its training percentiles are uniform unless given). */
async function stored(goal: string, intercept = -2, percentiles = UNIFORM) {
  const artifact = testArtifact({ goal: { ...purchaseGoal, name: goal }, intercept, percentiles })
  expect((await upload(artifact)).status).toBe(201)
  return artifact.version
}

const report = (body: unknown, headers: Record<string, string> = {}) =>
  call('/v1/telemetry', { method: 'POST', token: null, body: JSON.stringify(body), headers })

interface Monitor {
  goal: string
  versions: { version: string; trainingShares: number[] | null; days: { day: string; n: number; histogram: number[]; psi: number | null; unknownTypes: Record<string, number> }[] }[]
}
const monitor = async (goal: string) => {
  const res = await call(`/v1/models/${goal}/monitor`, { token: null })
  expect(res.status).toBe(200)
  return (await res.json()) as Monitor
}

describe('training shares and PSI', () => {
  it('uniform percentiles give 0.05 a bin', () => {
    for (const share of trainingShares(UNIFORM)) expect(share).toBeCloseTo(0.05, 12)
  })

  it('a point mass (all percentiles 0.5) lands in the bin that holds it; shares sum to 1', () => {
    const shares = trainingShares(new Array<number>(99).fill(0.5))
    // CDF(0.5) = 0.01 (the lowest fraction at the mass), CDF(0.55) = 0.99 + 0.01 · 0.05 / 0.5 = 0.991
    expect(shares[10]).toBeCloseTo(0.981, 12)
    expect(shares[9]).toBeCloseTo(0.001, 12) // CDF(0.5) − CDF(0.45) = 0.01 − 0.009
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('PSI is 0 for the training distribution itself and null for no scores', () => {
    expect(psi(bins(Object.fromEntries(UNIFORM.slice(0, 20).map((_, i) => [i, 7]))), trainingShares(UNIFORM))).toBeCloseTo(0, 12)
    expect(psi(bins({}), trainingShares(UNIFORM))).toBeNull()
  })
})

describe('POST /v1/telemetry and GET /v1/models/:goal/monitor', () => {
  it('aggregates reports per version and day; PSI equals the value computed by hand', async () => {
    const version = await stored('drift-psi')
    expect((await report({ goal: 'drift-psi', version, day: today, histogram: bins({ 0: 3, 19: 1 }), unknownTypes: { wishlist: 2 } })).status).toBe(204)
    expect((await report({ goal: 'drift-psi', version, day: today, histogram: bins({ 0: 1 }), unknownTypes: { wishlist: 1, chat: 4 } })).status).toBe(204)
    const m = await monitor('drift-psi')
    expect(m.goal).toBe('drift-psi')
    expect(m.versions).toHaveLength(1)
    const [day] = m.versions[0]!.days
    expect(day).toMatchObject({ day: today, n: 5, histogram: bins({ 0: 4, 19: 1 }), unknownTypes: { wishlist: 3, chat: 4 } })
    // a = 0.8 and 0.2 in bins 0 and 19, 0 (floored at 1e-4) in the other 18; e = 0.05 everywhere:
    // 0.75 · ln 16 + 0.15 · ln 4 + 18 · (1e-4 − 0.05) · ln(1e-4 / 0.05) = 2.0794415 + 0.2079442 + 5.5819609
    expect(PSI_EPSILON).toBe(1e-4)
    expect(day!.psi).toBeCloseTo(7.8693466, 6)
  })

  it('keeps many versions and days apart', async () => {
    const goal = 'drift-many'
    const versions = [await stored(goal, -2), await stored(goal, -1), await stored(goal, 0)]
    const yesterday = utcDay(Date.now(), -1)
    for (const [i, version] of versions.entries()) {
      expect((await report({ goal, version, day: today, histogram: bins({ [i]: i + 1 }) })).status).toBe(204)
    }
    expect((await report({ goal, version: versions[0], day: yesterday, histogram: bins({ 5: 2 }) })).status).toBe(204)
    const m = await monitor(goal)
    expect(m.versions.map((v) => v.version).sort()).toEqual([...versions].sort())
    for (const [i, version] of versions.entries()) {
      const v = m.versions.find((x) => x.version === version)!
      const todays = v.days.find((d) => d.day === today)!
      expect(todays).toMatchObject({ n: i + 1, histogram: bins({ [i]: i + 1 }) })
      expect(v.days).toHaveLength(i === 0 ? 2 : 1)
    }
    const first = m.versions.find((x) => x.version === versions[0])!
    expect(first.days.map((d) => d.day)).toEqual([yesterday, today])
    // another goal sees none of it
    expect((await monitor('drift-none')).versions).toEqual([])
  })

  it('keeps at most 100 unknown type names per version and day; the rest count as "(other)"', async () => {
    const goal = 'drift-types'
    const version = await stored(goal)
    for (let r = 0; r < 6; r++) {
      const unknownTypes = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`type-${r}-${i}`, 1]))
      expect((await report({ goal, version, day: today, histogram: bins({ 3: 1 }), unknownTypes })).status).toBe(204)
    }
    const types = (await monitor(goal)).versions[0]!.days[0]!.unknownTypes
    expect(Object.keys(types)).toHaveLength(100)
    expect(types['(other)']).toBe(21)
    expect(Object.values(types).reduce((a, b) => a + b, 0)).toBe(120)
  })

  it('counts type names like "__proto__" and "constructor" as any other', async () => {
    const goal = 'drift-proto'
    const version = await stored(goal)
    const histogram = JSON.stringify(bins({ 1: 1 }))
    const body = `{"goal":"${goal}","version":"${version}","day":"${today}","histogram":${histogram},"unknownTypes":{"__proto__":2,"constructor":1}}`
    for (let i = 0; i < 2; i++) expect((await call('/v1/telemetry', { method: 'POST', token: null, body })).status).toBe(204)
    const types = (await monitor(goal)).versions[0]!.days[0]!.unknownTypes
    expect(Object.entries(types).sort()).toEqual([['__proto__', 4], ['constructor', 2]])
  })

  it('refuses bad reports with 400 naming the field', async () => {
    const goal = 'drift-bad'
    const version = await stored(goal)
    const ok = { goal, version, day: today, histogram: bins({ 0: 1 }) }
    const cases: [unknown, string][] = [
      [[1, 2], 'expected a JSON object'],
      [{ ...ok, histogram: new Array(19).fill(0) }, 'histogram: expected an array of 20'],
      [{ ...ok, histogram: bins({ 2: 1001 }) }, 'histogram[2]: expected an integer from 0 to 1000'],
      [{ ...ok, histogram: bins({ 1: -1 }) }, 'histogram[1]'],
      [{ ...ok, histogram: bins({ 1: 0.5 }) }, 'histogram[1]'],
      [{ ...ok, histogram: bins({ 1: 600, 2: 600 }) }, 'histogram: the counts must add up to 1 … 1000'],
      [{ ...ok, histogram: bins({}) }, 'histogram: the counts must add up'],
      [{ ...ok, day: utcDay(Date.now(), 1) }, 'is in the future'],
      [{ ...ok, day: utcDay(Date.now(), -8) }, 'more than 7 days ago'],
      [{ ...ok, day: '2026-02-30' }, 'day: expected a UTC date'],
      [{ ...ok, day: 20261201 }, 'day: expected a UTC date'],
      [{ ...ok, unknownTypes: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`t${i}`, 1])) }, 'unknownTypes: at most 20 types'],
      [{ ...ok, unknownTypes: { ['x'.repeat(65)]: 1 } }, 'unknownTypes: type names have 1 … 64'],
      [{ ...ok, unknownTypes: { chat: 1001 } }, 'unknownTypes["chat"]: expected an integer from 0 to 1000'],
      [{ ...ok, unknownTypes: [1] }, 'unknownTypes: expected an object'],
      [{ ...ok, profileId: 'p-1' }, 'profileId: unknown field'],
      [{ ...ok, goal: 'Not A Slug' }, 'goal "Not A Slug"'],
      [{ ...ok, goal: 7 }, 'goal: expected a goal name'],
      [{ ...ok, version: undefined }, 'version: expected a version id'],
    ]
    for (const [body, message] of cases) {
      const res = await report(body)
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400)
      const error = ((await res.json()) as { error: { code: string; message: string } }).error
      expect(error.code).toBe('INVALID_REQUEST')
      expect(error.message).toContain(message)
    }
    const missing = await report({ ...ok, version: 'v-does-not-exist' })
    expect(missing.status).toBe(404)
    expect(await errorCode(missing)).toBe('NOT_FOUND')
    const huge = await call('/v1/telemetry', { method: 'POST', token: null, body: JSON.stringify({ ...ok, pad: 'x'.repeat(9000) }) })
    expect(huge.status).toBe(413)
    const notJson = await call('/v1/telemetry', { method: 'POST', token: null, body: '{"goal":' })
    expect(await errorCode(notJson)).toBe('INVALID_JSON')
    expect((await call('/v1/telemetry', { token: null })).status).toBe(405)
    // nothing of it was stored
    expect((await monitor(goal)).versions).toEqual([])
  })

  it('is rate limited per client (429 RATE_LIMITED with Retry-After)', async () => {
    const goal = 'drift-limit'
    const version = await stored(goal)
    const ip = clientAddress()
    let limited: Response | undefined
    for (let i = 0; i < 21 && !limited; i++) {
      const res = await report({ goal, version, day: today, histogram: bins({ 0: 1 }) }, { 'cf-connecting-ip': ip })
      if (res.status === 429) limited = res
      else expect(res.status).toBe(204)
    }
    expect(limited?.headers.get('retry-after')).toBe('60')
    expect(await errorCode(limited!)).toBe('RATE_LIMITED')
    expect((await report({ goal, version, day: today, histogram: bins({ 0: 1 }) }, { 'cf-connecting-ip': clientAddress() })).status).toBe(204)
  })
})
