import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AuspexError } from './errors.ts'
import { binIndex, loadModel, topIndices } from './model.ts'
import { artifactHash, sealArtifact } from './artifact-hash.ts'
import { buildState, scoreEvents } from './replay.ts'
import { sortByTime } from './event.ts'
import { DAY, ev, handArtifact, HOUR, T0 } from './test-support/fixtures.ts'
import type { ModelArtifact } from './artifact-types.ts'

const artifact = handArtifact()
const model = loadModel(JSON.parse(JSON.stringify(artifact)))

function codeOf(fn: () => unknown): { code: string; path: string | undefined } {
  try {
    fn()
  } catch (error) {
    if (error instanceof AuspexError) return { code: error.code, path: error.path }
    throw error
  }
  throw new Error('expected an AuspexError')
}

describe('binIndex', () => {
  it('puts NaN in bin 0 and counts edges ≤ x', () => {
    const edges = [1, 7, 30]
    expect([NaN, -5, 1, 6.9, 7, 29, 30, 1e9].map((x) => binIndex(edges, x))).toEqual([0, 1, 2, 2, 3, 3, 4, 4])
  })
})

describe('explanations are exact', () => {
  const arbHistory = fc.array(fc.record({
    offset: fc.integer({ min: 0, max: 40 * DAY }),
    type: fc.constantFrom('pageView', 'addToCart', 'purchase'),
    value: fc.integer({ min: 1, max: 200 }),
    page: fc.constantFrom('/pricing', '/home'),
  }), { maxLength: 30 })

  it('base + Σ contributions = logit, and sigmoid(logit) = probability', () => {
    fc.assert(fc.property(arbHistory, fc.integer({ min: 0, max: 50 * DAY }), (rows, cut) => {
      const events = rows.map((r) => ev(r.offset, r.type, { value: r.value, attributes: { page: r.page } }))
      const features = model.engine.features(buildState(model.engine, events, T0 + cut), T0 + cut)
      const { base, logit, factors } = model.explain(features)
      const sum = factors.reduce((s, f) => s + f.contribution, base)
      expect(Math.abs(sum - logit)).toBeLessThan(1e-9)
      expect(model.score(features).probability).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12)
      const sizes = factors.map((f) => Math.abs(f.contribution))
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a))
    }))
  })

  it('contributions() are explain()\'s factors in term order, into a reused array', () => {
    const codes = model.artifact.model.terms.map((t) => t.feature)
    const out = new Float64Array(codes.length)
    fc.assert(fc.property(arbHistory, fc.integer({ min: 0, max: 50 * DAY }), (rows, cut) => {
      const events = rows.map((r) => ev(r.offset, r.type, { value: r.value, attributes: { page: r.page } }))
      const features = model.engine.features(buildState(model.engine, events, T0 + cut), T0 + cut)
      const byCode = new Map(model.explain(features).factors.map((f) => [f.code, f.contribution]))
      expect(model.contributions(features, out)).toBe(out)
      expect(Array.from(out)).toEqual(codes.map((c) => byCode.get(c)))
      expect(Array.from(model.contributions(features))).toEqual(Array.from(out))
    }))
  })

  it('reads a factor as a human label with importance and direction', () => {
    const events = [ev(0, 'purchase', { value: 20 }), ev(2 * DAY, 'addToCart', { value: 5 }), ev(2 * DAY + 60_000, 'addToCart', { value: 5 }), ev(2 * DAY + 120_000, 'addToCart', { value: 5 })]
    const p = scoreEvents(model, events, T0 + 2 * DAY + HOUR, { topFactors: 2 })
    expect(p.factors).toHaveLength(2)
    const top = p.factors[0]!
    expect(top.code).toBe('count_addtocart_1d')
    expect(top.label).toBe('Added to cart 3× today')
    expect(top.importance).toBe('high')
    expect(top.direction).toBe('up')
    expect(top.contribution).toBeCloseTo(0.9 * 1.5, 12)
    expect(p.factors[1]!.code).toBe('days_since_purchase')
    expect(p.modelVersion).toBe(artifact.version)
    expect(p.eligible).toBe(true)
    const never = scoreEvents(model, [ev(0, 'pageView')], T0 + HOUR, { topFactors: Infinity }).factors.find((f) => f.code === 'days_since_purchase')!
    expect(never.value).toBeNull()
    expect(never.label).toBe('No purchase yet')
  })
})

describe('score, percentile and bucket', () => {
  it('maps probability to a 0–100 score, a percentile of the population and a bucket', () => {
    const f = new Float32Array(model.engine.spec.length).fill(NaN)
    const s = model.score(f)
    expect(s.score).toBe(Math.round(s.probability * 100))
    expect(s.percentile).toBe(Math.min(100, Math.floor(s.probability * 100) + 1))
    expect(s.bucket).toBe(s.score >= 75 ? 'high' : s.score >= 25 ? 'medium' : 'low')
  })

  it('percentiles run 1..100 and buckets follow configurable thresholds', () => {
    const custom = loadModel(handArtifact({ buckets: { medium: 1, high: 2 } }))
    const lo = new Float32Array(model.engine.spec.length).fill(NaN)
    expect(custom.score(lo).bucket).toBe('high')
    fc.assert(fc.property(fc.float({ min: 0, max: 100, noNaN: true }), (days) => {
      const f = new Float32Array(model.engine.spec.length).fill(0)
      f[model.engine.spec.findIndex((d) => d.code === 'days_since_purchase')] = days
      const s = model.score(f)
      expect(s.percentile).toBeGreaterThanOrEqual(1)
      expect(s.percentile).toBeLessThanOrEqual(100)
    }))
  })
})

describe('loadModel validation', () => {
  const mutate = (fn: (a: Record<string, any>) => void, reseal = true): unknown => {
    const copy = JSON.parse(JSON.stringify(artifact)) as Record<string, any>
    fn(copy)
    return reseal ? sealArtifact(copy as ModelArtifact) : copy
  }
  it.each([
    ['format', (a: any) => { a.format = 'other' }, 'INVALID_MODEL', 'format'],
    ['formatVersion', (a: any) => { a.formatVersion = 1 }, 'UNSUPPORTED_FORMAT_VERSION', 'formatVersion'],
    ['version', (a: any) => { a.version = 'has space' }, 'INVALID_MODEL', 'version'],
    ['goal', (a: any) => { a.goal.outcome.anyOf[0].where[0].op = '==' }, 'INVALID_MODEL', 'goal.outcome.anyOf[0].where[0].op'],
    ['terms', (a: any) => { a.model.terms[0].feature = 'nope' }, 'INVALID_MODEL', 'model.terms[0].feature'],
    ['weights', (a: any) => { a.model.terms[1].weights.pop() }, 'INVALID_MODEL', 'model.terms[1].weights'],
    ['edges', (a: any) => { a.model.terms[0].edges = [7, 1, 30] }, 'INVALID_MODEL', 'model.terms[0].edges[1]'],
    ['calibration', (a: any) => { a.calibration = { kind: 'isotonic' } }, 'INVALID_MODEL', 'calibration'],
    ['percentiles', (a: any) => { a.percentiles = [0.5] }, 'INVALID_MODEL', 'percentiles'],
    ['config', (a: any) => { a.features.config.windowsDays = [] }, 'INVALID_MODEL', 'features.config.windowsDays'],
    ['config version 1', (a: any) => { a.features.config.version = 1 }, 'UNSUPPORTED_FORMAT_VERSION', 'features.config.version'],
    ['window bound', (a: any) => { a.features.config.windowsDays = [7, 100000] }, 'INVALID_MODEL', 'features.config.windowsDays[1]'],
    ['event type bound', (a: any) => { a.features.config.eventTypes = Array.from({ length: 40 }, (_, i) => `t${i}`) }, 'INVALID_MODEL', 'features.config.eventTypes'],
    ['visit items bound', (a: any) => { a.features.config.maxSessionItems = 1e6 }, 'INVALID_MODEL', 'features.config.maxSessionItems'],
    ['edited spec', (a: any) => { a.features.spec[3].template = 'Invented {value}' }, 'INVALID_MODEL', 'features.spec[3]'],
    ['invented feature', (a: any) => { a.features.spec.push({ code: 'invented', name: 'x', template: '{value}', unit: 'count' }); a.model.terms[0].feature = 'invented' }, 'INVALID_MODEL', 'features.spec'],
  ])('rejects a bad %s naming the path', (_name, fn, code, path) => {
    expect(codeOf(() => loadModel(mutate(fn)))).toEqual({ code, path })
  })

  it('rejects content that does not match its hash', () => {
    const tampered = mutate((a) => { a.model.intercept = 3 }, false)
    expect(codeOf(() => loadModel(tampered)).code).toBe('MODEL_HASH_MISMATCH')
    expect(() => loadModel(tampered, { verifyHash: false })).not.toThrow()
  })

  it('hashes canonically: key order does not matter', () => {
    const reordered = Object.fromEntries(Object.entries(artifact).reverse()) as unknown as ModelArtifact
    expect(artifactHash(reordered)).toBe(artifact.hash)
  })

  it('refuses a state built for other features', () => {
    const other = loadModel(handArtifact({ config: { ...artifact.features.config, eventTypes: ['purchase', 'addToCart'] } }))
    expect(codeOf(() => other.predict(model.engine.init(), T0)).code).toBe('STATE_MISMATCH')
  })
})

describe('topIndices', () => {
  it('gives the indices of the k largest |values|, largest first, ties by lower index (as a full sort does)', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }), fc.constant(0), fc.constant(-0))
    fc.assert(fc.property(fc.array(value, { maxLength: 40 }), fc.integer({ min: -1, max: 45 }), (values, k) => {
      const sorted = values.map((_, i) => i).sort((i, j) => Math.abs(values[j]!) - Math.abs(values[i]!) || i - j)
      expect(topIndices(Float64Array.from(values), k)).toEqual(sorted.slice(0, Math.max(0, k)))
    }), { numRuns: 2000 })
  })
})

describe('why a score moved', () => {
  it('gives each term\'s exact change: Σ deltas = Δlogit, and the score change in points', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 * DAY }), fc.constantFrom('pageView', 'addToCart', 'purchase')), { maxLength: 20 }), fc.constantFrom('addToCart', 'purchase', 'pageView'), (steps, next) => {
      const events = steps.map(([t, type]) => ev(t, type, { value: 10 }))
      const state = model.engine.init()
      for (const e of sortByTime(events)) model.engine.update(state, e)
      const now = T0 + 20 * DAY + 1
      const before = model.vector(state, now)
      model.engine.update(state, ev(20 * DAY + 1, next, { value: 10 }))
      const after = model.vector(state, now + 1)
      const change = model.change(before, after)
      const sum = change.terms.reduce((s, t) => s + t.delta, 0)
      expect(Math.abs(sum - change.logit)).toBeLessThan(1e-9)
      expect(Math.abs(change.logit - (model.logit(after) - model.logit(before)))).toBeLessThan(1e-12)
      expect(change.points).toBe(model.score(after).score - model.score(before).score)
      for (const t of change.terms) expect(t.delta).not.toBe(0)
    }))
  })

  it('names the term an add to cart moved, with its label now', () => {
    const state = model.engine.init()
    model.engine.update(state, ev(0, 'addToCart'))
    const before = model.vector(state, T0 + 1)
    model.engine.update(state, ev(1, 'addToCart'))
    const after = model.vector(state, T0 + 2)
    const change = model.change(before, after)
    expect(change.terms[0]).toMatchObject({ code: 'count_addtocart_1d', label: 'Added to cart 2× today' })
    expect(change.terms[0]!.delta).toBeGreaterThan(0)
    expect(model.change(after, after).terms).toEqual([])
  })
})

describe('pair terms (GA²M interactions)', () => {
  const withPair = handArtifact({
    model: {
      kind: 'gam', intercept: -1,
      terms: [{ feature: 'days_since_purchase', edges: [1, 7], weights: [-1, 0.5, 0.2, -0.4] }],
      pairs: [{ features: ['count_addtocart_1d', 'days_since_purchase'], edges: [[1], [7]], weights: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9] }],
    },
  })
  const pm = loadModel(withPair)

  it('reads the grid cell of both bins, and the pair is a factor of its own labelled with both features', () => {
    const p = scoreEvents(pm, [ev(0, 'purchase', { value: 5 }), ev(DAY, 'addToCart'), ev(DAY + 1, 'addToCart')], T0 + DAY + HOUR, { topFactors: Infinity })
    const pair = p.factors.find((f) => f.code === 'count_addtocart_1d*days_since_purchase')!
    // 2 adds to cart today: bin 2 of [1]; 1 day since purchase: bin 1 of [7] → weights[2 * 3 + 1] = 0.7 (a = 0.9)
    expect(pair.contribution).toBeCloseTo(0.9 * 0.7, 12)
    expect(pair.label).toBe('Added to cart 2× today, and Last purchase yesterday')
  })

  it('keeps explanations exact: base + Σ contributions = logit', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 * DAY }), fc.constantFrom('addToCart', 'purchase', 'pageView')), { maxLength: 15 }), (steps) => {
      const x = pm.engine.features(buildState(pm.engine, steps.map(([t, type]) => ev(t, type))), T0 + 10 * DAY)
      const { base, logit, factors } = pm.explain(x)
      expect(Math.abs(base + factors.reduce((s, f) => s + f.contribution, 0) - logit)).toBeLessThan(1e-9)
    }))
  })

  it.each([
    ['an unknown feature', (a: any) => { a.model.pairs[0].features[1] = 'nope' }, 'model.pairs[0].features[1]'],
    ['the same feature twice', (a: any) => { a.model.pairs[0].features[1] = a.model.pairs[0].features[0] }, 'model.pairs[0].features'],
    ['a wrong grid size', (a: any) => { a.model.pairs[0].weights.pop() }, 'model.pairs[0].weights'],
    ['too many pairs', (a: any) => { a.model.pairs = Array.from({ length: 17 }, () => a.model.pairs[0]) }, 'model.pairs'],
  ])('refuses %s naming the path', (_name, fn, path) => {
    const copy = JSON.parse(JSON.stringify(withPair))
    fn(copy)
    expect(codeOf(() => loadModel(sealArtifact(copy)))).toEqual({ code: 'INVALID_MODEL', path })
  })
})
