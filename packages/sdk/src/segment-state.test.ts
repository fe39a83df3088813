import type { PredictionLike } from '@auspex/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileRules, createSegmentState, diffSegments } from './segment-state.ts'

const p = (score: number, bucket: PredictionLike['bucket']): PredictionLike => ({ probability: score / 100, score, percentile: score || 1, bucket, factors: [] })
const rules = compileRules([
  { name: 'engaged', goal: 'g', bucket: 'medium' },
  { name: 'cold', goal: 'g', score: { max: 10 } },
  { name: 'any-score', goal: 'g', score: { min: 0 } },
])

describe('segment state', () => {
  it('diffs two sets', () => {
    expect(diffSegments(['a', 'b'], ['b', 'c'])).toEqual({ entered: ['c'], left: ['a'] })
    expect(diffSegments([], [])).toEqual({ entered: [], left: [] })
  })

  it('emits one change per transition, sorted, with the scores, and nothing when the set is unchanged', () => {
    const s = createSegmentState()
    expect(s.evaluate({ g: p(2, 'low') })).toBeNull() // no rules yet
    s.setRules(rules, 'v1')
    expect(s.evaluate({ g: p(2, 'low') })).toEqual({ entered: ['any-score', 'cold'], left: [], segments: ['any-score', 'cold'], version: 'v1', scores: { g: { score: 2, bucket: 'low' } } })
    expect(s.evaluate({ g: p(3, 'low') })).toBeNull()
    expect(s.evaluate({ g: p(41, 'medium') })).toMatchObject({ entered: ['engaged'], left: ['cold'], segments: ['any-score', 'engaged'] })
    expect(s.current()).toEqual(['any-score', 'engaged'])
    expect(s.clear()).toMatchObject({ entered: [], left: ['any-score', 'engaged'], segments: [] })
    expect(s.clear()).toBeNull()
  })

  it('a goal without a prediction matches nothing; new rules apply at the next evaluation', () => {
    const s = createSegmentState()
    s.setRules(rules, null)
    expect(s.evaluate({})).toBeNull()
    s.setRules(compileRules([{ name: 'x', goal: 'g', bucket: 'low' }]), 'v2')
    expect(s.evaluate({ g: p(1, 'low') })).toMatchObject({ entered: ['x'], version: 'v2' })
  })

  it('replaying any score sequence: applying the changes in order always yields the evaluated set', () => {
    const arb = fc.array(fc.record({ score: fc.integer({ min: 0, max: 100 }), bucket: fc.constantFrom('low' as const, 'medium' as const, 'high' as const) }), { maxLength: 30 })
    fc.assert(fc.property(arb, (seq) => {
      const s = createSegmentState()
      s.setRules(rules, null)
      const shown = new Set<string>()
      for (const x of seq) {
        const c = s.evaluate({ g: p(x.score, x.bucket) })
        if (!c) continue
        for (const n of c.left) expect(shown.delete(n)).toBe(true) // never leaves a segment it is not in
        for (const n of c.entered) {
          expect(shown.has(n)).toBe(false) // never enters twice
          shown.add(n)
        }
        expect([...shown].sort()).toEqual(c.segments)
      }
      expect([...shown].sort()).toEqual(s.current())
    }))
  })

  it('rejects invalid rules with core INVALID_SEGMENT and the JSON path', () => {
    expect(() => compileRules([{ name: 'ok', goal: 'g' }, { name: 'b', goal: 'g', bucket: 'hot' }])).toThrow(expect.objectContaining({ code: 'INVALID_SEGMENT', path: '[1].bucket' }))
  })
})
