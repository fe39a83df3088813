import { binIndex } from '@auspex/core'
import { describe, expect, it } from 'vitest'
import type { Example } from './examples.ts'
import { design } from './gam.ts'
import { coarseEdges, distinctFeatures, pickPairs, rankPairs, type PairCandidate } from './interactions.ts'
import { createRng } from '../cases/prng.ts'

describe('interaction step', () => {
  it('coarsens edges to at most bins − 2, ascending', () => {
    expect(coarseEdges([1, 2, 3], 6)).toEqual([1, 2, 3])
    const c = coarseEdges(Array.from({ length: 16 }, (_, i) => i), 6)
    expect(c).toHaveLength(4)
    expect([...c].sort((a, b) => a - b)).toEqual(c)
  })

  it('ranks a planted interaction (x0 and x1 both high) first, on the residuals of a model without it', () => {
    const rng = createRng(3)
    const rows: Example[] = Array.from({ length: 4000 }, (_, r) => {
      const x = Float32Array.from({ length: 4 }, () => rng.next())
      const p = x[0]! > 0.5 && x[1]! > 0.5 ? 0.8 : 0.2
      return { profileId: `p${r}`, t: r, kind: 'cutoff', features: x, label: rng.chance(p) ? 1 : 0, events: 1, lastEvent: r }
    })
    const z = rows.map(() => Math.log(0.35 / 0.65)) // a main-effect-free model: the base rate
    const edges = [0, 1, 2, 3].map(() => [0.25, 0.5, 0.75])
    const ranked = rankPairs(rows, z, rows.map(() => 1), [0, 1, 2, 3], edges)
    expect(ranked[0]).toMatchObject({ i: 0, j: 1 })
    expect(ranked[0]!.gain).toBeGreaterThan(2 * ranked[1]!.gain)
  })

  it('picks each feature in one pair at most', () => {
    const c = (i: number, j: number, gain: number): PairCandidate => ({ i, j, gain, edges: [[], []] })
    expect(pickPairs([c(0, 1, 9), c(0, 2, 8), c(1, 3, 7), c(2, 3, 6), c(4, 5, 5)], 4).map((p) => [p.i, p.j])).toEqual([[0, 1], [2, 3], [4, 5]])
  })

  it('ranks a feature whose bins copy a stronger one\'s on every row once: copies do not fill the candidate slots', () => {
    const rng = createRng(5)
    // x1 = 10·x0 (same quantile bins), x2 differs from x0 on one row only, x3 is its own
    const rows = Array.from({ length: 500 }, () => { const v = rng.next(); return Float32Array.from([v, 10 * v, v, rng.next()]) })
    rows[7]![2] = rows[7]![0]! > 0.5 ? 0.01 : 0.99
    const edges = [[0.25, 0.5, 0.75], [2.5, 5, 7.5], [0.25, 0.5, 0.75], [0.25, 0.5, 0.75]]
    const d = design(rows, edges, rows.map(() => 0), rows.map(() => 1))
    expect(distinctFeatures([1, 0, 2, 3], d.index, d.rows, d.cols, d.offsets)).toEqual([1, 2, 3])
    expect(distinctFeatures([3, 2, 0, 1], d.index, d.rows, d.cols, d.offsets)).toEqual([3, 2, 0])
  })

  it('indexes a pair column as its grid cell, after the single columns', () => {
    const x = Float32Array.from([0.6, 2.5])
    const d = design([x], [[0.5], [1, 2]], [1], [1], [{ i: 0, j: 1, edges: [[0.5], [1, 2]] }])
    expect(d.cols).toBe(3)
    expect(d.offsets).toEqual([0, 3, 7])
    expect(d.size).toBe(7 + 3 * 4)
    const cell = binIndex([0.5], 0.6) * 4 + binIndex([1, 2], 2.5)
    expect(d.index[2]).toBe(7 + cell)
  })
})
