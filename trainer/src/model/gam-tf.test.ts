import { describe, expect, it } from 'vitest'
import { design, fitGamReference as fitReference } from './gam.ts'
import { fitGam } from './gam-tf.ts'

/** A deterministic synthetic problem with two informative binned features and one noise feature. */
function problem(rows: number, seed: number) {
  let s = seed
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  const xs: Float32Array[] = [], y: number[] = [], w: number[] = []
  for (let r = 0; r < rows; r++) {
    const a = rnd() * 10, b = rnd() < 0.1 ? NaN : rnd() * 5, c = rnd()
    const z = -1 + 0.4 * (a - 5) - (Number.isNaN(b) ? 0.5 : 0.3 * b)
    xs.push(Float32Array.of(a, b, c)); y.push(rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0); w.push(r % 3 === 0 ? 2 : 0.5)
  }
  return { xs, y, w }
}

const edges = [[2, 4, 6, 8], [1, 2, 3, 4], [0.25, 0.5, 0.75]]

describe('fitGam (tfjs, wasm)', () => {
  it('reaches the same penalised optimum as the plain TypeScript reference fit', async () => {
    const tr = problem(4000, 11), va = problem(1500, 23)
    const dT = design(tr.xs, edges, tr.y, tr.w), dV = design(va.xs, edges, va.y, va.w)
    const opts = { maxEpochs: 300, patience: 1000 }
    const tf = await fitGam(dT, dV, dT, opts)
    const ref = fitReference(dT, dV, dT, opts)
    expect(tf.theta.length).toBe(ref.theta.length)
    for (let k = 0; k < ref.theta.length; k++) expect(Math.abs((tf.theta[k] as number) - (ref.theta[k] as number))).toBeLessThan(0.02)
    expect(Math.abs(tf.intercept - ref.intercept)).toBeLessThan(0.02)
    // the fit learned the signal: weights of feature 0 increase with its bins
    const f0 = Array.from(tf.theta.subarray(1, 6))
    expect(f0[4]! - f0[0]!).toBeGreaterThan(1)
  }, 60_000)

  it('is deterministic', async () => {
    const tr = problem(2000, 5), va = problem(800, 6)
    const dT = design(tr.xs, edges, tr.y, tr.w), dV = design(va.xs, edges, va.y, va.w)
    const a = await fitGam(dT, dV, dT, { maxEpochs: 60 }), b = await fitGam(dT, dV, dT, { maxEpochs: 60 })
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta))
    expect(a.intercept).toBe(b.intercept)
  }, 60_000)
})
