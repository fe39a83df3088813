import { describe, expect, it } from 'vitest'
import { calibrationWarning } from './evaluate.ts'
import { ece } from './metrics.ts'

/** `n` examples predicted `p`, of which a share `rate` had the outcome (exactly, spread evenly). */
function group(n: number, p: number, rate: number): { p: number[]; y: number[] } {
  const k = Math.round(n * rate)
  return { p: Array.from({ length: n }, () => p), y: Array.from({ length: n }, (_, i) => (i < k ? 1 : 0)) }
}

function cases(...groups: Array<[n: number, p: number, rate: number]>): { p: number[]; y: number[]; e: number } {
  const gs = groups.map(([n, p, rate]) => group(n, p, rate))
  const p = gs.flatMap((g) => g.p)
  const y = gs.flatMap((g) => g.y)
  return { p, y, e: ece(p, y) }
}

describe('calibrationWarning', () => {
  it('says nothing of calibrated probabilities, nor of too few examples to tell', () => {
    const good = cases([2000, 0.1, 0.1], [2000, 0.5, 0.5], [1000, 0.85, 0.85])
    expect(good.e).toBeLessThan(0.001)
    expect(calibrationWarning(good.p, good.y, good.e)).toBeUndefined()
    const few = cases([300, 0.2, 0.4], [300, 0.6, 0.8])
    expect(few.e).toBeGreaterThan(0.1)
    expect(calibrationWarning(few.p, few.y, few.e)).toBeUndefined()
  })

  it('names a moved rate when the probabilities are off on average (the Online Retail case: 0.25 predicted, 0.29 seen)', () => {
    const c = cases([3000, 0.15, 0.19], [1000, 0.55, 0.59])
    const w = calibrationWarning(c.p, c.y, c.e)
    expect(w).toMatch(/^probabilities are off at this cut-off \(ECE 0\.040, above 0\.03\): they average 0\.250 where 0\.290 had the outcome, so the goal's rate moved/)
    expect(w).toMatch(/the ranking \(AUC, percentiles, buckets\) holds/)
  })

  it('tells over- from under-confident probabilities when the average is right', () => {
    const over = cases([2000, 0.05, 0.2], [2000, 0.95, 0.8])
    expect(calibrationWarning(over.p, over.y, over.e)).toMatch(/they average 0\.500 as 0\.500 had the outcome, but are too far from it at the extremes/)
    const under = cases([2000, 0.4, 0.1], [2000, 0.6, 0.9])
    expect(calibrationWarning(under.p, under.y, under.e)).toMatch(/but are too close to it at the extremes/)
  })
})
