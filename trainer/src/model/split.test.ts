import { readFileSync } from 'node:fs'
import { compileGoal, createFeatureConfig, DAY_MS, type AuspexEvent } from '@auspex/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { collectExamples } from './collect.ts'
import { memorySource } from './memory-source.ts'
import { historyNeeded, jitteredCutoffs, planSplits, shortFitWarning } from './split.ts'

const spec = JSON.parse(readFileSync(new URL('../../../goals/purchase-30d.json', import.meta.url), 'utf8'))
const T0 = Date.UTC(2011, 0, 1)

describe('split', () => {
  it('no training or validation label reads past its split (property)', async () => {
    const event = fc.record({ p: fc.integer({ min: 0, max: 5 }), day: fc.integer({ min: 0, max: 400 }), hour: fc.integer({ min: 0, max: 23 }) })
    await fc.assert(fc.asyncProperty(fc.array(event, { minLength: 2, maxLength: 60 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 9 }),
      async (raw, windowDays, seed) => {
        const goal = compileGoal({ ...spec, window: `${windowDays}d` })
        const events: AuspexEvent[] = raw.map((r) => ({ profileId: `p${r.p}`, timestamp: T0 + r.day * DAY_MS + r.hour * 3_600_000, type: 'purchase', value: 5 }))
        const ts = events.map((e) => e.timestamp)
        const first = Math.min(...ts)
        const end = Math.max(...ts) + 1
        if (end - first < historyNeeded(goal.windowMs)) {
          expect(() => planSplits(goal, first, end)).toThrow(expect.objectContaining({ code: 'TRAIN_HISTORY_TOO_SHORT' }))
          return
        }
        const plan = planSplits(goal, first, end)
        const xs = await collectExamples(memorySource(events), goal.spec, createFeatureConfig({ eventTypes: ['purchase'] }), plan, { seed, maxExamples: 1000 })
        for (const x of xs.train) expect(x.t + goal.windowMs).toBeLessThanOrEqual(plan.validStart)
        for (const x of [...xs.stop, ...xs.calibration]) {
          expect(x.t).toBeGreaterThanOrEqual(plan.validStart)
          expect(x.t + goal.windowMs).toBeLessThanOrEqual(plan.testAt)
        }
        for (const x of xs.test) expect(x.t + goal.windowMs).toBeLessThanOrEqual(end)
      }), { numRuns: 150 })
  })

  it('the profile hold-out: training labels end before validation, and validation, calibration and test profiles are disjoint (property)', async () => {
    const event = fc.record({ p: fc.integer({ min: 0, max: 30 }), day: fc.integer({ min: 0, max: 300 }), hour: fc.integer({ min: 0, max: 23 }) })
    await fc.assert(fc.asyncProperty(fc.array(event, { minLength: 2, maxLength: 80 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 9 }),
      async (raw, windowDays, seed) => {
        const goal = compileGoal({ ...spec, window: `${windowDays}d` })
        const events: AuspexEvent[] = raw.map((r) => ({ profileId: `p${r.p}`, timestamp: T0 + r.day * DAY_MS + r.hour * 3_600_000, type: 'purchase', value: 5 }))
        const first = events.reduce((m, e) => Math.min(m, e.timestamp), Infinity)
        const end = events.reduce((m, e) => Math.max(m, e.timestamp), -Infinity) + 1
        if (end - first < historyNeeded(goal.windowMs, 'profiles')) return
        const plan = planSplits(goal, first, end, 'profiles')
        expect(plan.testAt).toBe(plan.validEnd)
        const xs = await collectExamples(memorySource(events), goal.spec, createFeatureConfig({ eventTypes: ['purchase'] }), plan, { seed, maxExamples: 1000 })
        for (const x of xs.train) expect(x.t + goal.windowMs).toBeLessThanOrEqual(plan.validStart)
        const ids = (list: { profileId: string }[]) => new Set(list.map((x) => x.profileId))
        const [stop, calibration, test] = [ids(xs.stop), ids(xs.calibration), ids(xs.test)]
        for (const id of test) expect(stop.has(id) || calibration.has(id)).toBe(false)
        for (const id of calibration) expect(stop.has(id)).toBe(false)
        for (const x of xs.test) expect(x.t + goal.windowMs).toBeLessThanOrEqual(end)
      }), { numRuns: 100 })
  })

  it('names the profile hold-out when a history is too short for a later test cut-off but long enough for it', () => {
    const goal = compileGoal({ ...spec, window: '90d' })
    expect(historyNeeded(goal.windowMs)).toBe(305 * DAY_MS)
    expect(historyNeeded(goal.windowMs, 'profiles')).toBe(215 * DAY_MS)
    expect(() => planSplits(goal, T0, T0 + 274 * DAY_MS)).toThrow(/--holdout profiles/)
    const tooShort = (() => {
      try {
        planSplits(goal, T0, T0 + 200 * DAY_MS)
      } catch (e) {
        return (e as Error).message
      }
      return 'accepted'
    })()
    expect(tooShort).toMatch(/needs 305 days/)
    expect(tooShort).not.toMatch(/--holdout/) // 200 days are too few for the profile hold-out too
    expect(planSplits(goal, T0, T0 + 274 * DAY_MS, 'profiles').holdout).toBe('profiles')
  })

  it('says how much history it needs and how much there is', () => {
    const goal = compileGoal(spec)
    expect(() => planSplits(goal, T0, T0 + 100 * DAY_MS)).toThrow(/needs 125 days of history .* spans 100 days/)
  })

  it('jitters the weekly cut-offs across weekdays and hours, the same for a seed', () => {
    const goal = compileGoal(spec)
    const plan = planSplits(goal, T0, T0 + 400 * DAY_MS)
    const a = jitteredCutoffs(plan, 1)
    expect(a).toEqual(jitteredCutoffs(plan, 1))
    expect(a).not.toEqual(jitteredCutoffs(plan, 2))
    expect(new Set(a.map((t) => new Date(t).getUTCDay())).size).toBeGreaterThan(3)
    expect(new Set(a.map((t) => new Date(t).getUTCHours())).size).toBeGreaterThan(5)
    expect([...a].sort((x, y) => x - y)).toEqual(a)
  })

  it('warns when the fit saw under half of the history, and says how long --holdout profiles would fit', () => {
    const year = 373 * DAY_MS // the demo export: 2010-12-01 to 2011-12-09
    const churn = compileGoal({ ...spec, window: '90d' })
    const plan = planSplits(churn, T0, T0 + year)
    expect((plan.trainEnd - plan.first) / year).toBeLessThan(0.3)
    const warning = shortFitWarning(plan, '90d')
    expect(warning).toMatch(/^the fit saw only the first 93 days of 373 days of history: two embargoes of one 90d window, validation and the test window come after it/)
    // the --holdout profiles plan's own fit, as the warning states it
    const profiles = planSplits(churn, T0, T0 + year, 'profiles')
    expect(warning).toContain(`--holdout profiles (a fit on ${Math.ceil((profiles.trainEnd - profiles.first) / DAY_MS)} days`)
    expect(shortFitWarning(profiles, '90d')).toBeUndefined()
    // a 30-day goal on the same year fits on ~8 months: no warning
    expect(shortFitWarning(planSplits(compileGoal(spec), T0, T0 + year), '30d')).toBeUndefined()
  })
})
