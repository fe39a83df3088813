import { describe, expect, it } from 'vitest'
import { createRng } from '../cases/prng.ts'
import { design, type Design, type PairColumn } from './gam.ts'
import { addPenaltyGradient, lossGradient, rowLogits, smoothPairs, weightedLogLoss } from './objective.ts'
import { packColumns, PACK_CELLS } from './packed-design.ts'
import { packedObjective } from './packed-objective.ts'
import { tfWasm } from './tf-backend.ts'

/** Columns of 2 to 18 weights (few-bin features pack many to a grid, long ones alone) and two pair columns. */
function problem(rows: number, seed: number) {
  const rng = createRng(seed)
  const edges = Array.from({ length: 30 }, (_, f) => Array.from({ length: f % 17 }, (_, k) => k + 1))
  const value = (e: number[]) => (rng.chance(0.1) ? NaN : rng.next() * (e.length + 1))
  const xs = Array.from({ length: rows }, () => Float32Array.from(edges, value))
  const y = xs.map(() => (rng.chance(0.3) ? 1 : 0))
  const w = xs.map(() => 0.5 + rng.next())
  const pairs: PairColumn[] = [{ i: 3, j: 16, edges: [[1, 2], [2, 5, 9]] }, { i: 0, j: 1, edges: [[], [1]] }]
  return { d: design(xs, edges, y, w, pairs), rng }
}

describe('the packed objective (tfjs) is the objective of objective.ts', () => {
  it('packs columns into grids of at most PACK_CELLS cells, every column once', () => {
    const sizes = [18, 2, 2, 3, 17, 36, 5, 2, 2, 2, 9]
    const groups = packColumns(sizes)
    expect(groups.flatMap((g) => g.columns).sort((a, b) => a - b)).toEqual(sizes.map((_, c) => c))
    for (const g of groups) {
      expect(g.cells).toBe(g.sizes.reduce((a, b) => a * b, 1))
      expect(g.cells).toBeLessThanOrEqual(PACK_CELLS)
      expect(g.sizes).toEqual(g.columns.map((c) => sizes[c]))
    }
    expect(groups.length).toBeLessThan(sizes.length / 2)
  })

  it('gives the float64 logits, log-loss and penalised gradient at random weights', async () => {
    const tf = await tfWasm()
    const { d, rng } = problem(3000, 7)
    const penalty = { l2: 0.01, smooth: 0.1 }
    const o = packedObjective(tf, d, penalty)
    expect(o.groups.some((g) => g.columns.length > 2)).toBe(true)
    const theta = Float64Array.from({ length: d.size }, () => rng.next() - 0.5)
    const b = -0.7
    const rows = o.rows(d)
    const got = tf.tidy(() => {
      const th = tf.tensor1d(Float32Array.from(theta))
      const z = o.logits(th, tf.scalar(b), rows)
      const g = o.gradients(th, rows, z)
      return { z: z.dataSync(), loss: o.logLoss(rows, z).dataSync()[0]!, g: g.theta.dataSync(), gb: g.bias.dataSync()[0]! }
    })
    o.dispose()
    const z = rowLogits(d as Design, theta, b)
    for (let r = 0; r < d.rows; r++) expect(got.z[r]!).toBeCloseTo(z[r]!, 4)
    expect(got.loss).toBeCloseTo(weightedLogLoss(d, z), 5)
    const g = lossGradient(d, z, d.size)
    addPenaltyGradient(g, theta, smoothPairs(d.offsets, d.size), penalty)
    for (let k = 0; k < d.size; k++) expect(got.g[k]!).toBeCloseTo(g[k]!, 5)
    expect(got.gb).toBeCloseTo(g[d.size]!, 5)
  })
})
