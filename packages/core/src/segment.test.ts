import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AuspexError } from './errors.ts'
import { compileSegment, compileSegments, matchingSegments } from './segment.ts'
import type { PredictionLike, SegmentExpression } from './segment-types.ts'

const churnHigh: PredictionLike = {
  probability: 0.82, score: 82, percentile: 91, bucket: 'high',
  factors: [
    { code: 'days_since_purchase', importance: 'high', direction: 'up' },
    { code: 'sessions_30d', importance: 'medium', direction: 'down' },
  ],
}
const buyLow: PredictionLike = { probability: 0.1, score: 10, percentile: 20, bucket: 'low', factors: [] }
const predictions = { 'churn-90d': churnHigh, 'purchase-30d': buyLow }

function pathOf(raw: unknown, many = false): string | undefined {
  try {
    if (many) compileSegments(raw)
    else compileSegment(raw)
  } catch (error) {
    if (error instanceof AuspexError && error.code === 'INVALID_SEGMENT') return error.path
    throw error
  }
  throw new Error('expected INVALID_SEGMENT')
}

describe('segment rules', () => {
  it('evaluates the issue example: high churn risk whose top factor is recency', () => {
    const rescue = compileSegment({ name: 'rescue', all: [{ goal: 'churn-90d', bucket: 'high' }, { goal: 'churn-90d', factor: 'days_since_purchase', importance: ['high', 'medium'] }] })
    expect(rescue.goals).toEqual(['churn-90d'])
    expect(rescue.matches(predictions)).toBe(true)
    expect(rescue.matches({ 'churn-90d': { ...churnHigh, factors: [] } })).toBe(false)
    expect(rescue.matches({})).toBe(false)
  })

  it.each([
    [{ goal: 'churn-90d', bucket: 'high' }, true],
    [{ goal: 'churn-90d', bucket: ['low', 'medium'] }, false],
    [{ goal: 'churn-90d', score: { min: 80 } }, true],
    [{ goal: 'churn-90d', score: { min: 80, max: 81 } }, false],
    [{ goal: 'churn-90d', percentile: { max: 90 } }, false],
    [{ goal: 'churn-90d', probability: { min: 0.8, max: 0.9 } }, true],
    [{ goal: 'churn-90d', factor: 'sessions_30d' }, true],
    [{ goal: 'churn-90d', factor: 'sessions_30d', direction: 'down' }, true],
    [{ goal: 'churn-90d', factor: 'sessions_30d', direction: 'up' }, false],
    [{ goal: 'churn-90d', factor: 'sessions_30d', importance: 'high' }, false],
    [{ goal: 'churn-90d', factor: 'tenure_days' }, false],
    [{ goal: 'nope', bucket: 'high' }, false],
    [{ any: [{ goal: 'purchase-30d', bucket: 'high' }, { goal: 'churn-90d', bucket: 'high' }] }, true],
    [{ all: [{ goal: 'purchase-30d', bucket: 'high' }, { goal: 'churn-90d', bucket: 'high' }] }, false],
    [{ not: { goal: 'purchase-30d', bucket: 'high' } }, true],
  ] as Array<[SegmentExpression, boolean]>)('operator case %#', (expr, expected) => {
    expect(compileSegment({ name: 's', ...expr }).matches(predictions)).toBe(expected)
  })

  it.each([
    [null, '$'],
    [{ name: 'Bad Name', goal: 'g' }, 'name'],
    [{ name: 's' }, 'goal'],
    [{ name: 's', goal: 'g', bucket: 'hot' }, 'bucket'],
    [{ name: 's', all: [{ goal: 'g' }, { goal: 'g', factor: 'x', importance: ['urgent'] }] }, 'all[1].importance'],
    [{ name: 's', any: [] }, 'any'],
    [{ name: 's', not: { goal: 'g', score: { min: 101 } } }, 'not.score.min'],
    [{ name: 's', goal: 'g', score: { min: 60, max: 50 } }, 'score'],
    [{ name: 's', goal: 'g', colour: 'red' }, 'colour'],
    [{ name: 's', all: [{ goal: 'g' }], any: [{ goal: 'g' }] }, '$'],
    [{ name: 's', goal: 'g', direction: 'up' }, '$'],
  ])('rejects rule %# naming %s', (raw, path) => {
    expect(pathOf(raw)).toBe(path)
  })

  it('validates lists with the index in the path, and refuses duplicate names', () => {
    expect(pathOf([{ name: 'a', goal: 'g' }, { name: 'b', all: [{ goal: 'g', bucket: 'x' }] }], true)).toBe('[1].all[0].bucket')
    expect(pathOf([{ name: 'a', goal: 'g' }, { name: 'a', goal: 'h' }], true)).toBe('[1].name')
    const list = compileSegments([{ name: 'a', goal: 'churn-90d', bucket: 'high' }, { name: 'b', goal: 'purchase-30d', bucket: 'high' }])
    expect(matchingSegments(list, predictions)).toEqual(['a'])
  })

  const arbPrediction = fc.record({
    probability: fc.double({ min: 0, max: 1, noNaN: true }),
    bucket: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
    percentile: fc.integer({ min: 1, max: 100 }),
    factors: fc.array(fc.record({ code: fc.constantFrom('a', 'b', 'c'), importance: fc.constantFrom('low' as const, 'medium' as const, 'high' as const), direction: fc.constantFrom('up' as const, 'down' as const) }), { maxLength: 3 }),
  }).map((p): PredictionLike => ({ ...p, score: Math.round(p.probability * 100) }))
  const arbLeaf = fc.record({
    goal: fc.constantFrom('g1', 'g2'),
    bucket: fc.constantFrom('low', 'medium', 'high'),
    score: fc.integer({ min: 0, max: 100 }).map((min) => ({ min })),
    factor: fc.constantFrom('a', 'b', 'c'),
  }, { requiredKeys: ['goal'] }) as fc.Arbitrary<SegmentExpression>
  const arbExpr = fc.letrec<{ e: SegmentExpression }>((tie) => ({
    e: fc.oneof({ depthSize: 'small', withCrossShrink: true }, arbLeaf, fc.record({ all: fc.array(tie('e'), { minLength: 1, maxLength: 3 }) }), fc.record({ any: fc.array(tie('e'), { minLength: 1, maxLength: 3 }) }), fc.record({ not: tie('e') })),
  })).e
  const arbPredictions = fc.record({ g1: fc.option(arbPrediction, { nil: undefined }), g2: fc.option(arbPrediction, { nil: undefined }) })

  it('obeys boolean algebra (not-not, De Morgan) on any rule and any predictions', () => {
    fc.assert(fc.property(arbExpr, arbExpr, arbPredictions, (a, b, p) => {
      const m = (e: SegmentExpression) => compileSegment({ name: 's', ...e }).matches(p)
      expect(m({ not: { not: a } })).toBe(m(a))
      expect(m({ not: { all: [a, b] } })).toBe(m({ any: [{ not: a }, { not: b }] }))
      expect(m({ all: [a, b] })).toBe(m(a) && m(b))
    }))
  })

  it('is a pure function of its JSON: a round-tripped rule evaluates identically (device and batch agree)', () => {
    fc.assert(fc.property(arbExpr, arbPredictions, (e, p) => {
      const onDevice = compileSegment({ name: 's', ...e })
      const inBatch = compileSegment(JSON.parse(JSON.stringify({ name: 's', ...e })))
      expect(inBatch.matches(JSON.parse(JSON.stringify(p)))).toBe(onDevice.matches(p))
    }))
  })
})
