import { describe, expect, it } from 'vitest'
import { auc, brier, calibrationTable, deciles, logLoss, prAuc, rocPoints } from './metrics.ts'

describe('metrics', () => {
  it('AUC matches a hand count, with ties counting one half', () => {
    // pairs (pos,neg): (0.9,0.8)=1 (0.9,0.5)=1 (0.5,0.8)=0 (0.5,0.5)=0.5 → 2.5/4
    expect(auc([0.9, 0.8, 0.5, 0.5], [1, 0, 1, 0])).toBeCloseTo(0.625, 12)
    expect(auc([0.1, 0.2, 0.3], [0, 0, 1])).toBe(1)
    expect(auc([0.3, 0.2], [1, 1])).toBeNaN()
  })
  it('weighted AUC equals AUC of duplicated rows', () => {
    expect(auc([0.9, 0.8, 0.5], [1, 0, 1], [1, 1, 2])).toBeCloseTo(auc([0.9, 0.8, 0.5, 0.5], [1, 0, 1, 1]), 12)
  })
  it('PR-AUC is the average precision', () => {
    // ranks: 1(pos) 2(neg) 3(pos): AP = (1/1 + 2/3) / 2
    expect(prAuc([0.9, 0.5, 0.1], [1, 0, 1])).toBeCloseTo((1 + 2 / 3) / 2, 12)
  })
  it('log-loss and Brier against hand values', () => {
    expect(logLoss([0.8, 0.4], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12)
    expect(brier([0.8, 0.4], [1, 0])).toBeCloseTo((0.04 + 0.16) / 2, 12)
  })
  it('deciles: perfect ranking puts all positives first', () => {
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i)
    const labels = scores.map((_, i) => (i < 2 ? 1 : 0))
    const rows = deciles(scores, labels)
    expect(rows[0]).toMatchObject({ decile: 1, count: 2, positives: 2, rate: 1, lift: 10, cumulativeGain: 1 })
    expect(rows[9]?.cumulativeGain).toBe(1)
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(20)
  })
  it('calibration table groups by predicted probability', () => {
    const rows = calibrationTable([0.05, 0.07, 0.95], [0, 1, 1])
    expect(rows).toEqual([{ bin: 0, meanPredicted: 0.06, observedRate: 0.5, count: 2 }, { bin: 9, meanPredicted: 0.95, observedRate: 1, count: 1 }].map((r) => ({ ...r, meanPredicted: expect.closeTo(r.meanPredicted, 12) })))
  })
  it('ROC runs from (0,0) to (1,1) and is capped', () => {
    const n = 1000, scores = Array.from({ length: n }, (_, i) => i), labels = scores.map((i) => i % 2)
    const pts = rocPoints(scores, labels, 200)
    expect(pts.length).toBe(200)
    expect(pts[0]).toEqual({ fpr: 0, tpr: 0 })
    expect(pts[199]).toEqual({ fpr: 1, tpr: 1 })
  })
})
