import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createArtifact, createFeatureConfig, loadModel, type Model } from '@auspex/core'
import type { FactorStats } from '../types.ts'
import { factorStats } from './factors.ts'

const goal = {
  name: 'purchase-30d', propensity: 'conversion' as const, window: '30d',
  outcome: { anyOf: [{ type: 'purchase' }] },
}
const config = createFeatureConfig({ eventTypes: ['pageView', 'purchase'] })

/** A model with a term on every `step`-th feature (plus, with `twice`, a second term on the first one); the first term has a weight of exactly the "high" threshold. */
function model(step: number, twice = false): Model {
  const probe = loadModel(createArtifact({ goal, config, model: { kind: 'gam', intercept: 0, terms: [] }, metrics: { auc: 0.5 } }))
  const codes = probe.engine.spec.map((f) => f.code).filter((_, i) => i % step === 0)
  const terms = codes.map((feature, i) => ({ feature, edges: [1, 2, 4, 8], weights: [0.3, -0.8, -0.2, 0.1, 0.6, 1.2].map((w) => w * Math.cos(i)) }))
  if (twice) terms.push({ feature: codes[0]!, edges: [3], weights: [0.2, -0.4, 0.9] })
  return loadModel(createArtifact({ goal, config, model: { kind: 'gam', intercept: -0.5, terms }, metrics: { auc: 0.5 }, importance: { medium: 0.2, high: 0.6 } }))
}

/** The statistics as first written: every row through `model.explain`, counted per code in Maps. */
function reference(m: Model, rows: Float32Array[], top = 10): FactorStats {
  const overall = new Map<string, { name: string; abs: number; high: number }>()
  const buckets = { low: new Map(), medium: new Map(), high: new Map() } as Record<'low' | 'medium' | 'high', Map<string, { name: string; n: number; up: number }>>
  const sizes = { low: 0, medium: 0, high: 0 }
  const names = new Map(m.engine.spec.map((d) => [d.code, d.name]))
  for (const x of rows) {
    const score = m.score(x)
    sizes[score.bucket]++
    for (const f of m.explain(x).factors) {
      const o = overall.get(f.code) ?? { name: names.get(f.code)!, abs: 0, high: 0 }
      o.abs += Math.abs(f.contribution)
      if (f.importance === 'high') o.high++
      overall.set(f.code, o)
      if (f.importance === 'high') {
        const b = buckets[score.bucket].get(f.code) ?? { name: names.get(f.code)!, n: 0, up: 0 }
        b.n++
        if (f.contribution > 0) b.up++
        buckets[score.bucket].set(f.code, b)
      }
    }
  }
  const byBucket = {} as FactorStats['byBucket']
  for (const k of ['low', 'medium', 'high'] as const) {
    byBucket[k] = [...buckets[k]].map(([code, b]) => ({ code, name: b.name, share: b.n / sizes[k], direction: (b.up * 2 >= b.n ? 'up' : 'down') as 'up' | 'down' }))
      .sort((a, b) => b.share - a.share || (a.code < b.code ? -1 : 1)).slice(0, top)
  }
  return {
    overall: [...overall].map(([code, o]) => ({ code, name: o.name, meanAbsContribution: o.abs / rows.length, shareHigh: o.high / rows.length }))
      .sort((a, b) => b.meanAbsContribution - a.meanAbsContribution || (a.code < b.code ? -1 : 1)).slice(0, top),
    byBucket,
  }
}

const arbRows = (width: number) => fc.array(
  fc.array(fc.oneof(fc.constant(NaN), fc.constantFrom(0, 1, 2, 3, 4, 8, 20), fc.double({ min: -5, max: 30, noNaN: true })), { minLength: width, maxLength: width })
    .map((v) => Float32Array.from(v)),
  { maxLength: 60 })

describe('factorStats', () => {
  it('says what explain() says of every row, per code and per bucket', () => {
    for (const m of [model(1), model(3)]) {
      const width = m.engine.spec.length
      fc.assert(fc.property(arbRows(width), fc.integer({ min: 1, max: 12 }), (rows, top) => {
        expect(factorStats(m, rows, top)).toEqual(reference(m, rows, top))
      }), { numRuns: 60 })
    }
  })

  it('reports two terms on one feature under its code once', () => {
    const m = model(4, true)
    const rows = [0, 1, 2, 5, 9].map((v) => new Float32Array(m.engine.spec.length).fill(v))
    const stats = factorStats(m, rows, 100)
    const expected = reference(m, rows, 100)
    expect(stats.overall.map((f) => f.code).sort()).toEqual(expected.overall.map((f) => f.code).sort())
    expect(new Set(stats.overall.map((f) => f.code)).size).toBe(stats.overall.length)
    for (const f of stats.overall) {
      const e = expected.overall.find((x) => x.code === f.code)!
      expect(f.meanAbsContribution).toBeCloseTo(e.meanAbsContribution, 12)
      expect(f.shareHigh).toBe(e.shareHigh)
    }
    expect(stats.byBucket).toEqual(expected.byBucket)
  })

  it('finds the high factors of each bucket and their direction', () => {
    const m = model(1)
    const rows = [new Float32Array(m.engine.spec.length).fill(20), new Float32Array(m.engine.spec.length).fill(NaN)]
    const stats = factorStats(m, rows)
    const total = Object.values(stats.byBucket).flat().length
    expect(total).toBeGreaterThan(0)
    for (const [bucket, list] of Object.entries(stats.byBucket)) {
      for (const f of list) {
        expect(f.share).toBeGreaterThan(0)
        expect(f.share).toBeLessThanOrEqual(1)
        expect(rows.some((x) => m.score(x).bucket === bucket)).toBe(true)
      }
    }
    expect(factorStats(m, [])).toEqual({ overall: [], byBucket: { low: [], medium: [], high: [] } })
  })
})
