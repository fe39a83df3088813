import { describe, expect, it } from 'vitest'
import { design, fitGamReference as fitReference } from './gam.ts'
import { fitGam } from './gam-tf.ts'
import { tfWasm } from './tf-backend.ts'

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

  it('reports the losses the reference reports: train at the start of the step, validation after it', async () => {
    const tr = problem(3000, 7), va = problem(1000, 8)
    const dT = design(tr.xs, edges, tr.y, tr.w), dV = design(va.xs, edges, va.y, va.w)
    const seen = (into: number[][]) => (epoch: number, train: number, valid: number) => { into.push([epoch, train, valid]) }
    const tfLog: number[][] = [], refLog: number[][] = []
    await fitGam(dT, dV, dT, { maxEpochs: 40, patience: 1000, onEpoch: seen(tfLog) })
    fitReference(dT, dV, dT, { maxEpochs: 40, patience: 1000, onEpoch: seen(refLog) })
    expect(tfLog.map((r) => r[0])).toEqual([5, 10, 15, 20, 25, 30, 35, 40])
    expect(refLog.map((r) => r[0])).toEqual(tfLog.map((r) => r[0]))
    for (const [k, [, train, valid]] of tfLog.entries()) {
      expect(Math.abs(train! - refLog[k]![1]!)).toBeLessThan(1e-4)
      expect(Math.abs(valid! - refLog[k]![2]!)).toBeLessThan(1e-4)
    }
  }, 60_000)

  it('settles: once validation stops improving the rate anneals to 0, and the last checks barely move', async () => {
    const tr = problem(3000, 17), va = problem(1000, 18)
    const dT = design(tr.xs, edges, tr.y, tr.w), dV = design(va.xs, edges, va.y, va.w)
    const valid: number[] = []
    const fit = await fitGam(dT, dV, dT, { onEpoch: (_, __, v) => { valid.push(v) } })
    expect(fit.ran).toBeLessThan(400)
    expect(fit.lastRate).toBe(0)
    const [a, b] = valid.slice(-2)
    expect(Math.abs(a! - b!)).toBeLessThan(1e-5)
  }, 60_000)

  it('is deterministic', async () => {
    const tr = problem(2000, 5), va = problem(800, 6)
    const dT = design(tr.xs, edges, tr.y, tr.w), dV = design(va.xs, edges, va.y, va.w)
    const a = await fitGam(dT, dV, dT, { maxEpochs: 60 }), b = await fitGam(dT, dV, dT, { maxEpochs: 60 })
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta))
    expect(a.intercept).toBe(b.intercept)
  }, 60_000)

  it('leaves no tensor behind', async () => {
    const tf = await tfWasm()
    const tr = problem(1000, 3)
    const dT = design(tr.xs, edges, tr.y, tr.w)
    const before = tf.memory().numTensors
    await fitGam(dT, dT, dT, { maxEpochs: 20 })
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)

  it('keeps the weights of a column constant on the training rows at 0 (collinear with the intercept)', async () => {
    const tr = problem(3000, 13), va = problem(1000, 14)
    // a fourth feature that is 1 on every training row
    const withConstant = (xs: Float32Array[]) => xs.map((x) => Float32Array.of(x[0]!, x[1]!, x[2]!, 1))
    const edges4 = [...edges, [0.5, 2]]
    const dT = design(withConstant(tr.xs), edges4, tr.y, tr.w), dV = design(withConstant(va.xs), edges4, va.y, va.w)
    const opts = { maxEpochs: 60, patience: 1000 }
    const tf = await fitGam(dT, dV, dT, opts)
    const ref = fitReference(dT, dV, dT, opts)
    const constant = Array.from(tf.theta.subarray(dT.offsets[3]!))
    expect(constant).toEqual(constant.map(() => 0))
    for (let k = 0; k < ref.theta.length; k++) expect(Math.abs(tf.theta[k]! - ref.theta[k]!)).toBeLessThan(0.02)
  }, 60_000)
})
