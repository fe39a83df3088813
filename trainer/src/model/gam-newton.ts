/**
 * A full-batch second-order reference fit (dev and test utility, never used by `train`): damped Newton on the
 * objective of `objective.ts`, in float64 plain TypeScript, on the same design matrix and penalty as the tfjs
 * fit. Dense (n + 1)² Hessian: meant for the few thousand weights of a GAM and tens of thousands of rows.
 */
import type { Design } from './gam.ts'
import { baseLogit } from './gam.ts'
import { addPenaltyGradient, DEFAULT_PENALTY, lossGradient, penaltyValue, rowLogits, smoothPairs, weightedLogLoss, type Penalty } from './objective.ts'
import { sigmoid } from './sigmoid.ts'

export interface NewtonFit {
  intercept: number
  theta: Float64Array
  /** the penalised training objective at the optimum */
  objective: number
  iterations: number
}

/** Solves A x = g in place for a symmetric positive-definite A (n × n, row-major) by Cholesky; returns x. */
function choleskySolve(a: Float64Array, g: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2
    const ljj = Math.sqrt(Math.max(d, 1e-12))
    a[j * n + j] = ljj
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!
      a[i * n + j] = s / ljj
    }
  }
  const x = Float64Array.from(g)
  for (let i = 0; i < n; i++) {
    let s = x[i]!
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * x[k]!
    x[i] = s / a[i * n + i]!
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * x[k]!
    x[i] = s / a[i * n + i]!
  }
  return x
}

/** The Hessian of the objective at logits `z`: weights 0…n−1, intercept n. */
function hessian(d: Design, z: Float64Array, n: number, mask: Float32Array, p: Penalty): Float64Array {
  const m = n + 1
  const h = new Float64Array(m * m)
  let wsum = 0
  for (let r = 0; r < d.rows; r++) wsum += d.w[r]!
  const cols = new Int32Array(d.cols + 1)
  for (let r = 0; r < d.rows; r++) {
    const q = sigmoid(z[r]!)
    const s = (d.w[r]! * q * (1 - q)) / wsum
    for (let f = 0; f < d.cols; f++) cols[f] = d.index[r * d.cols + f]!
    cols[d.cols] = n
    for (const i of cols) for (const j of cols) h[i * m + j]! += s
  }
  for (let k = 0; k < n; k++) h[k * m + k]! += p.l2
  for (let k = 1; k < n; k++) {
    if (!mask[k - 1]) continue
    h[k * m + k]! += p.smooth
    h[(k - 1) * m + k - 1]! += p.smooth
    h[k * m + k - 1]! -= p.smooth
    h[(k - 1) * m + k]! -= p.smooth
  }
  return h
}

/** Minimises the penalised log-loss on `train` by damped Newton steps until the step is below `tol`. */
export function fitGamNewton(train: Design, sizes: { offsets: number[]; size: number }, penalty: Penalty = DEFAULT_PENALTY, tol = 1e-9): NewtonFit {
  const n = sizes.size
  const mask = smoothPairs(sizes.offsets, n)
  let theta: Float64Array = new Float64Array(n)
  let b = baseLogit(train)
  const objective = (th: Float64Array, bb: number) => weightedLogLoss(train, rowLogits(train, th, bb)) + penaltyValue(th, mask, penalty)
  let current = objective(theta, b)
  let iterations = 0
  for (; iterations < 50; iterations++) {
    const z = rowLogits(train, theta, b)
    const g = lossGradient(train, z, n)
    addPenaltyGradient(g, theta, mask, penalty)
    const step = choleskySolve(hessian(train, z, n, mask, penalty), g, n + 1)
    // backtracking: Newton's full step can overshoot far from the optimum
    let t = 1
    let next = theta
    let nb = b
    let value = Infinity
    for (; t > 1e-6; t /= 2) {
      next = theta.map((x, k) => x - t * step[k]!)
      nb = b - t * step[n]!
      value = objective(next, nb)
      if (value <= current) break
    }
    const size = t * Math.sqrt(step.reduce((s, x) => s + x * x, 0))
    theta = next
    b = nb
    current = value
    if (size < tol) break
  }
  return { intercept: b, theta, objective: current, iterations }
}
